import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { EvidenceClaimKind } from '../../domain/evidence-claims.ts';
import type { StateOf } from '../../domain/transitions.ts';

export type EvidenceFlagSideStatus = StateOf<'evidenceFlagSide'>;

/**
 * 证明材料指纹: what one submitted application claims with its evidence, as of its latest submitted
 * version (each submission replaces the application's rows). `value` is the SHA-256 of a file's
 * bytes, or the keyed look-up hash of a certificate or award number (the number itself is not kept
 * here; `display` holds it masked). Compared across every enterprise by (kind, value).
 */
export const evidenceFingerprints = pgTable(
  'evidence_fingerprints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id').notNull(),
    version: integer('version').notNull(),
    /** The applicant (the application's ID look-up hash): one person is never compared with themselves. */
    applicantKey: text('applicant_key').notNull(),
    /** Where the application stands (copied from it; they never change): a flag's sides are seen by these scopes. */
    organisationId: uuid('organisation_id').notNull(),
    organisationPath: text('organisation_path').notNull(),
    planEnterpriseId: uuid('plan_enterprise_id').notNull(),
    planEnterprisePath: text('plan_enterprise_path').notNull(),
    kind: text('kind').$type<EvidenceClaimKind>().notNull(),
    value: text('value').notNull(),
    /** Where in the form: `qualification`, `achievements.0`, `honours.china-skills-award` … (the first place it is claimed). */
    field: text('field').notNull(),
    /** For a file: the file row the application refers to. */
    fileId: uuid('file_id'),
    /** For a file: its name; for a number: the number masked (maskClaimedNumber). */
    display: text('display').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [uniqueIndex('evidence_fingerprints_claim_idx').on(table.applicationId, table.kind, table.value), index('evidence_fingerprints_value_idx').on(table.kind, table.value)],
);

/**
 * 疑似重复使用的证明材料: two applications of two different applicants claim the same file or the
 * same number. A suspicion for people to decide, never a finding: each side's HR (or a department
 * above it) clears its own side with a reason, or finds fraud through the fraud module (六(四)),
 * whose finding the flag then shows. One row per pair and claim; `firstApplicationId` <
 * `secondApplicationId`, so that the pair is recorded once whichever submits last.
 */
export const evidenceFlags = pgTable(
  'evidence_flags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<EvidenceClaimKind>().notNull(),
    value: text('value').notNull(),
    /** The file's SHA-256 (shown shortened), or the number masked. */
    display: text('display').notNull(),
    firstApplicationId: uuid('first_application_id').notNull(),
    secondApplicationId: uuid('second_application_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [uniqueIndex('evidence_flags_pair_idx').on(table.kind, table.value, table.firstApplicationId, table.secondApplicationId), index('evidence_flags_created_idx').on(table.createdAt)],
);

/**
 * One side of a flag: an application, where it stands in the organisation tree (who may see it:
 * the applicant's enterprise, the plan's enterprise and the departments above them) and what its
 * people decided about it (the `evidenceFlagSide` life cycle).
 */
export const evidenceFlagSides = pgTable(
  'evidence_flag_sides',
  {
    flagId: uuid('flag_id')
      .notNull()
      .references(() => evidenceFlags.id),
    applicationId: uuid('application_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    organisationPath: text('organisation_path').notNull(),
    planEnterpriseId: uuid('plan_enterprise_id').notNull(),
    planEnterprisePath: text('plan_enterprise_path').notNull(),
    /** Where in this side's form the claim stands, and (a file) its name there. */
    field: text('field').notNull(),
    fileId: uuid('file_id'),
    fileName: text('file_name'),
    status: text('status').$type<EvidenceFlagSideStatus>().notNull(),
    note: text('note'),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    primaryKey({ columns: [table.flagId, table.applicationId] }),
    index('evidence_flag_sides_application_idx').on(table.applicationId),
    index('evidence_flag_sides_org_path_idx').using('btree', table.organisationPath.op('text_pattern_ops')),
    index('evidence_flag_sides_plan_path_idx').using('btree', table.planEnterprisePath.op('text_pattern_ops')),
  ],
);
