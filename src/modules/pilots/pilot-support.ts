// What the pilot use cases share: the enterprises put forward, the application's shape, access.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { organisations } from '../../db/schema.ts';
import { PILOT_CANDIDATE_PROBLEMS, pilotCandidateProblem } from '../../domain/pilot-rules.ts';
import { allowedActs, type ActOf } from '../../domain/transitions.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, type FieldError } from '../../platform/errors.ts';
import { assertInScope, hasPermission } from '../../platform/policy.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import type { PilotApplicationDto, PilotApplicationSummaryDto, PilotDeadlineDto, PilotEnterpriseDto } from './schemas.ts';
import { pilotApplicationEnterprises, pilotApplicationHistory, pilotApplications } from './tables.ts';
import { pilotDeadlineFor } from './jurisdiction-settings.ts';

export type OrganisationRow = typeof organisations.$inferSelect;
export type ApplicationRow = typeof pilotApplications.$inferSelect;
export type PilotAct = ActOf<'pilotApplication'>;

export const iso = (value: Date | null) => value?.toISOString() ?? null;
export const actorName = (context: RequestContext) => `${context.actor.displayName} (${context.actor.username})`;

// ------------------------------------------------------------------------------ enterprises

export function toEnterpriseDto(row: OrganisationRow, departmentPath: string, parents: Map<string, OrganisationRow>): PilotEnterpriseDto {
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

export async function withParents(db: Database, rows: OrganisationRow[]): Promise<Map<string, OrganisationRow>> {
  const ids = [...new Set(rows.map((row) => row.parentId).filter((id): id is string => Boolean(id)))];
  return new Map((await findOrganisationsByIds(db, ids)).map((row) => [row.id, row]));
}

/** The enterprises a department may choose from: every enterprise below it, with its filing and whether it qualifies. */
export function assertDepartment(context: RequestContext) {
  if (context.actor.organisationKind !== 'department') throw new AppError('PILOT_DEPARTMENT_ONLY');
}

/** Every reason the enterprises chosen cannot be put forward (an unknown id says no more than "outside the scope"). */
export async function enterpriseErrors(db: Database, departmentPath: string, ids: readonly string[]): Promise<FieldError[]> {
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

export function actsFor(context: RequestContext, row: ApplicationRow): string[] {
  const acts = allowedActs('pilotApplication', row.status) as string[];
  const mine = context.actor.organisationKind === 'department' && hasPermission(context.actor, 'pilot:write');
  const deciding = hasPermission(context.actor, 'pilot:decide');
  const result: string[] = [];
  if (mine && acts.includes('submit')) result.push('edit', 'submit');
  if (deciding) result.push(...acts.filter((act) => act === 'accept' || act === 'return' || act === 'amend'));
  return result;
}

export async function applicationEnterprises(db: Database, applicationIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (!applicationIds.length) return map;
  const rows = await db.select().from(pilotApplicationEnterprises).where(inArray(pilotApplicationEnterprises.applicationId, applicationIds));
  for (const row of rows) map.set(row.applicationId, [...(map.get(row.applicationId) ?? []), row.enterpriseId]);
  return map;
}

export function summary(context: RequestContext, row: ApplicationRow, department: OrganisationRow | undefined, deadline: PilotDeadlineDto, enterprises: OrganisationRow[]): PilotApplicationSummaryDto {
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
export async function findApplicationInScope(db: Database, context: RequestContext, id: string): Promise<ApplicationRow> {
  const [row] = await db.select().from(pilotApplications).where(eq(pilotApplications.id, id));
  assertInScope(context.actor, row?.departmentPath);
  if (row.status === 'draft' && context.actor.organisationKind !== 'department') throw new AppError('NOT_FOUND');
  return row;
}

export async function applicationDto(db: Database, context: RequestContext, row: ApplicationRow): Promise<PilotApplicationDto> {
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
  const base = summary(context, row, department, await pilotDeadlineFor(db, row.departmentPath, row.year, context.clock.today()), enterprises);
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
export function auditView(row: ApplicationRow, enterpriseIds: readonly string[]) {
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

export const uniqueIds = (ids: readonly string[]) => [...new Set(ids)];
export const blankToNull = (value: string | null | undefined) => (value === undefined ? undefined : value && value.trim() ? value.trim() : null);

