import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ApplicationContent, EvidenceRef, StoredEligibility } from '../../domain/application-rules.ts';
import { organisations } from '../../db/schema.ts';
import { plans } from '../plans/tables.ts';
import { clockNow } from '../../platform/clock.ts';

/** The states of the `application` life cycle (src/domain/transitions.ts). */
export type ApplicationStatus =
  | 'draft'
  | 'submitted'
  | 'returned'
  | 'ineligible'
  | 'eligible'
  | 'in-review'
  | 'recommended'
  | 'not-recommended'
  | 'in-notice'
  | 'withdrawn'
  | 'confirmed'
  | 'certified'
  | 'appointed'
  | 'exited'
  /** 取消本年度评审资格: fraud found at some step (六(四)); terminal. */
  | 'disqualified';

/**
 * 申报: one person's application within a work plan. `content` is the working copy the applicant
 * edits; each submission freezes it as a row of application_versions. One application per person
 * per plan (by the lookup hash of the ID number, and by user account).
 */
export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    /** The plan's enterprise: its HR screens the application. */
    planEnterpriseId: uuid('plan_enterprise_id').notNull(),
    planEnterprisePath: text('plan_enterprise_path').notNull(),
    /** The applicant's own enterprise (the plan's, or a subsidiary covered by a group plan). */
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    organisationPath: text('organisation_path').notNull(),
    applicantUserId: uuid('applicant_user_id'),
    employeeId: uuid('employee_id'),
    name: text('name').notNull(),
    idType: text('id_type').notNull(),
    idNumberEncrypted: text('id_number_encrypted').notNull(),
    idLookupHash: text('id_lookup_hash').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    /** From the content, for filters and quotas. */
    occupationCode: text('occupation_code'),
    status: text('status').$type<ApplicationStatus>().notNull(),
    content: jsonb('content').$type<ApplicationContent>().notNull(),
    /** Raised by every save: a save naming an older revision is refused. */
    revision: integer('revision').notNull().default(1),
    /** The latest submitted version (0 while never submitted). */
    currentVersion: integer('current_version').notNull().default(0),
    /** The rules core's result for the current version. */
    eligibility: jsonb('eligibility').$type<StoredEligibility>(),
    /** Priority condition met (for sorting the screened list). */
    priority: boolean('priority').notNull().default(false),
    returnComment: text('return_comment'),
    decisionReason: text('decision_reason'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow).$onUpdateFn(clockNow),
  },
  (table) => [
    uniqueIndex('applications_plan_person_idx').on(table.planId, table.idLookupHash),
    uniqueIndex('applications_plan_user_idx').on(table.planId, table.applicantUserId).where(sql`${table.applicantUserId} is not null`),
    // HR's list of a plan: by status, in the list's order, so that a page is read off the index
    // (no sort of every application of the plan); also serves look-ups by plan and status.
    // The columns after the id do not change the order (the id is unique): they let a filtered
    // page's ids be read from the index alone (occupation, scope), so deep pages skip index entries,
    // not rows.
    index('applications_plan_list_idx').on(table.planId, table.status, table.submittedAt.desc().nullsLast(), table.name, table.id, table.occupationCode, table.organisationPath, table.planEnterprisePath),
    index('applications_path_idx').using('btree', table.organisationPath.op('text_pattern_ops')),
    index('applications_user_idx').on(table.applicantUserId),
  ],
);

/** A submitted version of an application: never changed once written. */
export const applicationVersions = pgTable(
  'application_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    idType: text('id_type').notNull(),
    idNumberEncrypted: text('id_number_encrypted').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    content: jsonb('content').$type<ApplicationContent>().notNull(),
    eligibility: jsonb('eligibility').$type<StoredEligibility>().notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    submittedBy: uuid('submitted_by'),
    submittedByName: text('submitted_by_name'),
  },
  (table) => [uniqueIndex('application_versions_idx').on(table.applicationId, table.version)],
);

/**
 * HR's review of one condition of one submitted version: confirms the rules core's result or
 * overrides it, with a written reason. Append-only: the latest row per condition counts.
 */
export const applicationConditionReviews = pgTable(
  'application_condition_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    version: integer('version').notNull(),
    conditionId: text('condition_id').notNull(),
    /** What the rules core said. */
    automaticMet: boolean('automatic_met').notNull(),
    decision: text('decision').$type<'confirmed' | 'overridden' | 'decided'>().notNull(),
    /** The result that counts after the review. */
    met: boolean('met').notNull(),
    reason: text('reason'),
    reviewerId: uuid('reviewer_id'),
    reviewerName: text('reviewer_name'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [index('application_condition_reviews_idx').on(table.applicationId, table.version, table.conditionId)],
);

/**
 * 更正事实: HR corrected a fact the rules decide by (the qualification, the post's start, the
 * occupation) with evidence; the rules ran again on the corrected facts. Append-only: shown to the
 * committee and the supervising department with what it was before.
 */
export const applicationFactCorrections = pgTable(
  'application_fact_corrections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    version: integer('version').notNull(),
    /** The basic conditions whose facts changed. */
    conditionIds: text('condition_ids').array().notNull(),
    before: jsonb('before').$type<Record<string, unknown>>().notNull(),
    after: jsonb('after').$type<Record<string, unknown>>().notNull(),
    note: text('note').notNull(),
    evidence: jsonb('evidence').$type<EvidenceRef[]>().notNull(),
    correctorId: uuid('corrector_id'),
    correctorName: text('corrector_name'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('application_fact_corrections_idx').on(table.applicationId, table.at)],
);

/** Every step of an application, for the applicant's timeline. Append-only. */
export const applicationEvents = pgTable(
  'application_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    /** created, saved, submitted, condition-reviewed, returned, marked-eligible, marked-ineligible, … */
    act: text('act').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    version: integer('version'),
    comment: text('comment'),
    /** The English of a comment the system wrote (null for one a person typed: shown as typed). */
    commentEn: text('comment_en'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [index('application_events_idx').on(table.applicationId, table.at)],
);

/** HR invited a register employee to apply under a plan. */
export const applicationInvitations = pgTable(
  'application_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    employeeId: uuid('employee_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    organisationPath: text('organisation_path').notNull(),
    userId: uuid('user_id'),
    invitedBy: uuid('invited_by'),
    invitedByName: text('invited_by_name'),
    invitedAt: timestamp('invited_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [uniqueIndex('application_invitations_idx').on(table.planId, table.employeeId), index('application_invitations_user_idx').on(table.userId)],
);

/** 移交: HR handed the screened list of a plan to its evaluation body (考评机构). */
export const applicationHandovers = pgTable(
  'application_handovers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    evaluationBodyId: uuid('evaluation_body_id'),
    applicationIds: uuid('application_ids').array().notNull(),
    note: text('note'),
    handedOverBy: uuid('handed_over_by'),
    handedOverByName: text('handed_over_by_name'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [index('application_handovers_plan_idx').on(table.planId, table.at)],
);
