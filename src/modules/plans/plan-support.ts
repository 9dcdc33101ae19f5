// What the plan use cases share: the content merge, the organisation tree around an enterprise,
// validation against the catalogue, calendars and bodies, access checks, and the shapes sent back.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { organisations } from '../../db/schema.ts';
import { EVALUATION_MODEL_NAMES, evaluationStanding, isRecognitionFiled, type Standing } from '../../domain/jurisdiction-rules.ts';
import { defaultPlanContent, diffPlanContent, validatePlan, withPlanDefaults, type EvaluationBodyFacts, type PlanContent, type PlanIssue, type PlanNames } from '../../domain/plan-rules.ts';
import { allowedActs } from '../../domain/transitions.ts';
import { createWorkCalendar } from '../../domain/working-days.ts';
import { canonicalJson } from '../../platform/audit.ts';
import { loadCalendars } from '../../platform/calendar-store.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { assertInScope, assertPermission, coversActor, hasPermission, type Actor } from '../../platform/policy.ts';
import { occupationNames } from '../occupations/service.ts';
import { findOrganisationsByIds, listOrganisationsBelow, pathIds } from '../organisations/service.ts';
import { effectiveSettingFor, pilotYearsOf } from '../pilots/service.ts';
import type { EffectiveSettingOf } from '../pilots/jurisdiction-settings.ts';
import { renderPlanPdf } from './plan-pdf.ts';
import { planSections, planTitle } from './plan-text.ts';
import type { PlanContentInput, PlanDto, PlanStandingDto, PlanSummaryDto, PlanVersionDto } from './schemas.ts';
import { plans, planVersions } from './tables.ts';

export type OrganisationRow = typeof organisations.$inferSelect;
export type PlanRow = typeof plans.$inferSelect;
export type VersionRow = typeof planVersions.$inferSelect;

export const iso = (value: Date | null) => value?.toISOString() ?? null;

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
  if (input.structureRatio !== undefined) merged.structureRatio = input.structureRatio;
  if (input.evidenceRequired !== undefined) merged.evidenceRequired = { ...(merged.evidenceRequired ?? {}), ...stripUndefined(input.evidenceRequired) };
  // Empty texts are no texts.
  for (const [key, value] of Object.entries(merged.timetable)) {
    if (value === '') (merged.timetable as unknown as Record<string, string | null>)[key] = null;
  }
  if (merged.eligibility.cutoffDate === '') merged.eligibility.cutoffDate = null;
  return merged;
}

export function stripUndefined<T extends object>(value: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as { [K in keyof T]-?: Exclude<T[K], undefined> };
}

export const sameContent = (a: PlanContent, b: PlanContent) => canonicalJson(a) === canonicalJson(b);

// ------------------------------------------------------------------------------- the tree

export interface EnterpriseContext {
  enterprise: OrganisationRow;
  ancestors: OrganisationRow[];
  /** The top-most enterprise above or at this one: the group. */
  group: OrganisationRow;
  /** The nearest department above: the supervising department. */
  department: OrganisationRow | null;
}

export async function enterpriseContext(db: Database, enterprise: OrganisationRow): Promise<EnterpriseContext> {
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
export async function selectableBodies(db: Database, context: EnterpriseContext) {
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

export async function evaluationBodyFacts(db: Database, context: EnterpriseContext, id: string | null): Promise<{ facts: EvaluationBodyFacts | null; name: string | null }> {
  if (!id) return { facts: null, name: null };
  const body = (await selectableBodies(db, context)).find((candidate) => candidate.id === id);
  if (!body) return { facts: null, name: null };
  return { facts: { kind: 'evaluation-body', bodyType: body.bodyType, belongsToEnterprise: body.belongsToEnterprise }, name: body.name };
}

// ------------------------------------------------------------------------------ validation

export async function planIssues(db: Database, plan: Pick<PlanRow, 'year' | 'kind'>, content: PlanContent, context: EnterpriseContext): Promise<{ issues: PlanIssue[]; names: PlanNames }> {
  const known = await occupationNames(db, content.occupations);
  const body = await evaluationBodyFacts(db, context, content.organisation.evaluationBodyId);
  const calendar = createWorkCalendar(await loadCalendars(db));
  // The committee limits of the enterprise's jurisdiction in the plan's year (none unless set).
  const setting = await effectiveSettingFor(db, context.enterprise.path, plan.year);
  const issues = validatePlan(content, {
    year: plan.year,
    kind: plan.kind,
    isKnownOccupation: (code) => Object.hasOwn(known, code),
    evaluationBody: body.facts,
    calendar,
    committeeLimits: { ...setting.committee, setBy: setting.committeeSetBy },
  });
  return { issues, names: { occupations: known, evaluationBody: body.name } };
}

export const toFieldErrors = (issues: PlanIssue[]): FieldError[] => issues.map((item) => ({ path: item.path, code: item.code, messages: item.message }));

// ---------------------------------------------------------------------------------- access

/** The plan by id (undefined at run time when there is none: the scope checks refuse it). */
export async function loadPlan(db: Database, id: string): Promise<PlanRow> {
  const [row] = await db.select().from(plans).where(eq(plans.id, id));
  return row ? { ...row, content: withPlanDefaults(row.content) } : row;
}

/**
 * A plan the actor may manage or supervise: in scope; without plan:write only once published
 * (a draft is the enterprise's own work).
 */
export async function findPlanInScope(db: Database, actor: Actor, id: string): Promise<PlanRow> {
  const row = await loadPlan(db, id);
  assertInScope(actor, row?.enterprisePath);
  if (row.status === 'draft' && !hasPermission(actor, 'plan:write')) throw new AppError('NOT_FOUND');
  return row;
}

/** A published plan that covers the actor: of the actor's enterprise or of an enterprise above it (its group). */
export async function findPublishedCovering(db: Database, actor: Actor, id: string): Promise<PlanRow> {
  const row = await loadPlan(db, id);
  if (!row || row.status === 'draft' || !coversActor(actor, row.enterprisePath)) throw new AppError('NOT_FOUND');
  return row;
}

export async function writablePlan(db: Database, context: RequestContext, id: string): Promise<PlanRow> {
  assertPermission(context.actor, 'plan:write');
  const row = await loadPlan(db, id);
  assertInScope(context.actor, row?.enterprisePath);
  return row;
}

// -------------------------------------------------------------------------------- shaping

export async function versionsOf(db: Database, planIds: string[]): Promise<Map<string, VersionRow[]>> {
  const map = new Map<string, VersionRow[]>();
  if (!planIds.length) return map;
  const rows = await db.select().from(planVersions).where(inArray(planVersions.planId, planIds)).orderBy(asc(planVersions.version));
  for (const row of rows) map.set(row.planId, [...(map.get(row.planId) ?? []), { ...row, content: withPlanDefaults(row.content) }]);
  return map;
}

export function summaryOf(row: PlanRow, enterprise: OrganisationRow | undefined, versions: VersionRow[], filedWith: OrganisationRow | undefined): PlanSummaryDto {
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
        ? {
            departmentId: row.filedWithId,
            departmentName: filedWith?.name ?? '',
            filedAt: row.filedAt.toISOString(),
            filedVersion: row.filedVersion,
            // Filings recorded before the department could answer them stand as submitted.
            status: row.filingStatus ?? 'submitted',
            decidedAt: iso(row.filingDecidedAt),
            decisionNote: row.filingDecisionNote,
          }
        : null,
    hasUnpublishedChanges: !latest || !sameContent(latest.content, row.content),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const versionInfo = (row: VersionRow) => ({ version: row.version, publishedAt: row.publishedAt.toISOString(), publishedByName: row.publishedByName, changeNote: row.changeNote });

export function actsFor(actor: Actor, row: PlanRow, summary: PlanSummaryDto): string[] {
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

/** What the department the plan was filed with may do with the filing: accept or return it while it waits. */
export function filingActsFor(actor: Actor, row: PlanRow): string[] {
  if (!hasPermission(actor, 'plan:decide-filing') || row.filedWithId !== actor.organisationId) return [];
  return (row.filingStatus ?? 'submitted') === 'submitted' && row.filedVersion ? ['accept-filing', 'return-filing'] : [];
}

// -------------------------------------------------------------------------------- standing

/** The enterprise, or an enterprise above it (its group), is filed for skill level recognition (二(一)). */
export function enterpriseFiled(context: EnterpriseContext): boolean {
  return [context.enterprise, ...context.ancestors].some((row) => row.kind === 'enterprise' && isRecognitionFiled(row.filing ?? null));
}

export interface PlanStanding extends Standing {
  setting: EffectiveSettingOf;
}

/**
 * Which model applies to the enterprise in the year (its jurisdiction's setting), and what the
 * model asks that is met and missing: the 二(一) filing, an accepted pilot (ministry model), the
 * plan's accepted filing (provincial model; judged on the plan when there is one).
 */
export async function planStanding(db: Database, context: EnterpriseContext, year: number, plan: Pick<PlanRow, 'filingStatus' | 'filedVersion' | 'currentVersion'> | null): Promise<PlanStanding> {
  const setting = await effectiveSettingFor(db, context.enterprise.path, year);
  const pilotAccepted = setting.model === 'ministry-pilot-filing' ? (await pilotYearsOf(db, context.enterprise.path)).includes(year) : false;
  const planFilingAccepted = plan ? plan.currentVersion > 0 && plan.filingStatus === 'accepted' && plan.filedVersion === plan.currentVersion : null;
  return { ...evaluationStanding(setting.model, { enterpriseFiled: enterpriseFiled(context), pilotAccepted, planFilingAccepted }), setting };
}

export function standingDto(standing: PlanStanding): PlanStandingDto {
  const { setting } = standing;
  return {
    year: setting.year,
    model: standing.model,
    modelName: EVALUATION_MODEL_NAMES[standing.model],
    modelSource: setting.modelSource,
    modelSetBy: setting.modelSetBy,
    deadline: setting.deadline,
    province: setting.province,
    committeeLimits: setting.committee,
    requirements: standing.requirements,
    mayDraftPlan: standing.mayDraftPlan,
    mayStartReview: standing.mayStartReview,
  };
}

export async function planDto(db: Database, actor: Actor, row: PlanRow): Promise<PlanDto> {
  const versions = (await versionsOf(db, [row.id])).get(row.id) ?? [];
  const enterprise = (await findOrganisationsByIds(db, [row.enterpriseId]))[0];
  const context = await enterpriseContext(db, enterprise);
  const filedWith = row.filedWithId ? (await findOrganisationsByIds(db, [row.filedWithId]))[0] : undefined;
  const summary = summaryOf(row, enterprise, versions, filedWith);
  const standing = standingDto(await planStanding(db, context, row.year, row));
  return {
    ...summary,
    standing,
    filingActs: filingActsFor(actor, row),
    revision: row.revision,
    content: hasPermission(actor, 'plan:write') ? row.content : null,
    versions: versions.map(versionInfo),
    supervisingDepartment: context.department ? { id: context.department.id, name: context.department.name } : null,
    closedAt: iso(row.closedAt),
    closeReason: row.closeReason,
    allowedActs: actsFor(actor, row, summary),
  };
}

export async function summaries(db: Database, rows: PlanRow[]): Promise<PlanSummaryDto[]> {
  const versions = await versionsOf(db, rows.map((row) => row.id));
  const organisationIds = [...new Set(rows.flatMap((row) => [row.enterpriseId, ...(row.filedWithId ? [row.filedWithId] : [])]))];
  const byId = new Map((await findOrganisationsByIds(db, organisationIds)).map((row) => [row.id, row]));
  return rows.map((row) => summaryOf(row, byId.get(row.enterpriseId), versions.get(row.id) ?? [], row.filedWithId ? byId.get(row.filedWithId) : undefined));
}

export async function versionDto(db: Database, row: PlanRow, version: number): Promise<PlanVersionDto> {
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

export async function diffOf(db: Database, row: PlanRow, from: number, to: number) {
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
export function emptyOf(content: PlanContent): PlanContent {
  return {
    ...content,
    occupations: [],
    quotas: [],
    evaluation: { method: null, dimensions: [], aggregation: null },
    eligibility: { cutoffDate: null, minYearsInPost: null, minYearsPolicyDocument: null, minYearsPolicyNumber: null, additionalConditions: null },
    committee: { ...content.committee, size: null },
    publicity: { workingDays: null, scope: null },
  };
}

export async function pdfOf(db: Database, row: PlanRow, version: number): Promise<{ pdf: Buffer; fileName: string }> {
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

export async function enterpriseInScope(db: Database, context: RequestContext, enterpriseId: string | undefined): Promise<OrganisationRow> {
  const id = enterpriseId ?? context.actor.organisationId;
  const [enterprise] = await findOrganisationsByIds(db, [id]);
  assertInScope(context.actor, enterprise?.path);
  if (enterprise.kind !== 'enterprise') throw new AppError('NOT_FOUND');
  return enterprise;
}

