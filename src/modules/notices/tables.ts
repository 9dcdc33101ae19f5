import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../../db/schema.ts';
import { plans } from '../plans/tables.ts';
import { clockNow } from '../../platform/clock.ts';

/** The states of the `notice` life cycle (src/domain/transitions.ts). */
export type NoticeStatus = 'open' | 'confirmed' | 'cancelled';
/** `cancelled`: the notice was cancelled before its end and the candidate went back to the recommended list. */
export type NoticeCandidateStatus = 'in-notice' | 'withdrawn' | 'confirmed' | 'cancelled';
/** `lapsed`: still open when the notice was cancelled (the objector is told and may object to the new notice). */
export type ObjectionStatus = 'open' | 'investigating' | 'upheld' | 'dismissed' | 'lapsed';

/**
 * 公示 (section 四(三)): the recommended list of a plan published inside the enterprise for at least
 * 5 working days (the plan may set more); confirmed (核准) by the enterprise after the end date when
 * no objection is open.
 */
export const notices = pgTable(
  'notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    planTitle: text('plan_title'),
    planYear: integer('plan_year').notNull(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    enterprisePath: text('enterprise_path').notNull(),
    status: text('status').$type<NoticeStatus>().notNull().default('open'),
    /** First and last day ('YYYY-MM-DD', both included), counted with the working-day calendars. */
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    workingDays: integer('working_days').notNull(),
    /** Where objections go: department, person, telephone, address. */
    contact: text('contact').notNull(),
    /** The random token of the public link (/notice/<token>); kept when the link is turned off. */
    publicToken: text('public_token'),
    publicEnabled: boolean('public_enabled').notNull().default(false),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'date' }),
    confirmedBy: uuid('confirmed_by'),
    /** 撤销公示: when, by whom and why a notice was cancelled before its end. */
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
    cancelledBy: uuid('cancelled_by'),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [
    index('notices_plan_idx').on(table.planId),
    uniqueIndex('notices_public_token_idx').on(table.publicToken),
    index('notices_path_idx').using('btree', table.enterprisePath.op('text_pattern_ops')),
  ],
);

/** One candidate on a notice: what the enterprise chose to publish (never the ID number). */
export const noticeCandidates = pgTable(
  'notice_candidates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id),
    applicationId: uuid('application_id').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    /** The applicant's unit (the enterprise or its subsidiary). */
    organisationId: uuid('organisation_id').notNull(),
    organisationPath: text('organisation_path').notNull(),
    unitName: text('unit_name').notNull(),
    department: text('department'),
    occupationCode: text('occupation_code'),
    occupationName: text('occupation_name'),
    /** A summary of achievements, as the enterprise publishes it. */
    summary: text('summary').notNull(),
    status: text('status').$type<NoticeCandidateStatus>().notNull().default('in-notice'),
    withdrawnReason: text('withdrawn_reason'),
  },
  (table) => [uniqueIndex('notice_candidates_idx').on(table.noticeId, table.applicationId), index('notice_candidates_application_idx').on(table.applicationId)],
);

/** 异议: raised in the objector's real name during the notice; HR investigates and records a finding. */
export const noticeObjections = pgTable(
  'notice_objections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => noticeCandidates.id),
    /** `app`: a signed-in user; `public`: through the public link. */
    channel: text('channel').$type<'app' | 'public'>().notNull(),
    objectorUserId: uuid('objector_user_id'),
    objectorName: text('objector_name').notNull(),
    objectorContact: text('objector_contact').notNull(),
    content: text('content').notNull(),
    evidenceFileIds: uuid('evidence_file_ids').array().notNull(),
    /** SHA-256 of the look-up code given to a public objector (the code itself is never kept). */
    lookupCodeHash: text('lookup_code_hash'),
    status: text('status').$type<ObjectionStatus>().notNull().default('open'),
    /** The investigation notes, latest first in the timeline (events keep each step). */
    investigation: text('investigation'),
    /** The finding and its reasons, told to the objector. */
    findingReasons: text('finding_reasons'),
    fraud: boolean('fraud').notNull().default(false),
    unitFraud: boolean('unit_fraud').notNull().default(false),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    raisedOn: text('raised_on').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [index('notice_objections_notice_idx').on(table.noticeId), uniqueIndex('notice_objections_lookup_idx').on(table.lookupCodeHash)],
);

/** Every change of a notice, for its timeline. Append-only. */
export const noticeEvents = pgTable(
  'notice_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id),
    /** started, public-link-on, public-link-off, objection-raised, objection-investigated, objection-upheld, objection-dismissed, candidate-withdrawn, ban-recorded, suspension-recorded, cancelled, confirmed */
    act: text('act').notNull(),
    candidateId: uuid('candidate_id'),
    objectionId: uuid('objection_id'),
    comment: text('comment'),
    /** The English of a comment the system wrote (null for one a person typed: shown as typed). */
    commentEn: text('comment_en'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [index('notice_events_idx').on(table.noticeId, table.at)],
);
