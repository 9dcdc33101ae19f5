// What the review module (issue 6) reads of a work plan: the latest published version's scoring
// dimensions, aggregation, committee rules, organisation form and quotas. Kept in its own file so
// that the plans service stays the plans engineer's; no permission is checked here (the caller
// decides who may see the plan).
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { DEFAULT_COMMITTEE_RULES, DEFAULT_DIMENSIONS, planDeviations, TWO_THIRDS, type PlanContent, type PlanDeviation } from '../../domain/plan-rules.ts';
import { AppError } from '../../platform/errors.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import { getPlanForApplications, type PlanForApplications } from './plan-for-applications.ts';
import { enterpriseContext, loadPlan, planStanding } from './plan-support.ts';
import { planVersions } from './tables.ts';

export interface PlanForReview extends PlanForApplications {
  evaluation: PlanContent['evaluation'];
  organisationForm: PlanContent['organisation']['form'];
  committee: PlanContent['committee'];
}

/** The latest published version of a plan with its review rules; null for a draft or no such plan. */
export async function getPlanForReview(db: Database, planId: string): Promise<PlanForReview | null> {
  const plan = await getPlanForApplications(db, planId);
  if (!plan) return null;
  const [version] = await db
    .select({ content: planVersions.content })
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.version, plan.version)));
  if (!version) return null;
  const content = version.content;
  return {
    ...plan,
    evaluation: {
      method: content.evaluation?.method ?? null,
      dimensions: content.evaluation?.dimensions?.length ? content.evaluation.dimensions : DEFAULT_DIMENSIONS.map((dimension) => ({ ...dimension })),
      aggregation: content.evaluation?.aggregation ?? 'mean',
    },
    organisationForm: content.organisation?.form ?? null,
    committee: {
      size: content.committee?.size ?? null,
      // A version published before the plan set these keeps the rules of its time: at least 5, odd.
      minimumSize: content.committee?.minimumSize === undefined ? DEFAULT_COMMITTEE_RULES.minimumSize : content.committee.minimumSize,
      oddSize: content.committee?.oddSize ?? DEFAULT_COMMITTEE_RULES.oddSize,
      quorum: content.committee?.quorum ?? { ...TWO_THIRDS },
      voteThreshold: content.committee?.voteThreshold ?? { ...TWO_THIRDS },
      secretBallot: content.committee?.secretBallot ?? true,
    },
  };
}

/**
 * Refuses to commission the review of a plan whose jurisdiction's model is not satisfied: the
 * enterprise must still be allowed to evaluate (filed under 二(一), or on an accepted pilot list
 * under the ministry-filing model), and under the provincial-plan-filing model the latest
 * version of the plan must be filed with and accepted by the supervising department.
 */
export async function assertReviewMayStart(db: Database, planId: string): Promise<void> {
  const plan = await loadPlan(db, planId);
  if (!plan) return;
  const [enterprise] = await findOrganisationsByIds(db, [plan.enterpriseId]);
  const standing = await planStanding(db, await enterpriseContext(db, enterprise), plan.year, plan);
  if (standing.mayStartReview) return;
  const unmet = standing.requirements.find((requirement) => requirement.met !== true)!;
  if (unmet.code === 'plan-filing-accepted') throw new AppError('PLAN_FILING_NOT_ACCEPTED', { year: plan.year, version: plan.currentVersion });
  throw new AppError(unmet.code === 'ministry-pilot-accepted' ? 'PLAN_NOT_PILOT' : 'PLAN_ENTERPRISE_NOT_FILED', { year: plan.year });
}

/** How the plan's published version departs from the notice's defaults (the committee sees it). */
export async function planDeviationsOf(db: Database, planId: string): Promise<PlanDeviation[]> {
  const plan = await getPlanForApplications(db, planId);
  if (!plan) return [];
  const [version] = await db
    .select({ content: planVersions.content })
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.version, plan.version)));
  return version ? planDeviations(version.content) : [];
}
