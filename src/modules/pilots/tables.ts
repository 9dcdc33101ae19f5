import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../../db/schema.ts';
import type { EvaluationModel, JurisdictionLevel } from '../../domain/jurisdiction-rules.ts';
import type { Fraction } from '../../domain/plan-rules.ts';
import type { PilotApplicationStatus } from './schemas.ts';
import { clockNow } from '../../platform/clock.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow);
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow).$onUpdateFn(clockNow);

/**
 * 评聘工作设置: who may evaluate in a jurisdiction and year, and the committee limits plans keep
 * there (issue 21). One row per organisation and year: the ministry's row is the national default,
 * a provincial department's row its own area's. A year without any row runs the filed-enterprise
 * model (二(一)) without limits (src/domain/jurisdiction-rules.ts).
 */
export const jurisdictionSettings = pgTable(
  'jurisdiction_settings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The ministry (national) or a provincial department (its area). */
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    organisationPath: text('organisation_path').notNull(),
    level: text('level').$type<JurisdictionLevel>().notNull(),
    year: integer('year').notNull(),
    /** Null: the level above decides. */
    model: text('model').$type<EvaluationModel>(),
    /** The model's filing deadline ('YYYY-MM-DD', China's calendar). */
    deadline: text('deadline'),
    committeeMinimumSize: integer('committee_minimum_size'),
    committeeOddRequired: boolean('committee_odd_required'),
    committeeQuorumFloor: jsonb('committee_quorum_floor').$type<Fraction>(),
    committeeThresholdFloor: jsonb('committee_threshold_floor').$type<Fraction>(),
    note: text('note'),
    updatedAt: updatedAt(),
    updatedBy: uuid('updated_by'),
  },
  (table) => [uniqueIndex('jurisdiction_settings_organisation_year_idx').on(table.organisationId, table.year), index('jurisdiction_settings_year_idx').on(table.year)],
);

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
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    /** create, update, submit, accept, return, amend (the accepting body changed the accepted list). */
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
