import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNotNull, isNull, like, ne, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { organisations } from '../../db/schema.ts';
import {
  defaultPlanContent,
  diffPlanContent,
  validatePlan,
  type EvaluationBodyFacts,
  type PlanContent,
  type PlanIssue,
  type PlanNames,
} from '../../domain/plan-rules.ts';
import { allowedActs, assertTransition } from '../../domain/transitions.ts';
import { createWorkCalendar } from '../../domain/working-days.ts';
import { canonicalJson, writeAudit } from '../../platform/audit.ts';
import { loadCalendars } from '../../platform/calendar-store.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { assertInScope, assertPermission, coversActor, hasPermission, type Actor } from '../../platform/policy.ts';
import { occupationNames } from '../occupations/service.ts';
import { findOrganisationsByIds, listOrganisationsBelow, pathIds } from '../organisations/service.ts';
import { pilotYearsOf } from '../pilots/service.ts';
import { renderPlanPdf } from './plan-pdf.ts';
import { planSections, planTitle } from './plan-text.ts';
import type { PlanContentInput, PlanCreateReq, PlanDto, PlanListQuery, PlanSummaryDto, PlanUpdateReq, PlanVersionDto } from './schemas.ts';
import { plans, planVersions, type PlanStatus } from './tables.ts';

type OrganisationRow = typeof organisations.$inferSelect;
type PlanRow = typeof plans.$inferSelect;
type VersionRow = typeof planVersions.$inferSelect;

const iso = (value: Date | null) => value?.toISOString() ?? null;

// -------------------------------------------------------------------------------- content

/** Applies the sections given onto a plan: a section given replaces the same section, lists as a whole. */
export function mergeContent(base: PlanContent, input: PlanContentInput | undefined): PlanContent {
  if (!input) return structuredClone(base);
  const merged = structuredClone(base);
  if (input.title !== undefined) merged.title = input.title;
  if (input.preamble !== undefined) merged.preamble = input.preamble;
  if (input.occupations !== undefined) merged.occupations = input.occupations.map((code) => code.trim());
  if (input.eligibility) merged.eligibility = { ...merged.eligibility, ...stripUndefined(input.eligibility) };
  if (input.evaluation) merged.evaluation = { ...merged.evaluation, ...stripUndefined(input.evaluation) };
  if (input.organisation) merged.organisation = { ...merged.organisation, ...stripUndefined(input.organisation) };
  if (input.committee) merged.committee = { ...merged.committee, ...stripUndefined(input.committee) };
  if (input.quotas !== undefined) {
    merged.quotas = input.quotas.map((quota) => ({
      occupationCode: quota.occupationCode,
      maxCount: quota.maxCount ?? null,
      ratioPercent: quota.ratioPercent ?? null,
      seniorTechnicianCount: quota.seniorTechnicianCount ?? null,
    }));
  }
  if (input.timetable) merged.timetable = { ...merged.timetable, ...stripUndefined(input.timetable) };
  if (input.publicity) merged.publicity = { ...merged.publicity, ...stripUndefined(input.publicity) };
  if (input.contact) merged.contact = { ...merged.contact, ...stripUndefined(input.contact) };
  if (input.otherProvisions !== undefined) merged.otherProvisions = input.otherProvisions;
  // Empty texts are no texts.
  for (const [key, value] of Object.entries(merged.timetable)) {
    if (value === '') (merged.timetable as unknown as Record<string, string | null>)[key] = null;
  }
  if (merged.eligibility.cutoffDate === '') merged.eligibility.cutoffDate = null;
  return merged;
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as { [K in keyof T]-?: Exclude<T[K], undefined> };
}

const sameContent = (a: PlanContent, b: PlanContent) => canonicalJson(a) === canonicalJson(b);

// ------------------------------------------------------------------------------- the tree

interface EnterpriseContext {
  enterprise: OrganisationRow;
  ancestors: OrganisationRow[];
  /** The top-most enterprise above or at this one: the group. */
  group: OrganisationRow;
  /** The nearest department above: the supervising department. */
  department: OrganisationRow | null;
}

async function enterpriseContext(db: Database, enterprise: OrganisationRow): Promise<EnterpriseContext> {
  const ids = pathIds(enterprise.path);
  const byId = new Map((await findOrganisationsByIds(db, ids)).map((row) => [row.id, row]));
  const chain = ids.map((id) => byId.get(id)).filter((row): row is OrganisationRow => Boolean(row));
  const group = chain.find((row) => row.kind === 'enterprise') ?? enterprise;
  const department = [...chain].reverse().find((row) => row.kind === 'department') ?? null;
  return { enterprise, ancestors: chain.slice(0, -1), group, department };
}

/**
 * The evaluation bodies a plan may name: the internal bodies of the enterprise's group (its own
 * 考评机构), and the bodies registered directly under the departments and the ministry above it
 * (industry organisations it may commission).
 */
async function selectableBodies(db: Database, context: EnterpriseContext) {
  const own = await listOrganisationsBelow(db, context.group.path, 'evaluation-body');
  const outside: OrganisationRow[] = [];
  for (const ancestor of context.ancestors.filter((row) => row.kind !== 'enterprise')) {
    const below = await listOrganisationsBelow(db, ancestor.path, 'evaluation-body');
    outside.push(...below.filter((row) => row.parentId === ancestor.id));
  }
  const parents = new Map((await findOrganisationsByIds(db, [...new Set([...own, ...outside].map((row) => row.parentId).filter((id): id is string => Boolean(id)))])).map((row) => [row.id, row]));
  return [...own, ...outside].map((row) => ({
    id: row.id,
    name: row.name,
    bodyType: row.bodyType ?? null,
    parentName: row.parentId ? (parents.get(row.parentId)?.name ?? null) : null,
    belongsToEnterprise: row.path.startsWith(context.group.path),
  }));
}

async function evaluationBodyFacts(db: Database, context: EnterpriseContext, id: string | null): Promise<{ facts: EvaluationBodyFacts | null; name: string | null }> {
  if (!id) return { facts: null, name: null };
  const body = (await selectableBodies(db, context)).find((candidate) => candidate.id === id);
  if (!body) return { facts: null, name: null };
  return { facts: { kind: 'evaluation-body', bodyType: body.bodyType, belongsToEnterprise: body.belongsToEnterprise }, name: body.name };
}

// ------------------------------------------------------------------------------ validation

async function planIssues(db: Database, plan: Pick<PlanRow, 'year' | 'kind'>, content: PlanContent, context: EnterpriseContext): Promise<{ issues: PlanIssue[]; names: PlanNames }> {
  const known = await occupationNames(db, content.occupations);
  const body = await evaluationBodyFacts(db, context, content.organisation.evaluationBodyId);
  const calendar = createWorkCalendar(await loadCalendars(db));
  const issues = validatePlan(content, {
    year: plan.year,
    kind: plan.kind,
    isKnownOccupation: (code) => Object.hasOwn(known, code),
    evaluationBody: body.facts,
    calendar,
  });
  return { issues, names: { occupations: known, evaluationBody: body.name } };
}

const toFieldErrors = (issues: PlanIssue[]): FieldError[] => issues.map((item) => ({ path: item.path, code: item.code, messages: item.message }));

// ---------------------------------------------------------------------------------- access

/** The plan by id (undefined at run time when there is none: the scope checks refuse it). */
async function loadPlan(db: Database, id: string): Promise<PlanRow> {
  const [row] = await db.select().from(plans).where(eq(plans.id, id));
  return row;
}

/**
 * A plan the actor may manage or supervise: in scope; without plan:write only once published
 * (a draft is the enterprise's own work).
 */
async function findPlanInScope(db: Database, actor: Actor, id: string): Promise<PlanRow> {
  const row = await loadPlan(db, id);
  assertInScope(actor, row?.enterprisePath);
  if (row.status === 'draft' && !hasPermission(actor, 'plan:write')) throw new AppError('NOT_FOUND');
  return row;
}

/** A published plan that covers the actor: of the actor's enterprise or of an enterprise above it (its group). */
async function findPublishedCovering(db: Database, actor: Actor, id: string): Promise<PlanRow> {
  const row = await loadPlan(db, id);
  if (!row || row.status === 'draft' || !coversActor(actor, row.enterprisePath)) throw new AppError('NOT_FOUND');
  return row;
}

async function writablePlan(db: Database, context: RequestContext, id: string): Promise<PlanRow> {
  assertPermission(context.actor, 'plan:write');
  const row = await loadPlan(db, id);
  assertInScope(context.actor, row?.enterprisePath);
  return row;
}

// -------------------------------------------------------------------------------- shaping

async function versionsOf(db: Database, planIds: string[]): Promise<Map<string, VersionRow[]>> {
  const map = new Map<string, VersionRow[]>();
  if (!planIds.length) return map;
  const rows = await db.select().from(planVersions).where(inArray(planVersions.planId, planIds)).orderBy(asc(planVersions.version));
  for (const row of rows) map.set(row.planId, [...(map.get(row.planId) ?? []), row]);
  return map;
}

function summaryOf(row: PlanRow, enterprise: OrganisationRow | undefined, versions: VersionRow[], filedWith: OrganisationRow | undefined): PlanSummaryDto {
  const latest = versions.at(-1);
  return {
    id: row.id,
    enterpriseId: row.enterpriseId,
    enterpriseName: enterprise?.name ?? '',
    year: row.year,
    kind: row.kind,
    status: row.status,
    title: (latest?.content.title ?? row.content.title) || null,
    currentVersion: row.currentVersion,
    publishedAt: iso(latest?.publishedAt ?? null),
    filing:
      row.filedWithId && row.filedAt && row.filedVersion
        ? { departmentId: row.filedWithId, departmentName: filedWith?.name ?? '', filedAt: row.filedAt.toISOString(), filedVersion: row.filedVersion }
        : null,
    hasUnpublishedChanges: !latest || !sameContent(latest.content, row.content),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const versionInfo = (row: VersionRow) => ({ version: row.version, publishedAt: row.publishedAt.toISOString(), publishedByName: row.publishedByName, changeNote: row.changeNote });

function actsFor(actor: Actor, row: PlanRow, summary: PlanSummaryDto): string[] {
  if (!hasPermission(actor, 'plan:write')) return [];
  const acts = allowedActs('plan', row.status) as string[];
  const result: string[] = [];
  if (row.status !== 'closed') result.push('edit');
  if (acts.includes('publish')) result.push('publish');
  if (acts.includes('revise') && summary.hasUnpublishedChanges) result.push('revise');
  if (row.status === 'published' && row.filedVersion !== row.currentVersion) result.push('file');
  if (acts.includes('close')) result.push('close');
  return result;
}

async function planDto(db: Database, actor: Actor, row: PlanRow): Promise<PlanDto> {
  const versions = (await versionsOf(db, [row.id])).get(row.id) ?? [];
  const enterprise = (await findOrganisationsByIds(db, [row.enterpriseId]))[0];
  const context = await enterpriseContext(db, enterprise);
  const filedWith = row.filedWithId ? (await findOrganisationsByIds(db, [row.filedWithId]))[0] : undefined;
  const summary = summaryOf(row, enterprise, versions, filedWith);
  return {
    ...summary,
    revision: row.revision,
    content: hasPermission(actor, 'plan:write') ? row.content : null,
    versions: versions.map(versionInfo),
    supervisingDepartment: context.department ? { id: context.department.id, name: context.department.name } : null,
    closedAt: iso(row.closedAt),
    closeReason: row.closeReason,
    allowedActs: actsFor(actor, row, summary),
  };
}

async function summaries(db: Database, rows: PlanRow[]): Promise<PlanSummaryDto[]> {
  const versions = await versionsOf(db, rows.map((row) => row.id));
  const organisationIds = [...new Set(rows.flatMap((row) => [row.enterpriseId, ...(row.filedWithId ? [row.filedWithId] : [])]))];
  const byId = new Map((await findOrganisationsByIds(db, organisationIds)).map((row) => [row.id, row]));
  return rows.map((row) => summaryOf(row, byId.get(row.enterpriseId), versions.get(row.id) ?? [], row.filedWithId ? byId.get(row.filedWithId) : undefined));
}

async function versionDto(db: Database, row: PlanRow, version: number): Promise<PlanVersionDto> {
  const versions = (await versionsOf(db, [row.id])).get(row.id) ?? [];
  const found = versions.find((candidate) => candidate.version === version);
  if (!found) throw new AppError('NOT_FOUND');
  const enterprise = (await findOrganisationsByIds(db, [row.enterpriseId]))[0];
  return {
    planId: row.id,
    enterpriseId: row.enterpriseId,
    enterpriseName: enterprise?.name ?? '',
    year: row.year,
    kind: row.kind,
    status: row.status,
    version: found.version,
    latestVersion: row.currentVersion,
    content: found.content,
    names: found.names,
    sections: planSections({ enterpriseName: enterprise?.name ?? '', year: row.year, kind: row.kind, content: found.content, names: found.names }),
    publishedAt: found.publishedAt.toISOString(),
    publishedByName: found.publishedByName,
    changeNote: found.changeNote,
    versions: versions.map(versionInfo),
  };
}

async function diffOf(db: Database, row: PlanRow, from: number, to: number) {
  const versions = (await versionsOf(db, [row.id])).get(row.id) ?? [];
  const after = versions.find((candidate) => candidate.version === to);
  if (!after) throw new AppError('NOT_FOUND');
  // Version 0 is "nothing published yet": the first version shows every field it sets.
  const before = from === 0 ? null : versions.find((candidate) => candidate.version === from);
  if (from !== 0 && !before) throw new AppError('NOT_FOUND');
  const empty = mergeContent(defaultPlanContent(row.kind), {});
  const changes = diffPlanContent(before?.content ?? emptyOf(empty), after.content, before?.names ?? { occupations: {} }, after.names);
  return { from, to, changes };
}

/** A plan with nothing in it, for the diff of a first version. */
function emptyOf(content: PlanContent): PlanContent {
  return {
    ...content,
    occupations: [],
    quotas: [],
    evaluation: { method: null, dimensions: [], aggregation: null },
    eligibility: { cutoffDate: null, minYearsInPost: null, minYearsPolicyDocument: null, additionalConditions: null },
    committee: { ...content.committee, size: null },
    publicity: { workingDays: null, scope: null },
  };
}

async function pdfOf(db: Database, row: PlanRow, version: number): Promise<{ pdf: Buffer; fileName: string }> {
  const dto = await versionDto(db, row, version);
  const title = planTitle({ enterpriseName: dto.enterpriseName, year: dto.year, kind: dto.kind, content: dto.content });
  const published = dto.publishedAt.slice(0, 10);
  const pdf = await renderPlanPdf({
    title,
    subtitle: `${dto.enterpriseName}\u3000第${dto.version}版\u3000发布日期 ${published}`,
    sections: dto.sections,
    footer: `${title}（第${dto.version}版）`,
  });
  return { pdf, fileName: `${title}（第${dto.version}版）.pdf` };
}

// ------------------------------------------------------------------------------- reading

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

/** What the plan editor offers for an enterprise: its pilot years, the evaluation bodies it may name, the defaults. */
export async function planOptions(db: Database, context: RequestContext, enterpriseId: string | undefined) {
  assertPermission(context.actor, 'plan:write');
  const enterprise = await enterpriseInScope(db, context, enterpriseId);
  const tree = await enterpriseContext(db, enterprise);
  return {
    enterprise: { id: enterprise.id, name: enterprise.name },
    pilotYears: await pilotYearsOf(db, enterprise.path),
    evaluationBodies: await selectableBodies(db, tree),
    defaults: { evaluation: defaultPlanContent('evaluation'), 're-review': defaultPlanContent('re-review') },
  };
}

async function enterpriseInScope(db: Database, context: RequestContext, enterpriseId: string | undefined): Promise<OrganisationRow> {
  const id = enterpriseId ?? context.actor.organisationId;
  const [enterprise] = await findOrganisationsByIds(db, [id]);
  assertInScope(context.actor, enterprise?.path);
  if (enterprise.kind !== 'enterprise') throw new AppError('NOT_FOUND');
  return enterprise;
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

// ------------------------------------------------------------------------------- changing

/** What the audit log keeps of a plan. */
function auditView(row: PlanRow) {
  return { year: row.year, kind: row.kind, status: row.status, revision: row.revision, currentVersion: row.currentVersion, filedVersion: row.filedVersion, content: row.content };
}

/** Only a pilot enterprise of that year (or a subsidiary of one) may draw up a plan. */
export async function createPlan(db: Database, context: RequestContext, input: PlanCreateReq): Promise<PlanDto> {
  assertPermission(context.actor, 'plan:write');
  const enterprise = await enterpriseInScope(db, context, input.enterpriseId);
  const years = await pilotYearsOf(db, enterprise.path);
  if (!years.includes(input.year)) throw new AppError('PLAN_NOT_PILOT', { year: input.year });
  const [existing] = await db
    .select({ id: plans.id })
    .from(plans)
    .where(and(eq(plans.enterpriseId, enterprise.id), eq(plans.year, input.year), eq(plans.kind, input.kind)));
  if (existing) throw new AppError('PLAN_EXISTS', { year: input.year, id: existing.id });
  const content = mergeContent(defaultPlanContent(input.kind), input.content);
  const id = randomUUID();
  const row = await db
    .transaction(async (tx) => {
      const [created] = await tx
        .insert(plans)
        .values({ id, enterpriseId: enterprise.id, enterprisePath: enterprise.path, year: input.year, kind: input.kind, status: 'draft', content, createdBy: context.actor.userId })
        .returning();
      await writeAudit(tx, context, {
        action: 'plan.created',
        targetType: 'plan',
        targetId: id,
        organisationId: enterprise.id,
        organisationPath: enterprise.path,
        after: auditView(created),
      });
      return created;
    })
    .catch((error: unknown) => {
      if (String((error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code) === '23505') {
        throw new AppError('PLAN_EXISTS', { year: input.year });
      }
      throw error;
    });
  return planDto(db, context.actor, row);
}

/** Saves the working copy (a draft, or the next version of a published plan); nothing is published. */
export async function updatePlan(db: Database, context: RequestContext, id: string, input: PlanUpdateReq): Promise<PlanDto> {
  const current = await writablePlan(db, context, id);
  if (current.status === 'closed') throw new AppError('PLAN_CLOSED');
  if (input.revision !== undefined && input.revision !== current.revision) throw new AppError('CONFLICT', { revision: current.revision });
  const content = mergeContent(current.content, input.content);
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(plans)
      .set({ content, revision: current.revision + 1, updatedAt: new Date() })
      .where(and(eq(plans.id, id), eq(plans.revision, current.revision)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: 'plan.updated',
      targetType: 'plan',
      targetId: id,
      organisationId: current.enterpriseId,
      organisationPath: current.enterprisePath,
      before: auditView(current),
      after: auditView(updated),
    });
    return updated;
  });
  return planDto(db, context.actor, row);
}

/** Every reason the plan (its working copy, with the sections given laid over it) cannot be published. Stores nothing. */
export async function validatePlanContent(db: Database, context: RequestContext, id: string, input: PlanContentInput | undefined) {
  const current = await writablePlan(db, context, id);
  const enterprise = (await findOrganisationsByIds(db, [current.enterpriseId]))[0];
  const { issues } = await planIssues(db, current, mergeContent(current.content, input), await enterpriseContext(db, enterprise));
  return { valid: issues.length === 0, errors: toFieldErrors(issues) };
}

/**
 * Publishes the working copy: the first time (publish) or as a new version (revise). A plan with
 * any fault is refused with every fault and nothing is stored; a revision identical to the
 * published version is refused too.
 */
export async function publishPlan(db: Database, context: RequestContext, id: string, input: { changeNote?: string | null; revision?: number }): Promise<PlanDto> {
  const current = await writablePlan(db, context, id);
  const act = current.status === 'draft' ? 'publish' : 'revise';
  const to = assertTransition('plan', current.status, act) as PlanStatus;
  if (input.revision !== undefined && input.revision !== current.revision) throw new AppError('CONFLICT', { revision: current.revision });
  const enterprise = (await findOrganisationsByIds(db, [current.enterpriseId]))[0];
  const { issues, names } = await planIssues(db, current, current.content, await enterpriseContext(db, enterprise));
  if (issues.length) throw new AppError('PLAN_INVALID', { count: issues.length }, { errors: toFieldErrors(issues) });
  const versions = (await versionsOf(db, [id])).get(id) ?? [];
  const latest = versions.at(-1);
  if (latest && sameContent(latest.content, current.content)) throw new AppError('PLAN_UNCHANGED', { version: latest.version });
  const version = current.currentVersion + 1;
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(plans)
      .set({ status: to, currentVersion: version, updatedAt: new Date() })
      // The state it was read in: a concurrent save or publication in between refuses this one.
      .where(and(eq(plans.id, id), eq(plans.revision, current.revision), eq(plans.currentVersion, current.currentVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await tx.insert(planVersions).values({
      planId: id,
      version,
      content: current.content,
      names,
      changeNote: input.changeNote?.trim() || null,
      publishedBy: context.actor.userId,
      publishedByName: context.actor.displayName,
    });
    await writeAudit(tx, context, {
      action: act === 'publish' ? 'plan.published' : 'plan.revised',
      targetType: 'plan',
      targetId: id,
      organisationId: current.enterpriseId,
      organisationPath: current.enterprisePath,
      before: { status: current.status, version: current.currentVersion },
      after: { status: to, version, changeNote: input.changeNote?.trim() || null, content: current.content },
    });
    return updated;
  });
  return planDto(db, context.actor, row);
}

/** 报送备案: files the current version with the supervising department (the department above the enterprise). */
export async function filePlan(db: Database, context: RequestContext, id: string): Promise<PlanDto> {
  const current = await writablePlan(db, context, id);
  if (current.status !== 'published') throw new AppError('PLAN_NOT_PUBLISHED');
  if (current.filedVersion === current.currentVersion) throw new AppError('PLAN_ALREADY_FILED', { version: current.currentVersion });
  const enterprise = (await findOrganisationsByIds(db, [current.enterpriseId]))[0];
  const { department } = await enterpriseContext(db, enterprise);
  if (!department) throw new AppError('NOT_FOUND');
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(plans)
      .set({ filedWithId: department.id, filedAt: new Date(), filedVersion: current.currentVersion, updatedAt: new Date() })
      .where(and(eq(plans.id, id), eq(plans.currentVersion, current.currentVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: 'plan.filed',
      targetType: 'plan',
      targetId: id,
      organisationId: current.enterpriseId,
      organisationPath: current.enterprisePath,
      before: { filedVersion: current.filedVersion, filedWithId: current.filedWithId },
      after: { filedVersion: updated.filedVersion, filedWithId: department.id, department: department.name },
    });
    return updated;
  });
  return planDto(db, context.actor, row);
}

export async function closePlan(db: Database, context: RequestContext, id: string, reason: string): Promise<PlanDto> {
  const current = await writablePlan(db, context, id);
  const to = assertTransition('plan', current.status, 'close') as PlanStatus;
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(plans)
      .set({ status: to, closedAt: new Date(), closeReason: reason.trim(), updatedAt: new Date() })
      .where(and(eq(plans.id, id), eq(plans.status, current.status)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: 'plan.closed',
      targetType: 'plan',
      targetId: id,
      organisationId: current.enterpriseId,
      organisationPath: current.enterprisePath,
      before: { status: current.status },
      after: { status: to, reason: reason.trim() },
    });
    return updated;
  });
  return planDto(db, context.actor, row);
}

