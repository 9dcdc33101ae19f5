import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../../db/schema.ts';
import type { PilotApplicationStatus } from './schemas.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

/** A pilot year's deadline for applications (六(一)), when the ministry set one; otherwise 30 September. */
export const pilotYears = pgTable('pilot_years', {
  year: integer('year').primaryKey(),
  /** The last day ('YYYY-MM-DD', China's calendar) on which an application may be submitted. */
  deadline: text('deadline').notNull(),
  note: text('note'),
  updatedAt: updatedAt(),
  updatedBy: uuid('updated_by'),
});

/** 试点申请: a supervising department's application for a year, with the enterprises it puts forward. */
export const pilotApplications = pgTable(
  'pilot_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => organisations.id),
    /** The department's path, so that scope is one prefix match. */
    departmentPath: text('department_path').notNull(),
    year: integer('year').notNull(),
    status: text('status').$type<PilotApplicationStatus>().notNull(),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    remarks: text('remarks'),
    /** The ministry's reason of the latest return. */
    returnReason: text('return_reason'),
    /** The ministry's note of acceptance. */
    decisionNote: text('decision_note'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('pilot_applications_department_year_idx').on(table.departmentId, table.year),
    index('pilot_applications_path_idx').using('btree', table.departmentPath.op('text_pattern_ops')),
    index('pilot_applications_year_status_idx').on(table.year, table.status),
  ],
);

/** The enterprises an application puts forward. */
export const pilotApplicationEnterprises = pgTable(
  'pilot_application_enterprises',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => pilotApplications.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
  },
  (table) => [primaryKey({ columns: [table.applicationId, table.enterpriseId] }), index('pilot_application_enterprises_enterprise_idx').on(table.enterpriseId)],
);

/** Every change of an application's state, as both sides see it (the audit log holds the same, hash-chained). */
export const pilotApplicationHistory = pgTable(
  'pilot_application_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => pilotApplications.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** create, update, submit, accept, return. */
    act: text('act').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    /** The reason of a return, the note of an acceptance. */
    note: text('note'),
  },
  (table) => [index('pilot_application_history_application_idx').on(table.applicationId, table.at)],
);
