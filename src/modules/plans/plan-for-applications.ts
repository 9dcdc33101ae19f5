// What the applications module (issue 5) reads of a work plan: the latest published version's
// enterprise, occupations in scope, eligibility settings, application window and quotas. Kept in
// its own file so that the plans service stays the plans engineer's; no permission is checked here
// (the caller decides who may see the plan).
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { DEFAULT_MIN_YEARS_IN_POST, enterpriseCap, quotaCap, type EnterpriseStructureRatio, type PlanKind, reReviewNoticeRequired } from '../../domain/plan-rules.ts';
import { registerCountsByOccupation } from '../register/service.ts';
import { MINIMUM_NOTICE_WORKING_DAYS } from '../../domain/working-days.ts';
import { evidenceRequirementsOf, type EvidenceRequirements } from '../../domain/application-rules.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import { plans, planVersions, type PlanStatus } from './tables.ts';

export interface PlanQuotaForApplications {
  occupationCode: string;
  maxCount: number | null;
  ratioPercent: number | null;
  seniorTechnicianCount: number | null;
  /** The most candidates the quota allows (the smaller of the count and the share), null when unset. */
  cap: number | null;
}

export interface PlanForApplications {
  id: string;
  year: number;
  kind: PlanKind;
  status: PlanStatus;
  /** The published version read. */
  version: number;
  title: string | null;
  enterprise: { id: string; path: string; name: string; creditCode: string | null };
  occupations: { code: string; name: string }[];
  eligibility: { cutoffDate: string | null; minYearsInPost: number; minYearsPolicyDocument: string | null; additionalConditions: string | null };
  /** The application window ('YYYY-MM-DD', both days included). */
  window: { from: string | null; to: string | null };
  quotas: PlanQuotaForApplications[];
  evaluationBodyId: string | null;
  /** The enterprise-wide structure ratio, if the plan sets one. */
  structureRatio: EnterpriseStructureRatio | null;
  /** Which statements need an uploaded document (the plan's choice, with the defaults of application-rules). */
  evidenceRequired: EvidenceRequirements;
  /** 公示: the notice's length in working days (at least 5) and where it is published. */
  publicity: { workingDays: number; scope: string | null; reReviewNoticeRequired: boolean };
}

/** The titles of the published plans among these (a list's column): one query, not a plan read each. */
export async function publishedPlanTitles(db: Database, planIds: readonly string[]): Promise<Map<string, string | null>> {
  const ids = planIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: plans.id, title: sql<string | null>`${planVersions.content}->>'title'` })
    .from(plans)
    .innerJoin(planVersions, and(eq(planVersions.planId, plans.id), eq(planVersions.version, plans.currentVersion)))
    .where(and(inArray(plans.id, ids), sql`${plans.status} <> 'draft'`, sql`${plans.currentVersion} >= 1`));
  return new Map(rows.map((row) => [row.id, row.title]));
}

/** The latest published version of a plan as applications see it; null for a draft or no such plan. */
export async function getPlanForApplications(db: Database, planId: string): Promise<PlanForApplications | null> {
  if (!/^[0-9a-f-]{36}$/i.test(planId)) return null;
  const [plan] = await db.select().from(plans).where(eq(plans.id, planId));
  if (!plan || plan.status === 'draft' || plan.currentVersion < 1) return null;
  const [version] = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.version, plan.currentVersion)));
  if (!version) return null;
  const [enterprise] = await findOrganisationsByIds(db, [plan.enterpriseId]);
  const content = version.content;
  return {
    id: plan.id,
    year: plan.year,
    kind: plan.kind,
    status: plan.status,
    version: version.version,
    title: content.title,
    enterprise: { id: plan.enterpriseId, path: plan.enterprisePath, name: enterprise?.name ?? '', creditCode: enterprise?.creditCode ?? null },
    occupations: content.occupations.map((code) => ({ code, name: version.names.occupations[code] ?? code })),
    eligibility: {
      cutoffDate: content.eligibility.cutoffDate,
      minYearsInPost: content.eligibility.minYearsInPost ?? DEFAULT_MIN_YEARS_IN_POST,
      minYearsPolicyDocument: content.eligibility.minYearsPolicyDocument,
      additionalConditions: content.eligibility.additionalConditions,
    },
    window: { from: content.timetable.applicationFrom, to: content.timetable.applicationTo },
    quotas: content.quotas.map((quota) => ({ ...quota, cap: quotaCap(quota) })),
    evaluationBodyId: content.organisation.evaluationBodyId,
    evidenceRequired: evidenceRequirementsOf(content.evidenceRequired),
    structureRatio: content.structureRatio ?? null,
    publicity: {
      workingDays: Math.max(content.publicity.workingDays ?? MINIMUM_NOTICE_WORKING_DAYS, MINIMUM_NOTICE_WORKING_DAYS),
      scope: content.publicity.scope,
      reReviewNoticeRequired: reReviewNoticeRequired(content),
    },
  };
}

/**
 * The caps of a plan as they apply now: each occupation's quota (its share taken of the typed
 * number of 高级技师, or else of the register's count) and the enterprise-wide cap (a share of the
 * register's 高级技师 of the enterprise and its units). Null: no cap at that level.
 */
export async function planCaps(db: Database, plan: PlanForApplications): Promise<{ byOccupation: Record<string, number | null>; enterprise: number | null; registerSeniorTechnicians: number; registerByOccupation: Record<string, number> }> {
  const counts = await registerCountsByOccupation(db, plan.enterprise.path);
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const byOccupation: Record<string, number | null> = {};
  for (const occupation of plan.occupations) {
    const quota = plan.quotas.find((entry) => entry.occupationCode === occupation.code);
    byOccupation[occupation.code] = quota ? quotaCap({ ...quota, seniorTechnicianCount: quota.seniorTechnicianCount ?? counts[occupation.code] ?? 0 }) : null;
  }
  return { byOccupation, enterprise: enterpriseCap(plan.structureRatio, total), registerSeniorTechnicians: total, registerByOccupation: counts };
}
