// 暂停评审 (申报单位弄虚作假, section 六(四)): a supervising department suspends an enterprise's
// evaluation for the period it decides, with its findings. While a suspension runs, the enterprise
// (and every organisation below it) may not draw up or publish a plan, submit applications, review,
// start a notice, confirm a list or issue certificates: each of those acts asks
// `assertNotSuspended` first and is refused with EVALUATION_SUSPENDED naming the period. An upheld
// notice objection with unit fraud records a suspension as well (until the unit's ban ends), which
// the department may lift. Lifting is the department's act, with a reason, audited.
import { and, desc, eq, like, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { isCalendarDate, type CalendarDate } from '../../domain/calendar-date.ts';
import type { LocalizedText } from '../../domain/errors.ts';
import { suspensionCovers, suspensionPeriodIssues } from '../../domain/sanction-rules.ts';
import { assertTransition } from '../../domain/transitions.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { AuditContext, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError, type FieldError } from '../../platform/errors.ts';
import { findFile } from '../../platform/files.ts';
import { assertInScope, assertPermission, hasPermission, isInScope } from '../../platform/policy.ts';
import { findOrganisationInScope, findOrganisationsByIds } from '../organisations/service.ts';
import type { SuspensionCreateReq, SuspensionDto } from './schemas.ts';
import { suspensions } from './tables.ts';

type SuspensionRow = typeof suspensions.$inferSelect;

/** The acts a suspension stops, as its refusal names them. */
export const SUSPENDED_ACTS = {
  plan: { 'zh-CN': '制定或发布工作方案', en: 'drawing up or publishing a work plan' },
  application: { 'zh-CN': '提交申报', en: 'submitting an application' },
  review: { 'zh-CN': '组织评审', en: 'the review' },
  notice: { 'zh-CN': '启动公示', en: 'starting a public notice' },
  confirmation: { 'zh-CN': '核准名单', en: 'confirming the list' },
  issuance: { 'zh-CN': '颁发证书', en: 'issuing certificates' },
} as const satisfies Record<string, LocalizedText>;
export type SuspendedAct = keyof typeof SUSPENDED_ACTS;

/** The suspensions running on `day` that cover any of the organisations (by path). A handful exist at most: read and matched here. */
export async function suspensionsCovering(db: Database, paths: readonly string[], day: CalendarDate): Promise<SuspensionRow[]> {
  const wanted = [...new Set(paths.filter(Boolean))];
  if (!wanted.length) return [];
  const running = await db
    .select()
    .from(suspensions)
    .where(and(eq(suspensions.status, 'effective'), sql`${suspensions.fromDate} <= ${day}`, sql`${suspensions.untilDate} >= ${day}`));
  return running.filter((row) => wanted.some((path) => suspensionCovers(row, path, day)));
}

/**
 * Refuses the act (EVALUATION_SUSPENDED, 422) when a suspension running today covers any of the
 * organisations: the enterprise whose evaluation it is, the issuing one, a candidate's unit.
 */
export async function assertNotSuspended(db: Database, context: AuditContext, paths: readonly string[], act: SuspendedAct): Promise<void> {
  const [found] = await suspensionsCovering(db, paths, context.clock.today());
  if (!found) return;
  throw new AppError('EVALUATION_SUSPENDED', {
    name: found.enterpriseName,
    decidedBy: found.decidedByName,
    from: found.fromDate,
    until: found.untilDate,
    findings: found.findings,
    act: SUSPENDED_ACTS[act]['zh-CN'],
    actEn: SUSPENDED_ACTS[act].en,
  });
}

function toDto(row: SuspensionRow, context: RequestContext): SuspensionDto {
  const today = context.clock.today();
  const liftable = row.status === 'effective' && hasPermission(context.actor, 'fraud:sanction') && isInScope(context.actor, row.enterprisePath) && context.actor.organisationId !== row.enterpriseId;
  return {
    id: row.id,
    enterpriseId: row.enterpriseId,
    enterpriseName: row.enterpriseName,
    fromDate: row.fromDate,
    untilDate: row.untilDate,
    findings: row.findings,
    evidenceFileIds: row.evidenceFileIds,
    status: row.status,
    active: suspensionCovers(row, row.enterprisePath, today),
    sourceType: row.sourceType,
    sourceId: row.sourceId,
    decidedByName: row.decidedByName,
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    liftedOn: row.liftedOn,
    liftReason: row.liftReason,
    liftedByName: row.liftedByName,
    allowedActs: liftable ? ['lift'] : [],
  };
}

/**
 * The suspensions the actor sees: of the enterprises in its scope (a department's, the ministry's
 * all), and those covering its own organisation (an enterprise's HR and employees see their own).
 */
export async function listSuspensions(db: Database, context: RequestContext, query: { active?: 'true' | 'false'; enterpriseId?: string }): Promise<SuspensionDto[]> {
  assertPermission(context.actor, 'ban:read');
  const path = context.actor.organisationPath;
  const conditions: SQL[] = [or(like(suspensions.enterprisePath, `${path}%`), sql`${path} like ${suspensions.enterprisePath} || '%'`)!];
  if (query.enterpriseId) conditions.push(eq(suspensions.enterpriseId, query.enterpriseId));
  const rows = await db.select().from(suspensions).where(and(...conditions)).orderBy(desc(suspensions.createdAt)).limit(500);
  const today = context.clock.today();
  const filtered = query.active ? rows.filter((row) => suspensionCovers(row, row.enterprisePath, today) === (query.active === 'true')) : rows;
  return filtered.map((row) => toDto(row, context));
}

/** The suspensions running today over an organisation or below it, or covering it: for the dashboards. */
export async function runningSuspensionsAround(db: Database, path: string, day: CalendarDate): Promise<SuspensionRow[]> {
  const rows = await db
    .select()
    .from(suspensions)
    .where(and(eq(suspensions.status, 'effective'), sql`${suspensions.fromDate} <= ${day}`, sql`${suspensions.untilDate} >= ${day}`, or(like(suspensions.enterprisePath, `${path}%`), sql`${path} like ${suspensions.enterprisePath} || '%'`)));
  return rows.sort((a, b) => a.untilDate.localeCompare(b.untilDate));
}

async function evidenceErrors(db: Database, context: RequestContext, fileIds: readonly string[]): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const [index, fileId] of fileIds.entries()) {
    const file = await findFile(db, context, fileId).catch(() => null);
    if (!file) errors.push(fieldError(`evidenceFileIds.${index}`, 'EVIDENCE_NOT_FOUND', '证明材料文件不存在或无权使用，请重新上传', 'The evidence file does not exist or is not yours to use; upload it again'));
  }
  return errors;
}

async function insertSuspension(
  tx: Database,
  context: AuditContext,
  input: { enterprise: { id: string; path: string; name: string }; fromDate: CalendarDate; untilDate: CalendarDate; findings: string; evidenceFileIds: string[]; sourceType: 'department' | 'notice-objection'; sourceId: string | null; decidedBy: { id: string; name: string } },
): Promise<SuspensionRow> {
  const [row] = await tx
    .insert(suspensions)
    .values({
      enterpriseId: input.enterprise.id,
      enterprisePath: input.enterprise.path,
      enterpriseName: input.enterprise.name,
      fromDate: input.fromDate,
      untilDate: input.untilDate,
      findings: input.findings,
      evidenceFileIds: input.evidenceFileIds,
      sourceType: input.sourceType,
      sourceId: input.sourceId,
      decidedById: input.decidedBy.id,
      decidedByName: input.decidedBy.name,
      createdBy: context.actor?.userId ?? null,
      createdByName: context.actor?.displayName ?? null,
    })
    .returning();
  await writeAudit(tx, context, {
    action: 'suspension.created',
    targetType: 'suspension',
    targetId: row.id,
    organisationId: row.enterpriseId,
    organisationPath: row.enterprisePath,
    after: { enterpriseName: row.enterpriseName, fromDate: row.fromDate, untilDate: row.untilDate, findings: row.findings, evidenceFileIds: row.evidenceFileIds, sourceType: row.sourceType, sourceId: row.sourceId, decidedBy: row.decidedByName },
  });
  return row;
}

/** 暂停评审: a supervising department suspends an enterprise below it for a period, with findings (and evidence). */
export async function suspendEvaluation(db: Database, context: RequestContext, input: SuspensionCreateReq): Promise<SuspensionDto> {
  assertPermission(context.actor, 'fraud:sanction');
  const enterprise = await findOrganisationInScope(db, context, input.enterpriseId);
  if (enterprise.kind !== 'enterprise' || enterprise.id === context.actor.organisationId) throw new AppError('NOT_FOUND');
  const today = context.clock.today();
  const errors: FieldError[] = [];
  if (!isCalendarDate(input.fromDate)) errors.push(fieldError('fromDate', 'DATE_INVALID', '开始日期无效', 'The first day is not a valid date'));
  if (!isCalendarDate(input.untilDate)) errors.push(fieldError('untilDate', 'DATE_INVALID', '截止日期无效', 'The last day is not a valid date'));
  if (!errors.length) for (const issue of suspensionPeriodIssues(input.fromDate, input.untilDate, today)) errors.push(fieldError(issue.field, issue.code, issue.message['zh-CN'], issue.message.en));
  errors.push(...(await evidenceErrors(db, context, input.evidenceFileIds)));
  if (errors.length) throw validationError(errors);
  const [department] = await findOrganisationsByIds(db, [context.actor.organisationId]);
  const row = await db.transaction((tx) =>
    insertSuspension(tx, context, {
      enterprise: { id: enterprise.id, path: enterprise.path, name: enterprise.name },
      fromDate: input.fromDate,
      untilDate: input.untilDate,
      findings: input.findings.trim(),
      evidenceFileIds: input.evidenceFileIds,
      sourceType: 'department',
      sourceId: null,
      decidedBy: { id: department.id, name: department.name },
    }),
  );
  return toDto(row, context);
}

/**
 * Inside the transaction of an upheld notice objection with unit fraud: the unit's evaluation is
 * suspended from today until its ban ends; the department above may lift it or decide otherwise.
 */
export function recordUnitFraudSuspension(
  tx: Database,
  context: AuditContext,
  input: { unit: { id: string; path: string; name: string }; untilDate: CalendarDate; findings: string; objectionId: string; decidedBy: { id: string; name: string } },
): Promise<SuspensionRow> {
  return insertSuspension(tx, context, {
    enterprise: input.unit,
    fromDate: context.clock.today(),
    untilDate: input.untilDate,
    findings: input.findings,
    evidenceFileIds: [],
    sourceType: 'notice-objection',
    sourceId: input.objectionId,
    decidedBy: input.decidedBy,
  });
}

/** 解除暂停: the supervising department lifts a suspension with its reason (effective → lifted). */
export async function liftSuspension(db: Database, context: RequestContext, id: string, input: { reason: string }): Promise<SuspensionDto> {
  assertPermission(context.actor, 'fraud:sanction');
  const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await db.select().from(suspensions).where(eq(suspensions.id, id)) : [];
  assertInScope(context.actor, row?.enterprisePath);
  // A department lifts what lies below it; an enterprise never lifts its own.
  if (row.enterpriseId === context.actor.organisationId) throw new AppError('FORBIDDEN', { permission: 'fraud:sanction' });
  const to = assertTransition('suspension', row.status, 'lift');
  const reason = input.reason.trim();
  const updated = await db.transaction(async (tx) => {
    const [changed] = await tx
      .update(suspensions)
      .set({ status: to, liftedOn: context.clock.today(), liftReason: reason, liftedBy: context.actor.userId, liftedByName: context.actor.displayName })
      .where(and(eq(suspensions.id, row.id), eq(suspensions.status, row.status)))
      .returning();
    if (!changed) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: 'suspension.lifted',
      targetType: 'suspension',
      targetId: row.id,
      organisationId: row.enterpriseId,
      organisationPath: row.enterprisePath,
      before: { status: row.status, fromDate: row.fromDate, untilDate: row.untilDate },
      after: { status: to, liftedOn: changed.liftedOn, reason },
    });
    return changed;
  });
  return toDto(updated, context);
}
