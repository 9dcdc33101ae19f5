// What the review module (issue 6) reads of a work plan: the latest published version's scoring
// dimensions, aggregation, committee rules, organisation form and quotas. Kept in its own file so
// that the plans service stays the plans engineer's; no permission is checked here (the caller
// decides who may see the plan).
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { DEFAULT_DIMENSIONS, planDeviations, TWO_THIRDS, type PlanContent, type PlanDeviation } from '../../domain/plan-rules.ts';
import { getPlanForApplications, type PlanForApplications } from './plan-for-applications.ts';
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
      quorum: content.committee?.quorum ?? { ...TWO_THIRDS },
      voteThreshold: content.committee?.voteThreshold ?? { ...TWO_THIRDS },
      secretBallot: content.committee?.secretBallot ?? true,
    },
  };
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
