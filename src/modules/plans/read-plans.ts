import { and, asc, desc, eq, inArray, isNotNull, isNull, like, ne, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { defaultPlanContent } from '../../domain/plan-rules.ts';
import type { RequestContext } from '../../platform/context.ts';
import { assertPermission, hasPermission } from '../../platform/policy.ts';
import { pathIds } from '../organisations/service.ts';
import type { PlanDto, PlanListQuery, PlanSummaryDto, PlanVersionDto } from './schemas.ts';
import { plans } from './tables.ts';
import { pilotYearsOf } from '../pilots/service.ts';
import { diffOf, enterpriseContext, enterpriseInScope, findPlanInScope, findPublishedCovering, pdfOf, planDto, planStanding, selectableBodies, standingDto, summaries, versionDto } from './plan-support.ts';


export async function listPlans(db: Database, context: RequestContext, query: PlanListQuery): Promise<PlanSummaryDto[]> {
  assertPermission(context.actor, 'plan:read');
  const conditions: SQL[] = [like(plans.enterprisePath, `${context.actor.organisationPath}%`)];
  if (!hasPermission(context.actor, 'plan:write')) conditions.push(ne(plans.status, 'draft'));
  if (query.year) conditions.push(eq(plans.year, query.year));
  if (query.status) conditions.push(eq(plans.status, query.status));
  if (query.enterpriseId) conditions.push(eq(plans.enterpriseId, query.enterpriseId));
  if (query.filed === 'true') conditions.push(isNotNull(plans.filedAt));
  if (query.filed === 'false') conditions.push(isNull(plans.filedAt));
  const rows = await db.select().from(plans).where(and(...conditions)).orderBy(desc(plans.year), asc(plans.enterprisePath), asc(plans.kind));
  return summaries(db, rows);
}

export async function getPlan(db: Database, context: RequestContext, id: string): Promise<PlanDto> {
  assertPermission(context.actor, 'plan:read');
  return planDto(db, context.actor, await findPlanInScope(db, context.actor, id));
}

export async function getPlanVersion(db: Database, context: RequestContext, id: string, version: number): Promise<PlanVersionDto> {
  assertPermission(context.actor, 'plan:read');
  return versionDto(db, await findPlanInScope(db, context.actor, id), version);
}

export async function getPlanDiff(db: Database, context: RequestContext, id: string, from: number, to: number) {
  assertPermission(context.actor, 'plan:read');
  return diffOf(db, await findPlanInScope(db, context.actor, id), from, to);
}

export async function getPlanPdf(db: Database, context: RequestContext, id: string, version: number) {
  assertPermission(context.actor, 'plan:read');
  return pdfOf(db, await findPlanInScope(db, context.actor, id), version);
}

/**
 * What the plan editor offers for an enterprise: the years it may draw up a plan for (last, this
 * and next year, and any year it was a pilot), each with the model that applies and what it asks;
 * the evaluation bodies it may name; the defaults.
 */
export async function planOptions(db: Database, context: RequestContext, enterpriseId: string | undefined) {
  assertPermission(context.actor, 'plan:write');
  const enterprise = await enterpriseInScope(db, context, enterpriseId);
  const tree = await enterpriseContext(db, enterprise);
  const current = Number(context.clock.today().slice(0, 4));
  const candidates = [...new Set([current + 1, current, current - 1, ...(await pilotYearsOf(db, enterprise.path))])].sort((a, b) => b - a);
  const years = [];
  for (const year of candidates) years.push(standingDto(await planStanding(db, tree, year, null)));
  return {
    enterprise: { id: enterprise.id, name: enterprise.name },
    pilotYears: years.filter((year) => year.mayDraftPlan).map((year) => year.year),
    years,
    evaluationBodies: await selectableBodies(db, tree),
    defaults: { evaluation: defaultPlanContent('evaluation'), 're-review': defaultPlanContent('re-review') },
  };
}

// --------------------------------------------------------------------------- employees' view

/** The published plans that cover the actor's enterprise (its own and its group's). */
export async function listPublishedPlans(db: Database, context: RequestContext): Promise<PlanSummaryDto[]> {
  assertPermission(context.actor, 'plan:read-published');
  const rows = await db
    .select()
    .from(plans)
    .where(and(inArray(plans.enterpriseId, pathIds(context.actor.organisationPath)), ne(plans.status, 'draft')))
    .orderBy(desc(plans.year), asc(plans.kind));
  return summaries(db, rows);
}

/** The latest version of a published plan that covers the actor, or the version asked for. */
export async function getPublishedPlan(db: Database, context: RequestContext, id: string, version?: number): Promise<PlanVersionDto> {
  assertPermission(context.actor, 'plan:read-published');
  const row = await findPublishedCovering(db, context.actor, id);
  return versionDto(db, row, version ?? row.currentVersion);
}

export async function getPublishedPlanDiff(db: Database, context: RequestContext, id: string, from: number, to: number) {
  assertPermission(context.actor, 'plan:read-published');
  return diffOf(db, await findPublishedCovering(db, context.actor, id), from, to);
}

export async function getPublishedPlanPdf(db: Database, context: RequestContext, id: string, version: number) {
  assertPermission(context.actor, 'plan:read-published');
  return pdfOf(db, await findPublishedCovering(db, context.actor, id), version);
}
