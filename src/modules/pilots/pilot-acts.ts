// The acts on a pilot application: create, change, submit (before the deadline), accept (备案), return.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assertTransition } from '../../domain/transitions.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { assertPermission } from '../../platform/policy.ts';
import { EVALUATION_MODEL_NAMES } from '../../domain/jurisdiction-rules.ts';
import type { PilotAmendReq, PilotApplicationCreateReq, PilotApplicationDto, PilotApplicationStatus, PilotApplicationUpdateReq } from './schemas.ts';
import { pilotApplicationEnterprises, pilotApplicationHistory, pilotApplications } from './tables.ts';
import { pilotDeadlineFor } from './jurisdiction-settings.ts';
import { notifyRole } from '../notifications/recipients.ts';
import { actorName, applicationDto, applicationEnterprises, assertDepartment, auditView, blankToNull, enterpriseErrors, findApplicationInScope, uniqueIds, type ApplicationRow, type PilotAct } from './pilot-support.ts';

export async function createPilotApplication(db: Database, context: RequestContext, input: PilotApplicationCreateReq): Promise<PilotApplicationDto> {
  assertPermission(context.actor, 'pilot:write');
  assertDepartment(context);
  // A pilot application is the ministry-filing model's (六(一), 2021); elsewhere nothing is to be filed with the ministry.
  const window = await pilotDeadlineFor(db, context.actor.organisationPath, input.year, context.clock.today());
  if (window.model !== 'ministry-pilot-filing') {
    throw new AppError('PILOT_FILING_NOT_REQUIRED', { year: input.year, model: EVALUATION_MODEL_NAMES[window.model]['zh-CN'], modelEn: EVALUATION_MODEL_NAMES[window.model].en });
  }
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
        updatedAt: context.clock.now(),
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
  amend: 'pilot-application.amended',
} as const;

/** One change of state: the transition table decides, the row, its history and the audit entry are written together. */
async function transition(
  db: Database,
  context: RequestContext,
  current: ApplicationRow,
  act: PilotAct,
  changes: Partial<typeof pilotApplications.$inferInsert>,
  note: string | null,
  newEnterpriseIds?: readonly string[],
): Promise<ApplicationRow> {
  const to = assertTransition('pilotApplication', current.status, act) as PilotApplicationStatus;
  const enterpriseIds = (await applicationEnterprises(db, [current.id])).get(current.id) ?? [];
  return db.transaction(async (tx) => {
    if (newEnterpriseIds) {
      await tx.delete(pilotApplicationEnterprises).where(eq(pilotApplicationEnterprises.applicationId, current.id));
      await tx.insert(pilotApplicationEnterprises).values(newEnterpriseIds.map((enterpriseId) => ({ applicationId: current.id, enterpriseId })));
    }
    const [updated] = await tx
      .update(pilotApplications)
      .set({ ...changes, status: to, updatedAt: context.clock.now() })
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
      after: { ...auditView(updated, newEnterpriseIds ?? enterpriseIds), ...(act === 'amend' ? { reason: note } : {}) },
    });
    await notifyPilotAct(tx, current, act, note);
    return updated;
  });
}

/** Who must act next: the ministry on a submitted application, the department on a returned (or accepted) one. */
async function notifyPilotAct(tx: Database, current: ApplicationRow, act: PilotAct, note: string | null) {
  const what = `${current.year}年度特级技师评聘试点申请`;
  if (act === 'submit') {
    await notifyRole(tx, {
      role: 'ministry-admin',
      organisationPath: `/${current.departmentPath.split('/')[1]}/`,
      kind: 'pilot-application.submitted',
      title: { 'zh-CN': '试点申请待备案', en: 'A pilot application to decide' },
      body: { 'zh-CN': `收到${what}，请审核后备案或退回。`, en: `A ${current.year} pilot application was submitted: accept or return it.` },
      link: '/pilots',
    });
    return;
  }
  if (act === 'amend') {
    await notifyRole(tx, {
      role: 'department-admin',
      organisationPath: current.departmentPath,
      kind: 'pilot-application.amended',
      title: { 'zh-CN': '试点企业名单已调整', en: 'Pilot enterprise list amended' },
      body: { 'zh-CN': `${what}的试点企业名单已由人力资源社会保障部调整，理由：${note ?? '—'}。`, en: `The ministry amended the enterprise list of the ${current.year} pilot application: ${note ?? '—'}.` },
      link: '/pilots',
    });
    return;
  }
  await notifyRole(tx, {
    role: 'department-admin',
    organisationPath: current.departmentPath,
    kind: `pilot-application.${act === 'accept' ? 'accepted' : 'returned'}`,
    title: act === 'accept' ? { 'zh-CN': '试点申请已备案', en: 'Pilot application accepted' } : { 'zh-CN': '试点申请被退回', en: 'Pilot application returned' },
    body:
      act === 'accept'
        ? { 'zh-CN': `${what}已由人力资源社会保障部备案，请督促试点企业制定并公布工作方案。`, en: `The ministry accepted the ${current.year} pilot application: have the pilot enterprises publish their work plans.` }
        : { 'zh-CN': `${what}被退回，理由：${note ?? '—'}。请修改后在截止日期前重新报送。`, en: `The ${current.year} pilot application was returned: ${note ?? '—'}. Correct it and submit it again before the deadline.` },
    link: '/pilots',
  });
}

/** Submits to the ministry: complete, every enterprise still qualifying, and by the jurisdiction's deadline. */
export async function submitPilotApplication(db: Database, context: RequestContext, id: string): Promise<PilotApplicationDto> {
  assertPermission(context.actor, 'pilot:write');
  assertDepartment(context);
  const current = await findApplicationInScope(db, context, id);
  assertTransition('pilotApplication', current.status, 'submit');
  const window = await pilotDeadlineFor(db, current.departmentPath, current.year, context.clock.today());
  if (window.model !== 'ministry-pilot-filing') {
    throw new AppError('PILOT_FILING_NOT_REQUIRED', { year: current.year, model: EVALUATION_MODEL_NAMES[window.model]['zh-CN'], modelEn: EVALUATION_MODEL_NAMES[window.model].en });
  }
  if (!window.open) throw new AppError('PILOT_DEADLINE_PASSED', { year: current.year, deadline: window.deadline ?? '' });
  const enterpriseIds = (await applicationEnterprises(db, [id])).get(id) ?? [];
  const errors = await enterpriseErrors(db, current.departmentPath, enterpriseIds);
  if (!enterpriseIds.length) {
    errors.push(fieldError('enterpriseIds', 'REQUIRED', '请至少选择一家试点企业', 'Choose at least one pilot enterprise'));
  }
  if (!current.contactName) errors.push(fieldError('contactName', 'REQUIRED', '请填写联系人', 'The contact person is required'));
  if (!current.contactPhone) errors.push(fieldError('contactPhone', 'REQUIRED', '请填写联系电话', 'The contact telephone is required'));
  if (errors.length) throw new AppError('PILOT_APPLICATION_INVALID', {}, { errors });
  const row = await transition(db, context, current, 'submit', { submittedAt: context.clock.now() }, null);
  return applicationDto(db, context, row);
}

async function decide(db: Database, context: RequestContext, id: string, act: 'accept' | 'return', note: string | null): Promise<PilotApplicationDto> {
  assertPermission(context.actor, 'pilot:decide');
  const current = await findApplicationInScope(db, context, id);
  const changes = act === 'accept' ? { decidedAt: context.clock.now(), decisionNote: note } : { decidedAt: context.clock.now(), returnReason: note };
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


/**
 * The body that accepted a list (the ministry) amends it: the whole new list, each enterprise
 * qualifying as at filing (below the department, filed for skill level recognition), with the
 * reason. The application stays accepted; its history and the audit log keep the change.
 */
export async function amendPilotEnterprises(db: Database, context: RequestContext, id: string, input: PilotAmendReq): Promise<PilotApplicationDto> {
  assertPermission(context.actor, 'pilot:decide');
  const current = await findApplicationInScope(db, context, id);
  assertTransition('pilotApplication', current.status, 'amend');
  const enterpriseIds = uniqueIds(input.enterpriseIds);
  const errors = await enterpriseErrors(db, current.departmentPath, enterpriseIds);
  if (errors.length) throw new AppError('PILOT_APPLICATION_INVALID', {}, { errors });
  const row = await transition(db, context, current, 'amend', {}, input.reason.trim(), enterpriseIds);
  return applicationDto(db, context, row);
}
