// 退出机制 (section 六(四)): the enterprise ends an appointment with a reason and evidence. For fraud
// (弄虚作假) the certificate is revoked, and the holder loses the year and is banned for five years.
import type { Database } from '../../db/client.ts';
import { compareCalendarDates, isCalendarDate, yearOf } from '../../domain/calendar-date.ts';
import { isIdentityType } from '../../domain/identity.ts';
import { assertTransition } from '../../domain/transitions.ts';
import type { RequestContext } from '../../platform/context.ts';
import { fieldError, validationError, type FieldError } from '../../platform/errors.ts';
import { findFile } from '../../platform/files.ts';
import { assertPermission } from '../../platform/policy.ts';
import { createBan, type ActiveBan } from '../bans/service.ts';
import { certificateHolderIdentity, revokeCertificate } from '../certificates/manage-certificates.ts';
import { appointmentInScope, holderCertificate, toAppointmentDto } from './appointment-records.ts';
import type { ExitReq } from './schemas.ts';
import { moveApplication } from './service.ts';
import { endTerm } from './end-for-fraud.ts';

export const EXIT_CATEGORY_NAMES = {
  expired: { 'zh-CN': '聘期届满未续聘', en: 'Term expired, not renewed' },
  'failed-assessment': { 'zh-CN': '考核不合格', en: 'Failed assessment' },
  left: { 'zh-CN': '离职', en: 'Left the enterprise' },
  retired: { 'zh-CN': '退休', en: 'Retired' },
  violation: { 'zh-CN': '严重违反规章制度', en: 'Serious violation' },
  fraud: { 'zh-CN': '弄虚作假', en: 'Fraud (falsified material)' },
} as const;

/**
 * Ends the appointment (drafted or active → ended) in one transaction with its audit entry; for
 * fraud also revokes the certificate (revokeCertificate) and records a five-year ban (createBan),
 * each audited in the same transaction. The holder's application, when linked, moves to exited.
 */
export async function exitAppointment(db: Database, context: RequestContext, id: string, input: ExitReq) {
  const current = await appointmentInScope(db, context, id, 'appointment:write');
  const to = assertTransition('appointment', current.status, 'exit');
  const fraud = input.category === 'fraud';
  if (fraud) assertPermission(context.actor, 'certificate:revoke');
  const errors: FieldError[] = [];
  if (!isCalendarDate(input.endedOn)) errors.push(fieldError('endedOn', 'DATE_INVALID', '退出日期无效', 'The date is not valid'));
  else if (compareCalendarDates(input.endedOn, current.termStart) < 0 && current.status === 'active') {
    errors.push(fieldError('endedOn', 'DATE_BEFORE_TERM', '退出日期不能早于聘期开始', 'The exit cannot be before the term starts'));
  }
  if (fraud && input.confirmFraud !== true) {
    errors.push(fieldError('confirmFraud', 'CONFIRMATION_REQUIRED', '弄虚作假将撤销证书并禁入五年，请确认', 'Fraud revokes the certificate and bans for five years: confirm it'));
  }
  if ((fraud || input.category === 'violation') && input.evidenceFileIds.length === 0) {
    errors.push(fieldError('evidenceFileIds', 'EVIDENCE_REQUIRED', '请上传认定的证明材料', 'Upload the evidence of the finding'));
  }
  for (const [index, fileId] of input.evidenceFileIds.entries()) {
    const file = await findFile(db, context, fileId).catch(() => null);
    if (!file) errors.push(fieldError(`evidenceFileIds.${index}`, 'FILE_NOT_FOUND', '证明材料文件不存在，请重新上传', 'The evidence file was not found; upload it again'));
  }
  if (errors.length) throw validationError(errors);
  const certificate = await holderCertificate(db, context, current.certificateId, 'appointment:write');
  const identity = fraud ? await certificateHolderIdentity(db, certificate.id) : null;
  const reason = input.reason.trim();
  const result = await db.transaction(async (tx) => {
    const updated = await endTerm(tx, context, current, to, { endedOn: input.endedOn, category: input.category, reason, evidenceFileIds: input.evidenceFileIds });
    let revoked = false;
    let ban: ActiveBan | null = null;
    if (fraud && identity) {
      if (certificate.status === 'valid') {
        await revokeCertificate(tx, context, certificate.id, { reason: `弄虚作假（退出机制）：${reason}`, basis: 'fraud' });
        revoked = true;
      }
      ban = await createBan(tx, context, {
        subjectType: 'person',
        idType: isIdentityType(identity.idType) ? identity.idType : undefined,
        number: identity.idNumber,
        subjectName: identity.holderName,
        basis: `特级技师评聘弄虚作假：${reason}`,
        fromDate: input.endedOn,
        yearDisqualified: yearOf(input.endedOn),
        sourceType: 'appointment',
        sourceId: current.id,
        organisationId: current.enterpriseId,
        organisationPath: current.enterprisePath,
      });
    }
    await moveApplication(tx, context, certificate.applicationId, 'exit', { 'zh-CN': `${EXIT_CATEGORY_NAMES[input.category]['zh-CN']}：${reason}`, en: `${EXIT_CATEGORY_NAMES[input.category].en}: ${reason}` });
    return { updated, revoked, ban };
  });
  return {
    appointment: toAppointmentDto(result.updated, context.actor),
    certificateRevoked: result.revoked,
    ban: result.ban ? { id: result.ban.id, fromDate: result.ban.fromDate, untilDate: result.ban.untilDate, yearDisqualified: result.ban.yearDisqualified } : null,
  };
}
