// 资格审核: HR reviews each condition of a submitted application (confirms the rules core's result
// or overrides it with a written reason), returns the application for correction, finds it
// ineligible with a reason, or eligible once every basic condition is reviewed and met.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { BASIC_CONDITION_NAMES, reviewedConditions, screeningReadiness } from '../../domain/application-rules.ts';
import type { BasicConditionId } from '../../domain/eligibility.ts';
import { assertTransition } from '../../domain/transitions.ts';
import { writeAudit, type AuditAction } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError } from '../../platform/errors.ts';
import { assertPermission } from '../../platform/policy.ts';
import { banRefusal, findBanByHash } from '../bans/service.ts';
import { notify } from '../notifications/service.ts';
import type { ConditionReviewReq } from './schemas.ts';
import { addEvent, applicantUserOf, applicationDto, auditView, loadApplication, reviewsOf, type ApplicationRow } from './service.ts';
import { applicationConditionReviews, applications, type ApplicationStatus } from './tables.ts';

async function screenable(db: Database, context: RequestContext, id: string) {
  assertPermission(context.actor, 'application:screen');
  const loaded = await loadApplication(db, context, id);
  if (!loaded.access.screen) throw new AppError('NOT_FOUND');
  return loaded;
}

/** Confirms or overrides (with a reason) the rules core's result for one basic condition of the current version. */
export async function reviewCondition(db: Database, context: RequestContext, id: string, conditionId: BasicConditionId, input: ConditionReviewReq) {
  const { row, access } = await screenable(db, context, id);
  // Conditions are reviewed while the application awaits its screening decision.
  assertTransition('application', row.status, 'mark-eligible');
  const automatic = row.eligibility?.conditions.find((condition) => condition.id === conditionId);
  if (!automatic) throw new AppError('NOT_FOUND');
  const reason = input.reason?.trim() || null;
  if (input.decision === 'override' && (!reason || reason.length < 2)) {
    throw validationError([fieldError('reason', 'REASON_REQUIRED', '改变系统初审结论时，须写明理由', 'Overriding the rules core’s result needs a written reason')]);
  }
  const met = input.decision === 'override' ? !automatic.met : automatic.met;
  const name = BASIC_CONDITION_NAMES[conditionId];
  await db.transaction(async (tx) => {
    await tx.insert(applicationConditionReviews).values({
      applicationId: id,
      version: row.currentVersion,
      conditionId,
      automaticMet: automatic.met,
      decision: input.decision === 'override' ? 'overridden' : 'confirmed',
      met,
      reason,
      reviewerId: context.actor.userId,
      reviewerName: context.actor.displayName,
    });
    const verdict = met ? '符合' : '不符合';
    await addEvent(tx, context, row, {
      act: 'condition-reviewed',
      version: row.currentVersion,
      comment: `${name['zh-CN']}：${input.decision === 'override' ? `改判为${verdict}` : `确认${verdict}`}${reason ? `（${reason}）` : ''}`,
    });
    await writeAudit(tx, context, {
      action: 'application.condition-reviewed',
      targetType: 'application',
      targetId: id,
      organisationId: row.organisationId,
      organisationPath: row.organisationPath,
      after: { version: row.currentVersion, conditionId, automaticMet: automatic.met, decision: input.decision, met, reason },
    });
  });
  const [fresh] = await db.select().from(applications).where(eq(applications.id, id));
  return applicationDto(db, context, fresh, access);
}

async function decide(
  db: Database,
  context: RequestContext,
  row: ApplicationRow,
  input: {
    act: 'return' | 'mark-ineligible' | 'mark-eligible';
    auditAction: AuditAction;
    text: string | null;
    set: Partial<ApplicationRow>;
    notice: { title: { 'zh-CN': string; en: string }; body: { 'zh-CN': string; en: string } };
  },
) {
  const to = assertTransition('application', row.status, input.act) as ApplicationStatus;
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(applications)
      .set({ ...input.set, status: to, revision: row.revision + 1, updatedAt: context.clock.now() })
      .where(and(eq(applications.id, row.id), eq(applications.status, row.status)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await addEvent(tx, context, row, { act: input.act, fromStatus: row.status, toStatus: to, version: row.currentVersion, comment: input.text });
    await writeAudit(tx, context, {
      action: input.auditAction,
      targetType: 'application',
      targetId: row.id,
      organisationId: row.organisationId,
      organisationPath: row.organisationPath,
      before: auditView(row),
      after: { ...auditView(updated), comment: input.text },
    });
    const applicant = await applicantUserOf(tx, row);
    if (applicant) await notify(tx, context.clock, { userId: applicant, kind: `application.${input.act}`, ...input.notice, link: '/my-application' });
    return updated;
  });
}

/** 退回修改: back to the applicant with comments; they correct it and submit a new version. */
export async function returnApplication(db: Database, context: RequestContext, id: string, comment: string) {
  const { row, access } = await screenable(db, context, id);
  const updated = await decide(db, context, row, {
    act: 'return',
    auditAction: 'application.returned',
    text: comment.trim(),
    set: { returnComment: comment.trim() },
    notice: {
      title: { 'zh-CN': '申报被退回修改', en: 'Application returned for correction' },
      body: { 'zh-CN': `人力资源部门退回了您的申报，请按意见修改后重新提交：${comment.trim()}`, en: `HR returned your application for correction: ${comment.trim()}` },
    },
  });
  return applicationDto(db, context, updated, access);
}

/** 不符合条件: with the reason, which the applicant reads. */
export async function rejectApplication(db: Database, context: RequestContext, id: string, reason: string) {
  const { row, access } = await screenable(db, context, id);
  const updated = await decide(db, context, row, {
    act: 'mark-ineligible',
    auditAction: 'application.marked-ineligible',
    text: reason.trim(),
    set: { decisionReason: reason.trim(), decidedAt: context.clock.now() },
    notice: {
      title: { 'zh-CN': '资格审核结果：不符合申报条件', en: 'Screening result: not eligible' },
      body: { 'zh-CN': `经资格审核，您的申报不符合条件：${reason.trim()}`, en: `After screening, your application is not eligible: ${reason.trim()}` },
    },
  });
  return applicationDto(db, context, updated, access);
}

/** 资格审核通过: every basic condition of the current version reviewed, and met after review. */
export async function markEligible(db: Database, context: RequestContext, id: string, comment: string | undefined) {
  const { row, access } = await screenable(db, context, id);
  assertTransition('application', row.status, 'mark-eligible');
  if (!row.eligibility) throw new AppError('CONFLICT');
  const conditions = reviewedConditions(row.eligibility, await reviewsOf(db, row.id, row.currentVersion));
  const readiness = screeningReadiness(conditions);
  const names = (ids: BasicConditionId[], locale: 'zh-CN' | 'en') => ids.map((conditionId) => BASIC_CONDITION_NAMES[conditionId][locale]).join(locale === 'en' ? ', ' : '、');
  if (readiness.unreviewed.length) {
    throw new AppError('SCREENING_INCOMPLETE', { count: readiness.unreviewed.length, names: names(readiness.unreviewed, 'zh-CN'), namesEn: names(readiness.unreviewed, 'en') });
  }
  if (readiness.unmet.length) {
    throw new AppError('SCREENING_CONDITIONS_NOT_MET', { names: names(readiness.unmet, 'zh-CN'), namesEn: names(readiness.unmet, 'en') });
  }
  // 六(四): a ban that began after the submission (fraud found elsewhere since) refuses the finding too.
  const ban = await findBanByHash(db, row.idLookupHash, context.clock.today());
  if (ban) throw banRefusal(ban, row.name);
  const text = comment?.trim() || null;
  const updated = await decide(db, context, row, {
    act: 'mark-eligible',
    auditAction: 'application.marked-eligible',
    text,
    set: { decisionReason: text, decidedAt: context.clock.now() },
    notice: {
      title: { 'zh-CN': '资格审核结果：符合申报条件', en: 'Screening result: eligible' },
      body: { 'zh-CN': '经资格审核，您符合特级技师申报条件，材料将移交考评机构评审。', en: 'After screening you are eligible; your application goes to the evaluation body for review.' },
    },
  });
  return applicationDto(db, context, updated, access);
}
