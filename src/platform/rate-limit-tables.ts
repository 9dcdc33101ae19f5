import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Request counters shared by every app process (src/platform/rate-limit.ts): one row per key (what
 * is limited and for whom: a route and a client address) and fixed time window, raised by an
 * atomic upsert. Rows of windows that have ended are deleted now and then.
 */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
    count: integer('count').notNull(),
    /** The end of the window: the row is worthless after it. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.key, table.windowStart] }), index('rate_limit_counters_expires_idx').on(table.expiresAt)],
);
