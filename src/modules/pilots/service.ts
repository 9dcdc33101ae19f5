import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, like, ne, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { organisations } from '../../db/schema.ts';
import { calendarDateInChina } from '../../domain/calendar-date.ts';
import {
  deadlineIssues,
  defaultPilotDeadline,
  isBeforeDeadline,
  PILOT_CANDIDATE_PROBLEMS,
  pilotCandidateProblem,
} from '../../domain/pilot-rules.ts';
import { allowedActs, assertTransition, type ActOf } from '../../domain/transitions.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, type FieldError } from '../../platform/errors.ts';
import { assertInScope, assertPermission, hasPermission } from '../../platform/policy.ts';
import { findOrganisationsByIds, listOrganisationsBelow, pathIds } from '../organisations/service.ts';
import type {
  PilotApplicationCreateReq,
  PilotApplicationDto,
  PilotApplicationListQuery,
  PilotApplicationStatus,
  PilotApplicationSummaryDto,
  PilotApplicationUpdateReq,
  PilotEnterpriseDto,
  PilotYearDto,
  PilotYearSetReq,
} from './schemas.ts';
import { pilotApplicationEnterprises, pilotApplicationHistory, pilotApplications, pilotYears } from './tables.ts';

type OrganisationRow = typeof organisations.$inferSelect;
type ApplicationRow = typeof pilotApplications.$inferSelect;
type PilotAct = ActOf<'pilotApplication'>;

const today = () => calendarDateInChina(new Date());
const iso = (value: Date | null) => value?.toISOString() ?? null;
const actorName = (context: RequestContext) => `${context.actor.displayName} (${context.actor.username})`;

// ------------------------------------------------------------------------------- pilot years

async function loadPilotYear(db: Database, year: number): Promise<PilotYearDto> {
  const [row] = await db.select().from(pilotYears).where(eq(pilotYears.year, year));
  const deadline = row?.deadline ?? defaultPilotDeadline(year);
  return { year, deadline, isDefault: !row, note: row?.note ?? null, open: isBeforeDeadline(today(), deadline) };
}

/** The years with a deadline the ministry set, and the current and next year (30 September unless set). */
export async function listPilotYears(db: Database, context: RequestContext) {
  if (!hasPermission(context.actor, 'pilot:read') && !hasPermission(context.actor, 'pilot:decide')) assertPermission(context.actor, 'pilot:read');
  const rows = await db.select().from(pilotYears).orderBy(desc(pilotYears.year));
  const now = today();
  const current = Number(now.slice(0, 4));
  const years = new Set([...rows.map((row) => row.year), current, current + 1]);
  const items = [...years]
    .sort((a, b) => b - a)
    .map((year) => {
      const row = rows.find((candidate) => candidate.year === year);
      const deadline = row?.deadline ?? defaultPilotDeadline(year);
      return { year, deadline, isDefault: !row, note: row?.note ?? null, open: isBeforeDeadline(now, deadline) };
    });
  return { items, today: now };
}

/** The ministry sets (or moves) the deadline of a pilot year. */
export async function setPilotYear(db: Database, context: RequestContext, input: PilotYearSetReq): Promise<PilotYearDto> {
  assertPermission(context.actor, 'pilot:decide');
  const issues = deadlineIssues(input.year, input.deadline);
  if (issues.length) {
    throw new AppError('VALIDATION', {}, { errors: issues.map((message) => fieldError('deadline', 'DEADLINE_INVALID', message['zh-CN'], message.en)) });
  }
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(pilotYears).where(eq(pilotYears.year, input.year));
    const values = { year: input.year, deadline: input.deadline, note: input.note ?? null, updatedAt: new Date(), updatedBy: context.actor.userId };
    await tx.insert(pilotYears).values(values).onConflictDoUpdate({ target: pilotYears.year, set: values });
    await writeAudit(tx, context, {
      action: 'pilot-year.deadline-set',
      targetType: 'pilot-year',
      targetId: String(input.year),
      organisationId: context.actor.organisationId,
      organisationPath: context.actor.organisationPath,
      before: before ? { deadline: before.deadline, note: before.note } : { deadline: defaultPilotDeadline(input.year), note: null },
      after: { deadline: values.deadline, note: values.note },
    });
  });
  return loadPilotYear(db, input.year);
}

// ------------------------------------------------------------------------------ enterprises

function toEnterpriseDto(row: OrganisationRow, departmentPath: string, parents: Map<string, OrganisationRow>): PilotEnterpriseDto {
  const problem = pilotCandidateProblem({ kind: row.kind, filing: row.filing ?? null, inDepartmentScope: row.path.startsWith(departmentPath) && row.path !== departmentPath });
  const parent = row.parentId ? parents.get(row.parentId) : undefined;
  return {
    id: row.id,
    name: row.name,
    parentId: row.parentId,
    parentName: parent?.name ?? null,
    creditCode: row.creditCode ?? null,
    provinceCode: row.provinceCode ?? null,
    filing: row.filing ?? null,
    eligible: problem === null,
    problem: problem ? { code: problem, messages: PILOT_CANDIDATE_PROBLEMS[problem] } : null,
  };
}

async function withParents(db: Database, rows: OrganisationRow[]): Promise<Map<string, OrganisationRow>> {
  const ids = [...new Set(rows.map((row) => row.parentId).filter((id): id is string => Boolean(id)))];
  return new Map((await findOrganisationsByIds(db, ids)).map((row) => [row.id, row]));
}

/** The enterprises a department may choose from: every enterprise below it, with its filing and whether it qualifies. */
export async function listPilotCandidates(db: Database, context: RequestContext): Promise<PilotEnterpriseDto[]> {
  assertPermission(context.actor, 'pilot:write');
  assertDepartment(context);
  const rows = await listOrganisationsBelow(db, context.actor.organisationPath, 'enterprise');
  const parents = await withParents(db, rows);
  return rows.map((row) => toEnterpriseDto(row, context.actor.organisationPath, parents));
}

function assertDepartment(context: RequestContext) {
  if (context.actor.organisationKind !== 'department') throw new AppError('PILOT_DEPARTMENT_ONLY');
}

/** Every reason the enterprises chosen cannot be put forward (an unknown id says no more than "outside the scope"). */
async function enterpriseErrors(db: Database, departmentPath: string, ids: readonly string[]): Promise<FieldError[]> {
  const rows = new Map((await findOrganisationsByIds(db, ids)).map((row) => [row.id, row]));
  const errors: FieldError[] = [];
  ids.forEach((id, index) => {
    const row = rows.get(id);
    const visible = row && row.path.startsWith(departmentPath);
    const problem = visible ? pilotCandidateProblem({ kind: row.kind, filing: row.filing ?? null, inDepartmentScope: row.path !== departmentPath }) : 'OUTSIDE_SCOPE';
    if (problem) {
      const message = PILOT_CANDIDATE_PROBLEMS[problem];
      const name = visible ? row.name : id;
      errors.push(fieldError(`enterpriseIds.${index}`, problem, `${name}：${message['zh-CN']}`, `${name}: ${message.en}`));
    }
  });
  return errors;
}

// ------------------------------------------------------------------------------ applications

function actsFor(context: RequestContext, row: ApplicationRow): string[] {
  const acts = allowedActs('pilotApplication', row.status) as string[];
  const mine = context.actor.organisationKind === 'department' && hasPermission(context.actor, 'pilot:write');
  const deciding = hasPermission(context.actor, 'pilot:decide');
  const result: string[] = [];
  if (mine && acts.includes('submit')) result.push('edit', 'submit');
  if (deciding) result.push(...acts.filter((act) => act === 'accept' || act === 'return'));
  return result;
}

async function applicationEnterprises(db: Database, applicationIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (!applicationIds.length) return map;
  const rows = await db.select().from(pilotApplicationEnterprises).where(inArray(pilotApplicationEnterprises.applicationId, applicationIds));
  for (const row of rows) map.set(row.applicationId, [...(map.get(row.applicationId) ?? []), row.enterpriseId]);
  return map;
}

function summary(context: RequestContext, row: ApplicationRow, department: OrganisationRow | undefined, deadline: PilotYearDto, enterprises: OrganisationRow[]): PilotApplicationSummaryDto {
  return {
    id: row.id,
    departmentId: row.departmentId,
    departmentName: department?.name ?? '',
    departmentType: department?.departmentType ?? null,
    year: row.year,
    status: row.status,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    contactEmail: row.contactEmail,
    remarks: row.remarks,
    returnReason: row.returnReason,
    decisionNote: row.decisionNote,
    submittedAt: iso(row.submittedAt),
    decidedAt: iso(row.decidedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deadline,
    allowedActs: actsFor(context, row),
    enterpriseCount: enterprises.length,
    enterpriseNames: enterprises.map((enterprise) => enterprise.name),
  };
}

/**
 * The applications in scope: a department sees its own; the ministry sees every application that
 * was submitted (a draft is the department's own work until it is submitted).
 */
export async function listPilotApplications(db: Database, context: RequestContext, query: PilotApplicationListQuery): Promise<PilotApplicationSummaryDto[]> {
  assertPermission(context.actor, 'pilot:read');
  const conditions: SQL[] = [like(pilotApplications.departmentPath, `${context.actor.organisationPath}%`)];
  if (context.actor.organisationKind !== 'department') conditions.push(ne(pilotApplications.status, 'draft'));
  if (query.year) conditions.push(eq(pilotApplications.year, query.year));
  if (query.status) conditions.push(eq(pilotApplications.status, query.status));
  const rows = await db
    .select()
    .from(pilotApplications)
    .where(and(...conditions))
    .orderBy(desc(pilotApplications.year), asc(pilotApplications.status), desc(pilotApplications.updatedAt));
  const enterpriseIds = await applicationEnterprises(db, rows.map((row) => row.id));
  const organisationRows = new Map(
    (await findOrganisationsByIds(db, [...new Set([...rows.map((row) => row.departmentId), ...[...enterpriseIds.values()].flat()])])).map((row) => [row.id, row]),
  );
  const deadlines = new Map<number, PilotYearDto>();
  for (const year of new Set(rows.map((row) => row.year))) deadlines.set(year, await loadPilotYear(db, year));
  return rows.map((row) =>
    summary(
      context,
      row,
      organisationRows.get(row.departmentId),
      deadlines.get(row.year)!,
      (enterpriseIds.get(row.id) ?? []).map((id) => organisationRows.get(id)).filter((item): item is OrganisationRow => Boolean(item)),
    ),
  );
}

async function findApplicationInScope(db: Database, context: RequestContext, id: string): Promise<ApplicationRow> {
  const [row] = await db.select().from(pilotApplications).where(eq(pilotApplications.id, id));
  assertInScope(context.actor, row?.departmentPath);
  if (row.status === 'draft' && context.actor.organisationKind !== 'department') throw new AppError('NOT_FOUND');
  return row;
}

export async function getPilotApplication(db: Database, context: RequestContext, id: string): Promise<PilotApplicationDto> {
  assertPermission(context.actor, 'pilot:read');
  return applicationDto(db, context, await findApplicationInScope(db, context, id));
}

async function applicationDto(db: Database, context: RequestContext, row: ApplicationRow): Promise<PilotApplicationDto> {
  const enterpriseIds = (await applicationEnterprises(db, [row.id])).get(row.id) ?? [];
  const organisationRows = await findOrganisationsByIds(db, [row.departmentId, ...enterpriseIds]);
  const byId = new Map(organisationRows.map((organisation) => [organisation.id, organisation]));
  const enterprises = enterpriseIds
    .map((enterpriseId) => byId.get(enterpriseId))
    .filter((item): item is OrganisationRow => Boolean(item))
    .sort((a, b) => a.path.localeCompare(b.path));
  const parents = await withParents(db, enterprises);
  const department = byId.get(row.departmentId);
  const history = await db
    .select()
    .from(pilotApplicationHistory)
    .where(eq(pilotApplicationHistory.applicationId, row.id))
    .orderBy(asc(pilotApplicationHistory.at));
  const base = summary(context, row, department, await loadPilotYear(db, row.year), enterprises);
  const { enterpriseCount: _count, enterpriseNames: _names, ...rest } = base;
  return {
    ...rest,
    enterprises: enterprises.map((enterprise) => toEnterpriseDto(enterprise, row.departmentPath, parents)),
    history: history.map((entry) => ({
      at: entry.at.toISOString(),
      act: entry.act,
      fromStatus: entry.fromStatus,
      toStatus: entry.toStatus,
      actorName: entry.actorName,
      note: entry.note,
    })),
  };
}

/** What the audit log keeps of an application. */
function auditView(row: ApplicationRow, enterpriseIds: readonly string[]) {
  return {
    year: row.year,
    status: row.status,
    enterpriseIds,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    contactEmail: row.contactEmail,
    remarks: row.remarks,
    returnReason: row.returnReason,
    decisionNote: row.decisionNote,
  };
}

const uniqueIds = (ids: readonly string[]) => [...new Set(ids)];
const blankToNull = (value: string | null | undefined) => (value === undefined ? undefined : value && value.trim() ? value.trim() : null);

export async function createPilotApplication(db: Database, context: RequestContext, input: PilotApplicationCreateReq): Promise<PilotApplicationDto> {
  assertPermission(context.actor, 'pilot:write');
  assertDepartment(context);
  const enterpriseIds = uniqueIds(input.enterpriseIds);
  const errors = await enterpriseErrors(db, context.actor.organisationPath, enterpriseIds);
  if (errors.length) throw new AppError('PILOT_APPLICATION_INVALID', {}, { errors });
  const [existing] = await db
    .select({ id: pilotApplications.id })
    .from(pilotApplications)
    .where(and(eq(pilotApplications.departmentId, context.actor.organisationId), eq(pilotApplications.year, input.year)));
  if (existing) throw new AppError('PILOT_APPLICATION_EXISTS', { year: input.year, id: existing.id });
  const id = randomUUID();
  const row = await db
    .transaction(async (tx) => {
      const [created] = await tx
        .insert(pilotApplications)
        .values({
          id,
          departmentId: context.actor.organisationId,
          departmentPath: context.actor.organisationPath,
          year: input.year,
          status: 'draft',
          contactName: blankToNull(input.contactName) ?? null,
          contactPhone: blankToNull(input.contactPhone) ?? null,
          contactEmail: blankToNull(input.contactEmail) ?? null,
          remarks: blankToNull(input.remarks) ?? null,
          createdBy: context.actor.userId,
        })
        .returning();
      if (enterpriseIds.length) await tx.insert(pilotApplicationEnterprises).values(enterpriseIds.map((enterpriseId) => ({ applicationId: id, enterpriseId })));
      await tx.insert(pilotApplicationHistory).values({ applicationId: id, act: 'create', fromStatus: null, toStatus: 'draft', actorId: context.actor.userId, actorName: actorName(context) });
      await writeAudit(tx, context, {
        action: 'pilot-application.created',
        targetType: 'pilot-application',
        targetId: id,
        organisationId: context.actor.organisationId,
        organisationPath: context.actor.organisationPath,
        after: auditView(created, enterpriseIds),
      });
      return created;
    })
    .catch((error: unknown) => {
      // Two administrators creating the same year at once: the unique index decides.
      if (String((error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code) === '23505') {
        throw new AppError('PILOT_APPLICATION_EXISTS', { year: input.year });
      }
      throw error;
    });
  return applicationDto(db, context, row);
}

/** Only while it can still be submitted (a draft, or returned by the ministry). */
function assertEditable(row: ApplicationRow) {
  assertTransition('pilotApplication', row.status, 'submit');
}

export async function updatePilotApplication(db: Database, context: RequestContext, id: string, input: PilotApplicationUpdateReq): Promise<PilotApplicationDto> {
  assertPermission(context.actor, 'pilot:write');
  assertDepartment(context);
  const current = await findApplicationInScope(db, context, id);
  assertEditable(current);
  const before = (await applicationEnterprises(db, [id])).get(id) ?? [];
  const enterpriseIds = input.enterpriseIds ? uniqueIds(input.enterpriseIds) : before;
  if (input.enterpriseIds) {
    const errors = await enterpriseErrors(db, current.departmentPath, enterpriseIds);
    if (errors.length) throw new AppError('PILOT_APPLICATION_INVALID', {}, { errors });
  }
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(pilotApplications)
      .set({
        contactName: blankToNull(input.contactName) === undefined ? current.contactName : blankToNull(input.contactName),
        contactPhone: blankToNull(input.contactPhone) === undefined ? current.contactPhone : blankToNull(input.contactPhone),
        contactEmail: blankToNull(input.contactEmail) === undefined ? current.contactEmail : blankToNull(input.contactEmail),
        remarks: blankToNull(input.remarks) === undefined ? current.remarks : blankToNull(input.remarks),
        updatedAt: new Date(),
      })
      .where(and(eq(pilotApplications.id, id), eq(pilotApplications.status, current.status)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    if (input.enterpriseIds) {
      await tx.delete(pilotApplicationEnterprises).where(eq(pilotApplicationEnterprises.applicationId, id));
      if (enterpriseIds.length) await tx.insert(pilotApplicationEnterprises).values(enterpriseIds.map((enterpriseId) => ({ applicationId: id, enterpriseId })));
    }
    await writeAudit(tx, context, {
      action: 'pilot-application.updated',
      targetType: 'pilot-application',
      targetId: id,
      organisationId: current.departmentId,
      organisationPath: current.departmentPath,
      before: auditView(current, before),
      after: auditView(updated, enterpriseIds),
    });
    return updated;
  });
  return applicationDto(db, context, row);
}

const auditActionOf = {
  submit: 'pilot-application.submitted',
  accept: 'pilot-application.accepted',
  return: 'pilot-application.returned',
} as const;

/** One change of state: the transition table decides, the row, its history and the audit entry are written together. */
async function transition(
  db: Database,
  context: RequestContext,
  current: ApplicationRow,
  act: PilotAct,
  changes: Partial<typeof pilotApplications.$inferInsert>,
  note: string | null,
): Promise<ApplicationRow> {
  const to = assertTransition('pilotApplication', current.status, act) as PilotApplicationStatus;
  const enterpriseIds = (await applicationEnterprises(db, [current.id])).get(current.id) ?? [];
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(pilotApplications)
      .set({ ...changes, status: to, updatedAt: new Date() })
      // The state it was read in: a concurrent act in between makes this one fail instead of overwriting it.
      .where(and(eq(pilotApplications.id, current.id), eq(pilotApplications.status, current.status)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await tx.insert(pilotApplicationHistory).values({
      applicationId: current.id,
      act,
      fromStatus: current.status,
      toStatus: to,
      actorId: context.actor.userId,
      actorName: actorName(context),
      note,
    });
    await writeAudit(tx, context, {
      action: auditActionOf[act],
      targetType: 'pilot-application',
      targetId: current.id,
      organisationId: current.departmentId,
      organisationPath: current.departmentPath,
      before: auditView(current, enterpriseIds),
      after: auditView(updated, enterpriseIds),
    });
    return updated;
  });
}

/** Submits to the ministry: complete, every enterprise still qualifying, and before the year's deadline. */
export async function submitPilotApplication(db: Database, context: RequestContext, id: string): Promise<PilotApplicationDto> {
  assertPermission(context.actor, 'pilot:write');
  assertDepartment(context);
  const current = await findApplicationInScope(db, context, id);
  assertTransition('pilotApplication', current.status, 'submit');
  const deadline = await loadPilotYear(db, current.year);
  if (!deadline.open) throw new AppError('PILOT_DEADLINE_PASSED', { year: current.year, deadline: deadline.deadline });
  const enterpriseIds = (await applicationEnterprises(db, [id])).get(id) ?? [];
  const errors = await enterpriseErrors(db, current.departmentPath, enterpriseIds);
  if (!enterpriseIds.length) {
    errors.push(fieldError('enterpriseIds', 'REQUIRED', '请至少选择一家试点企业', 'Choose at least one pilot enterprise'));
  }
  if (!current.contactName) errors.push(fieldError('contactName', 'REQUIRED', '请填写联系人', 'The contact person is required'));
  if (!current.contactPhone) errors.push(fieldError('contactPhone', 'REQUIRED', '请填写联系电话', 'The contact telephone is required'));
  if (errors.length) throw new AppError('PILOT_APPLICATION_INVALID', {}, { errors });
  const row = await transition(db, context, current, 'submit', { submittedAt: new Date() }, null);
  return applicationDto(db, context, row);
}

async function decide(db: Database, context: RequestContext, id: string, act: 'accept' | 'return', note: string | null): Promise<PilotApplicationDto> {
  assertPermission(context.actor, 'pilot:decide');
  const current = await findApplicationInScope(db, context, id);
  const changes = act === 'accept' ? { decidedAt: new Date(), decisionNote: note } : { decidedAt: new Date(), returnReason: note };
  const row = await transition(db, context, current, act, changes, note);
  return applicationDto(db, context, row);
}

/** 备案: the ministry accepts; the application's enterprises are pilot enterprises of that year. */
export function acceptPilotApplication(db: Database, context: RequestContext, id: string, note: string | null | undefined) {
  return decide(db, context, id, 'accept', note?.trim() || null);
}

/** The ministry returns the application with its reason; the department may change and submit it again. */
export function returnPilotApplication(db: Database, context: RequestContext, id: string, reason: string) {
  return decide(db, context, id, 'return', reason.trim());
}

// ------------------------------------------------------------------------- pilot enterprises

/** The pilot enterprises in scope: those of accepted applications. */
export async function listPilotEnterprises(db: Database, context: RequestContext, query: { year?: number }) {
  assertPermission(context.actor, 'pilot:read');
  const conditions: SQL[] = [eq(pilotApplications.status, 'accepted'), like(pilotApplications.departmentPath, `${context.actor.organisationPath}%`)];
  if (query.year) conditions.push(eq(pilotApplications.year, query.year));
  const rows = await db
    .select({ application: pilotApplications, enterpriseId: pilotApplicationEnterprises.enterpriseId })
    .from(pilotApplications)
    .innerJoin(pilotApplicationEnterprises, eq(pilotApplicationEnterprises.applicationId, pilotApplications.id))
    .where(and(...conditions))
    .orderBy(desc(pilotApplications.year));
  const names = new Map(
    (await findOrganisationsByIds(db, [...new Set(rows.flatMap((row) => [row.enterpriseId, row.application.departmentId]))])).map((row) => [row.id, row.name]),
  );
  return rows
    .map((row) => ({
      year: row.application.year,
      enterpriseId: row.enterpriseId,
      enterpriseName: names.get(row.enterpriseId) ?? '',
      departmentId: row.application.departmentId,
      departmentName: names.get(row.application.departmentId) ?? '',
      applicationId: row.application.id,
      acceptedAt: iso(row.application.decidedAt),
    }))
    .sort((a, b) => b.year - a.year || a.departmentName.localeCompare(b.departmentName) || a.enterpriseName.localeCompare(b.enterpriseName));
}

/**
 * The years in which an enterprise is a pilot enterprise: it, or an enterprise above it (its
 * group), is named in an accepted application of that year. A group accepted as a pilot carries
 * its subsidiaries with it.
 */
export async function pilotYearsOf(db: Database, enterprisePath: string): Promise<number[]> {
  const ids = pathIds(enterprisePath);
  const rows = await db
    .selectDistinct({ year: pilotApplications.year })
    .from(pilotApplications)
    .innerJoin(pilotApplicationEnterprises, eq(pilotApplicationEnterprises.applicationId, pilotApplications.id))
    .where(and(eq(pilotApplications.status, 'accepted'), inArray(pilotApplicationEnterprises.enterpriseId, ids)));
  return rows.map((row) => row.year).sort((a, b) => b - a);
}
