import { integer, pgTable, primaryKey, text, uuid, index } from 'drizzle-orm/pg-core';

// Running counts of the applications, kept by the database itself (statement-level triggers on
// `applications`, migration 0018_application_tallies), so that a dashboard over half a million
// applications reads tens of thousands of counts, not every application (issue 23,
// `statistics-national`). The triggers run inside the statement that changes an application, so the
// counts are always those of the committed applications: no refresh, no lag, no second writer.
//
// Nobody writes these tables but the triggers; `test/integration/application-tallies.test.ts`
// recounts them from the applications after the demo's whole year and compares.

/**
 * Applications per plan (whose year is the pilot year), applicant's own enterprise, status and
 * occupation ('' where none is given). A count falls to 0 rather than being deleted; readers skip zeros.
 */
export const applicationTallies = pgTable(
  'application_tallies',
  {
    planId: uuid('plan_id').notNull(),
    year: integer('year').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    organisationPath: text('organisation_path').notNull(),
    status: text('status').notNull(),
    occupationCode: text('occupation_code').notNull(),
    n: integer('n').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.planId, table.organisationId, table.status, table.occupationCode] }),
    index('application_tallies_path_idx').on(table.year, table.organisationPath.op('text_pattern_ops')),
  ],
);

/**
 * The breakdowns' counts (occupation, birth year, gender) of a pilot year per applicant's own
 * enterprise: how many applications were made (`applications`), got as far as eligible
 * (`eligible`) and were confirmed (`confirmed`), with the stages of STATUSES_REACHING
 * (src/domain/statistics-rules.ts), held in `application_stage_statuses`. `value` is '' where the
 * application does not say (no occupation, no birth date, no gender).
 */
export const applicationBreakdownTallies = pgTable(
  'application_breakdown_tallies',
  {
    year: integer('year').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    organisationPath: text('organisation_path').notNull(),
    /** 'occupation' | 'birth-year' | 'gender'. */
    dimension: text('dimension').notNull(),
    value: text('value').notNull(),
    applications: integer('applications').notNull(),
    eligible: integer('eligible').notNull(),
    confirmed: integer('confirmed').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.year, table.organisationId, table.dimension, table.value] }),
    index('application_breakdown_tallies_path_idx').on(table.year, table.organisationPath.op('text_pattern_ops')),
  ],
);

/**
 * Which statuses reach which stage (STATUSES_REACHING), for the triggers.
 * `test/integration/application-tallies.test.ts` checks that it holds exactly STATUSES_REACHING: a
 * change of the rule needs a migration that rewrites it and recounts (as 0018 counts).
 */
export const applicationStageStatuses = pgTable(
  'application_stage_statuses',
  {
    stage: text('stage').notNull(),
    status: text('status').notNull(),
  },
  (table) => [primaryKey({ columns: [table.stage, table.status] })],
);
