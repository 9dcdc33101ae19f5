import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../db/schema.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** A job's error as the API shows it: a stable code and the message in both languages. */
export interface JobError {
  code: string;
  messages: { 'zh-CN': string; en: string };
}

/**
 * Long work (imports, batch issuance, exports) recorded in the database, so that its progress is
 * visible to every app process and its result survives a restart. See platform/jobs.ts.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    status: text('status').$type<JobStatus>().notNull().default('queued'),
    /** The version of the payload's shape, so that a handler can read payloads queued by an older release. */
    payloadVersion: integer('payload_version').notNull().default(1),
    payload: jsonb('payload').notNull(),
    result: jsonb('result'),
    error: jsonb('error').$type<JobError>(),
    /** What went wrong inside, for operators; never shown through the API. */
    errorDetail: text('error_detail'),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total'),
    createdBy: uuid('created_by').references(() => users.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    organisationPath: text('organisation_path').notNull(),
    /** A retried request with the same key (per kind and organisation) gets the job already made. */
    idempotencyKey: text('idempotency_key'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    /** Changes at every claim: a runner whose job was taken from it can no longer write to it. */
    leaseToken: uuid('lease_token'),
    /** The process running it (host:pid), for operators. */
    runner: text('runner'),
    runAfter: timestamp('run_after', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true, mode: 'date' }),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('jobs_idempotency_idx').on(table.kind, table.organisationId, table.idempotencyKey),
    index('jobs_queue_idx').on(table.runAfter, table.createdAt).where(sql`${table.status} = 'queued'`),
    index('jobs_running_idx').on(table.heartbeatAt).where(sql`${table.status} = 'running'`),
    index('jobs_org_path_idx').using('btree', table.organisationPath.op('text_pattern_ops')),
  ],
);
