import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../../db/schema.ts';
import { clockNow } from '../../platform/clock.ts';

export type BanSubjectType = 'person' | 'unit';
/** The states of the `ban` life cycle (src/domain/transitions.ts). */
export type BanStatus = 'effective' | 'lifted';

/**
 * 禁入记录 (section 六(四)): an applicant or a reporting unit found to have falsified material may
 * not apply or take part in 特级技师 review for five years. Kept by the keyed hash of the identity
 * number (persons) or of the unified social credit code (units), so that the check works across
 * the whole jurisdiction without storing the number in clear.
 */
export const bans = pgTable(
  'bans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectType: text('subject_type').$type<BanSubjectType>().notNull(),
    /** For persons: the identity document type (part of the hash); for units `credit-code`. */
    idType: text('id_type').notNull(),
    /** lookupHash(idType, number): how every check finds the ban. */
    subjectLookupHash: text('subject_lookup_hash').notNull(),
    /** The number encrypted (personal-data key), for the record; never shown unmasked in lists. */
    subjectNumberEncrypted: text('subject_number_encrypted').notNull(),
    subjectNumberMasked: text('subject_number_masked').notNull(),
    subjectName: text('subject_name').notNull(),
    /** The finding the ban rests on (e.g. 申报材料弄虚作假，经核实…). */
    basis: text('basis').notNull(),
    /** First day of the ban ('YYYY-MM-DD'). */
    fromDate: text('from_date').notNull(),
    /** Last day of the ban, inclusive: five years after fromDate, less one day. */
    untilDate: text('until_date').notNull(),
    /** The year whose evaluation the subject lost the right to take part in. */
    yearDisqualified: integer('year_disqualified').notNull(),
    /** What the ban came from (e.g. `application`, `certificate`), for the record. */
    sourceType: text('source_type'),
    sourceId: uuid('source_id'),
    /** The organisation that recorded it: decides who may list it. */
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    organisationPath: text('organisation_path').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    /** `lifted` once the supervising department lifted it (the reason below); an effective ban runs from its first to its last day. */
    status: text('status').$type<BanStatus>().notNull().default('effective'),
    liftedOn: text('lifted_on'),
    liftReason: text('lift_reason'),
  },
  (table) => [
    index('bans_subject_idx').on(table.subjectLookupHash, table.untilDate),
    index('bans_path_idx').using('btree', table.organisationPath.op('text_pattern_ops')),
  ],
);

/** What a supervising department changed in a ban (更正 or 撤销), with its reason. Append-only. */
export const banChanges = pgTable(
  'ban_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    banId: uuid('ban_id')
      .notNull()
      .references(() => bans.id),
    /** `corrected` (basis or dates) or `lifted`. */
    act: text('act').$type<'corrected' | 'lifted'>().notNull(),
    reason: text('reason').notNull(),
    before: jsonb('before').$type<Record<string, unknown>>().notNull(),
    after: jsonb('after').$type<Record<string, unknown>>().notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    organisationName: text('organisation_name'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [index('ban_changes_ban_idx').on(table.banId, table.at)],
);

/** The states of the `suspension` life cycle. */
export type SuspensionStatus = 'effective' | 'lifted';

/**
 * 暂停评审 (申报单位弄虚作假, section 六(四)): a supervising department suspends an enterprise's
 * evaluation (it and the organisations below it) for a period with its findings: no plan, review,
 * notice, confirmation or issuance while it runs. An upheld notice objection with unit fraud
 * records one too (until the unit's ban ends), which the department may lift.
 */
export const suspensions = pgTable(
  'suspensions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    enterprisePath: text('enterprise_path').notNull(),
    enterpriseName: text('enterprise_name').notNull(),
    /** First and last day ('YYYY-MM-DD', both included). */
    fromDate: text('from_date').notNull(),
    untilDate: text('until_date').notNull(),
    findings: text('findings').notNull(),
    evidenceFileIds: uuid('evidence_file_ids').array().notNull(),
    status: text('status').$type<SuspensionStatus>().notNull().default('effective'),
    /** `department` (its own act) or `notice-objection` (an upheld objection with unit fraud). */
    sourceType: text('source_type').notNull(),
    sourceId: uuid('source_id'),
    /** The organisation that decided it (the department, or the enterprise whose notice found it). */
    decidedById: uuid('decided_by_id').notNull(),
    decidedByName: text('decided_by_name').notNull(),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    liftedOn: text('lifted_on'),
    liftReason: text('lift_reason'),
    liftedBy: uuid('lifted_by'),
    liftedByName: text('lifted_by_name'),
  },
  (table) => [index('suspensions_path_idx').using('btree', table.enterprisePath.op('text_pattern_ops')), index('suspensions_until_idx').on(table.untilDate)],
);
