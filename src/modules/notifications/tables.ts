import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../db/schema.ts';
import { clockNow } from '../../platform/clock.ts';

export interface NotificationText {
  'zh-CN': string;
  en: string;
}

/**
 * In-app notifications (站内消息): one row per recipient. Written by the use case that causes it,
 * in its own transaction; read and marked read by the recipient only.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** What happened, e.g. `application.returned`: the page picks an icon by it. */
    kind: text('kind').notNull(),
    title: jsonb('title').$type<NotificationText>().notNull(),
    body: jsonb('body').$type<NotificationText>().notNull(),
    /** Where the page goes when the notification is opened, e.g. `/my-applications`. */
    link: text('link'),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [
    index('notifications_user_idx').on(table.userId, table.createdAt),
    index('notifications_unread_idx').on(table.userId).where(sql`${table.readAt} is null`),
  ],
);
