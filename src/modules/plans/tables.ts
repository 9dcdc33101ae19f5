import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { PlanContent, PlanKind, PlanNames } from '../../domain/plan-rules.ts';
import { organisations } from '../../db/schema.ts';
import { clockNow } from '../../platform/clock.ts';

export type PlanStatus = 'draft' | 'published' | 'closed';
export type PlanFilingStatus = 'submitted' | 'accepted' | 'returned';

/**
 * 工作方案: an enterprise's work plan for a pilot year. `content` is the working copy the
 * enterprise edits; each publication freezes it as a new row of plan_versions.
 */
export const plans = pgTable(
  'plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    enterprisePath: text('enterprise_path').notNull(),
    year: integer('year').notNull(),
    kind: text('kind').$type<PlanKind>().notNull(),
    status: text('status').$type<PlanStatus>().notNull(),
    content: jsonb('content').$type<PlanContent>().notNull(),
    /** Raised by every save: a save that names an older revision is refused (two editors at once). */
    revision: integer('revision').notNull().default(1),
    /** The latest published version (0 while a draft). */
    currentVersion: integer('current_version').notNull().default(0),
    /** 报送备案: the supervising department the plan was filed with, when, and which version. */
    filedWithId: uuid('filed_with_id').references(() => organisations.id),
    filedAt: timestamp('filed_at', { withTimezone: true, mode: 'date' }),
    filedVersion: integer('filed_version'),
    /**
     * The department's answer to the filing (life cycle `planFiling`): submitted → accepted |
     * returned; filing a later version submits again. Null until the plan is filed.
     */
    filingStatus: text('filing_status').$type<PlanFilingStatus>(),
    filingDecidedAt: timestamp('filing_decided_at', { withTimezone: true, mode: 'date' }),
    filingDecidedBy: uuid('filing_decided_by'),
    filingDecisionNote: text('filing_decision_note'),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    closeReason: text('close_reason'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow).$onUpdateFn(clockNow),
  },
  (table) => [
    uniqueIndex('plans_enterprise_year_kind_idx').on(table.enterpriseId, table.year, table.kind),
    index('plans_path_idx').using('btree', table.enterprisePath.op('text_pattern_ops')),
  ],
);

/** The published versions of a plan; a row is never changed once written. */
export const planVersions = pgTable(
  'plan_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    content: jsonb('content').$type<PlanContent>().notNull(),
    /** Occupation and evaluation body names as they were at publication. */
    names: jsonb('names').$type<PlanNames>().notNull(),
    changeNote: text('change_note'),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    publishedBy: uuid('published_by'),
    publishedByName: text('published_by_name'),
  },
  (table) => [uniqueIndex('plan_versions_plan_version_idx').on(table.planId, table.version)],
);
