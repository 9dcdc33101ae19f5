import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ConflictReason, Vote } from '../../domain/review-rules.ts';
import type { Aggregation, Fraction, ScoringDimension } from '../../domain/plan-rules.ts';
import { clockNow } from '../../platform/clock.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow);

/**
 * 委托评审: the enterprise commissioned an evaluation body (its own 考评机构 or an industry
 * organisation) to review the applicants of a plan. The body sees a plan only through this record.
 */
export const reviewCommissions = pgTable(
  'review_commissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    enterpriseId: uuid('enterprise_id').notNull(),
    enterprisePath: text('enterprise_path').notNull(),
    bodyId: uuid('body_id').notNull(),
    bodyPath: text('body_path').notNull(),
    planTitle: text('plan_title'),
    enterpriseName: text('enterprise_name').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('review_commissions_plan_body_idx').on(table.planId, table.bodyId), index('review_commissions_body_idx').using('btree', table.bodyPath.op('text_pattern_ops'))],
);

/** 专家库: an evaluation body's expert, optionally linked to an `expert` user account. */
export const reviewExperts = pgTable(
  'review_experts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bodyId: uuid('body_id').notNull(),
    bodyPath: text('body_path').notNull(),
    name: text('name').notNull(),
    occupationCode: text('occupation_code'),
    title: text('title'),
    organisationName: text('organisation_name'),
    userId: uuid('user_id'),
    /** The expert's ID number, for finding them in an enterprise's register (conflicts). */
    idType: text('id_type'),
    idNumberEncrypted: text('id_number_encrypted'),
    idLookupHash: text('id_lookup_hash'),
    idNumberMasked: text('id_number_masked'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (table) => [index('review_experts_body_idx').using('btree', table.bodyPath.op('text_pattern_ops')), uniqueIndex('review_experts_user_idx').on(table.userId)],
);

export type CommitteeStatus = 'forming' | 'scoring' | 'voting' | 'closed';

/** The plan's review rules as they were when the committee started (the plan may be revised later). */
export interface CommitteeRules {
  dimensions: ScoringDimension[];
  aggregation: Aggregation;
  quorum: Fraction;
  voteThreshold: Fraction;
  secretBallot: boolean;
  /** Quota cap per occupation code of the group (null: no cap). */
  caps: Record<string, number | null>;
  /** The enterprise-wide cap across every occupation (absent or null: none). */
  enterpriseCap?: number | null;
}

/** 评审委员会: one committee per occupation group of a plan and review round. */
export const reviewCommittees = pgTable(
  'review_committees',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    commissionId: uuid('commission_id')
      .notNull()
      .references(() => reviewCommissions.id),
    planId: uuid('plan_id').notNull(),
    bodyId: uuid('body_id').notNull(),
    bodyPath: text('body_path').notNull(),
    enterprisePath: text('enterprise_path').notNull(),
    name: text('name').notNull(),
    occupationCodes: text('occupation_codes').array().notNull(),
    round: integer('round').notNull().default(1),
    /** Why a new round was opened (null for the first). */
    roundReason: text('round_reason'),
    status: text('status').$type<CommitteeStatus>().notNull(),
    rules: jsonb('rules').$type<CommitteeRules>(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    scoringClosedAt: timestamp('scoring_closed_at', { withTimezone: true, mode: 'date' }),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    closedBy: uuid('closed_by'),
    closedByName: text('closed_by_name'),
    minutesFileId: uuid('minutes_file_id'),
    listFileId: uuid('list_file_id'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (table) => [index('review_committees_plan_idx').on(table.planId), index('review_committees_body_idx').using('btree', table.bodyPath.op('text_pattern_ops'))],
);

export const reviewMembers = pgTable(
  'review_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    committeeId: uuid('committee_id')
      .notNull()
      .references(() => reviewCommittees.id),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => reviewExperts.id),
    isChair: boolean('is_chair').notNull().default(false),
    /** Present at the meeting (quorum); the body admin or the chair records absences before the vote closes. */
    present: boolean('present').notNull().default(true),
  },
  (table) => [uniqueIndex('review_members_idx').on(table.committeeId, table.expertId)],
);

/** An applicant under review, as screened (a copy taken when the review started). */
export const reviewCandidates = pgTable(
  'review_candidates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    committeeId: uuid('committee_id')
      .notNull()
      .references(() => reviewCommittees.id),
    applicationId: uuid('application_id').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    occupationCode: text('occupation_code').notNull(),
    department: text('department'),
    priority: boolean('priority').notNull(),
    /** The screened application's content (achievements, honours, evidence references). */
    content: jsonb('content').notNull(),
    evidenceFileIds: uuid('evidence_file_ids').array().notNull(),
  },
  (table) => [uniqueIndex('review_candidates_idx').on(table.committeeId, table.applicationId)],
);

/** 回避: an expert recuses from an applicant, declared or detected from the data. */
export const reviewRecusals = pgTable(
  'review_recusals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    committeeId: uuid('committee_id')
      .notNull()
      .references(() => reviewCommittees.id),
    expertId: uuid('expert_id').notNull(),
    applicationId: uuid('application_id').notNull(),
    reason: text('reason').$type<ConflictReason>().notNull(),
    source: text('source').$type<'declared' | 'detected'>().notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('review_recusals_idx').on(table.committeeId, table.expertId, table.applicationId, table.reason)],
);

/** One expert's scores of one applicant, per dimension (0–100), with comments. Hidden from others until scoring closes. */
export const reviewScores = pgTable(
  'review_scores',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    committeeId: uuid('committee_id')
      .notNull()
      .references(() => reviewCommittees.id),
    applicationId: uuid('application_id').notNull(),
    expertId: uuid('expert_id').notNull(),
    scores: jsonb('scores').$type<Record<string, number>>().notNull(),
    comment: text('comment'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow).$onUpdateFn(clockNow),
  },
  (table) => [uniqueIndex('review_scores_idx').on(table.committeeId, table.applicationId, table.expertId)],
);

/** A ballot. Secret: the expert is kept only to refuse a second ballot; nobody else is shown who voted how. */
export const reviewVotes = pgTable(
  'review_votes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    committeeId: uuid('committee_id')
      .notNull()
      .references(() => reviewCommittees.id),
    applicationId: uuid('application_id').notNull(),
    expertId: uuid('expert_id').notNull(),
    vote: text('vote').$type<Vote>().notNull(),
    castAt: timestamp('cast_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [uniqueIndex('review_votes_idx').on(table.committeeId, table.applicationId, table.expertId)],
);

/** The result per applicant fixed when the chair closed the review; never changed afterwards. */
export const reviewResults = pgTable(
  'review_results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    committeeId: uuid('committee_id')
      .notNull()
      .references(() => reviewCommittees.id),
    applicationId: uuid('application_id').notNull(),
    name: text('name').notNull(),
    occupationCode: text('occupation_code').notNull(),
    priority: boolean('priority').notNull(),
    score: doublePrecision('score'),
    byDimension: jsonb('by_dimension').$type<Record<string, number | null>>().notNull(),
    members: integer('members').notNull(),
    recused: integer('recused').notNull(),
    present: integer('present').notNull(),
    approve: integer('approve').notNull(),
    disapprove: integer('disapprove').notNull(),
    abstain: integer('abstain').notNull(),
    quorumMet: boolean('quorum_met').notNull(),
    thresholdMet: boolean('threshold_met').notNull(),
    rank: integer('rank').notNull(),
    recommended: boolean('recommended').notNull(),
  },
  (table) => [uniqueIndex('review_results_idx').on(table.committeeId, table.applicationId)],
);
