// Plans that depart from the notice's defaults on the strength of a provincial document (a minimum
// of years in post other than 5): the supervising department sees each one, with the document it
// cites (issue 19). Read only: the published version of each plan in the scope and year.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { organisations } from '../../db/schema.ts';
import { planDeviations, type PlanDeviation } from '../../domain/plan-rules.ts';
import { plans, planVersions } from '../plans/tables.ts';

export interface PlanDeviationRow {
  planId: string;
  planTitle: string | null;
  enterpriseId: string;
  enterpriseName: string;
  year: number;
  deviations: PlanDeviation[];
}

export async function planDeviationsIn(db: Database, scope: { path: string; year: number }): Promise<PlanDeviationRow[]> {
  const rows = await db
    .select({ planId: plans.id, enterpriseId: plans.enterpriseId, year: plans.year, content: planVersions.content })
    .from(plans)
    .innerJoin(planVersions, and(eq(planVersions.planId, plans.id), eq(planVersions.version, plans.currentVersion)))
    .where(and(sql`${plans.enterprisePath} like ${`${scope.path}%`}`, eq(plans.year, scope.year), inArray(plans.status, ['published', 'closed'])));
  const deviating = rows.map((row) => ({ ...row, deviations: planDeviations(row.content) })).filter((row) => row.deviations.length);
  if (!deviating.length) return [];
  const names = new Map(
    (await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, [...new Set(deviating.map((row) => row.enterpriseId))]))).map((row) => [row.id, row.name]),
  );
  return deviating.map((row) => ({ planId: row.planId, planTitle: row.content.title, enterpriseId: row.enterpriseId, enterpriseName: names.get(row.enterpriseId) ?? '', year: row.year, deviations: row.deviations }));
}
