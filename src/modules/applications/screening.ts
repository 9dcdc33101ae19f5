// 资格审核: HR reviews each condition of a submitted application — confirms the rules core's
// result, decides what the rules leave to a person (an older certificate number checked against the
// certificate, a disciplinary record, front-line work) and, for judgements, may differ with a
// written reason. Facts are never overridden: HR corrects a wrong fact with evidence and the rules
// run again. HR returns the application for correction, finds it ineligible with a reason, or
// eligible once every basic condition is reviewed and met.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { BASIC_CONDITION_NAMES, normaliseApplicationContent, reviewedConditions, reviewRefusal, screeningReadiness, type ApplicationContent, type EvidenceRef } from '../../domain/application-rules.ts';
import type { BasicConditionId } from '../../domain/eligibility.ts';
import { assertTransition } from '../../domain/transitions.ts';
import { writeAudit, type AuditAction } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError } from '../../platform/errors.ts';
import { assertPermission } from '../../platform/policy.ts';
import { banRefusal, findBanByHash } from '../bans/service.ts';
import { fingerprintApplication } from '../evidence/fingerprint-evidence.ts';
import { notify } from '../notifications/service.ts';
import { findFile } from '../../platform/files.ts';
import type { ConditionReviewReq, FactCorrectionCreateReq } from './schemas.ts';
import { addEvent, applicantUserOf, applicationDto, auditView, correctionsOf, evaluateEligibility, fingerprintedOf, loadApplication, requirePlan, reviewsOf, type ApplicationRow } from './service.ts';
import { applicationConditionReviews, applicationFactCorrections, applications, type ApplicationStatus } from './tables.ts';

async function screenable(db: Database, context: RequestContext, id: string) {
  assertPermission(context.actor, 'application:screen');
  const loaded = await loadApplication(db, context, id);
  if (!loaded.access.screen) throw new AppError('NOT_FOUND');
  return loaded;
}

/**
 * HR's review of one basic condition of the current version: confirms the rules core's result,
 * decides what the rules leave to a person, or (for a judgement) differs with a written reason.
 * A fact (qualification, years in post, occupation, ban) is never overridden: FACT_NOT_OVERRIDABLE
 * points to the correction of the fact with evidence.
 */
export async function reviewCondition(db: Database, context: RequestContext, id: string, conditionId: BasicConditionId, input: ConditionReviewReq) {
  const { row, access } = await screenable(db, context, id);
  // Conditions are reviewed while the application awaits its screening decision.
  assertTransition('application', row.status, 'mark-eligible');
  if (!row.eligibility) throw new AppError('NOT_FOUND');
  const current = reviewedConditions(row.eligibility, [], await correctionsOf(db, row.id, row.currentVersion)).find((condition) => condition.id === conditionId);
  if (!current) throw new AppError('NOT_FOUND');
  const name = BASIC_CONDITION_NAMES[conditionId];
  const reason = input.reason?.trim() || null;
  const refusal = reviewRefusal(conditionId, current.automaticState, { decision: input.decision, met: input.met, reason });
  if (refusal?.code === 'REASON_REQUIRED') {
    throw validationError([fieldError('reason', 'REASON_REQUIRED', `认定“${name['zh-CN']}”须写明理由`, `Deciding "${name.en}" needs a written reason`)]);
  }
  if (refusal) throw new AppError(refusal.code, { name: name['zh-CN'], nameEn: name.en });
  const met = input.decision === 'confirm' ? current.automaticMet : input.decision === 'override' ? !current.automaticMet : input.met!;
  const decision = input.decision === 'confirm' ? 'confirmed' : input.decision === 'override' ? 'overridden' : 'decided';
  await db.transaction(async (tx) => {
    await tx.insert(applicationConditionReviews).values({
      applicationId: id,
      version: row.currentVersion,
      conditionId,
      automaticMet: current.automaticMet,
      decision,
      met,
      reason,
      reviewerId: context.actor.userId,
      reviewerName: context.actor.displayName,
      createdAt: context.clock.now(),
    });
    const verdict = met ? '符合' : '不符合';
    const verdictEn = met ? 'met' : 'not met';
    await addEvent(tx, context, row, {
      act: 'condition-reviewed',
      version: row.currentVersion,
      comment: {
        'zh-CN': `${name['zh-CN']}：${decision === 'confirmed' ? `确认${verdict}` : current.automaticState === 'to-check' ? `认定${verdict}` : `改判为${verdict}`}${reason ? `（${reason}）` : ''}`,
        en: `${name.en}: ${decision === 'confirmed' ? `confirmed ${verdictEn}` : current.automaticState === 'to-check' ? `found ${verdictEn}` : `changed to ${verdictEn}`}${reason ? ` (${reason})` : ''}`,
      },
    });
    await writeAudit(tx, context, {
      action: 'application.condition-reviewed',
      targetType: 'application',
      targetId: id,
      organisationId: row.organisationId,
      organisationPath: row.organisationPath,
      after: { version: row.currentVersion, conditionId, automaticState: current.automaticState, decision, met, reason },
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
    // Priority (an honour) counts once every basic condition is met after review.
    set: { decisionReason: text, decidedAt: context.clock.now(), priority: normaliseApplicationContent(row.content).honours.length > 0 },
    notice: {
      title: { 'zh-CN': '资格审核结果：符合申报条件', en: 'Screening result: eligible' },
      body: { 'zh-CN': '经资格审核，您符合特级技师申报条件，材料将移交考评机构评审。', en: 'After screening you are eligible; your application goes to the evaluation body for review.' },
    },
  });
  return applicationDto(db, context, updated, access);
}

// ---------------------------------------------------------------------------- fact correction

/** The facts a correction may change, as they stand in the content. */
function factsOf(content: ApplicationContent) {
  return {
    qualification: {
      kind: content.qualification.kind,
      certificateNumber: content.qualification.certificateNumber,
      level: content.qualification.level,
      issuer: content.qualification.issuer,
      issuedOn: content.qualification.issuedOn,
    },
    postSince: content.post.since,
    occupationCode: content.occupationCode,
    stillInOccupation: content.stillInOccupation,
  };
}

/**
 * 更正事实: a fact the rules decide by is wrong (the register or the form); HR corrects it with
 * evidence. The rules run again on the corrected facts in the same transaction, the conditions
 * concerned are to be reviewed again, and the correction (before and after, the evidence, who and
 * when) is kept for the committee and the supervising department to see.
 */
export async function correctFacts(db: Database, context: RequestContext, id: string, input: FactCorrectionCreateReq) {
  const { row, access } = await screenable(db, context, id);
  assertTransition('application', row.status, 'mark-eligible');
  const evidence: EvidenceRef[] = [];
  for (const [index, fileId] of input.evidenceFileIds.entries()) {
    const file = await findFile(db, context, fileId).catch(() => null);
    if (!file) throw validationError([fieldError(`evidenceFileIds.${index}`, 'FILE_NOT_FOUND', '证明材料不存在或无权使用', 'The evidence file does not exist or is not yours to use')]);
    evidence.push({ fileId, name: file.name });
  }
  const content = normaliseApplicationContent(row.content);
  const before = factsOf(content);
  const corrected: ApplicationContent = structuredClone(content);
  const conditionIds = new Set<BasicConditionId>();
  if (input.qualification) {
    corrected.qualification = { ...corrected.qualification, ...input.qualification, issuedOn: input.qualification.issuedOn ?? corrected.qualification.issuedOn };
    conditionIds.add('qualification');
  }
  if (input.postSince !== undefined) {
    corrected.post = { ...corrected.post, since: input.postSince };
    conditionIds.add('yearsInPost');
  }
  if (input.occupationCode !== undefined) {
    corrected.occupationCode = input.occupationCode;
    conditionIds.add('occupation');
  }
  if (input.stillInOccupation !== undefined) {
    corrected.stillInOccupation = input.stillInOccupation;
    conditionIds.add('occupation');
  }
  const after = factsOf(corrected);
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]));
  if (!changed.length) throw new AppError('FACT_CORRECTION_UNCHANGED');
  const plan = await requirePlan(db, row.planId);
  const eligibility = await evaluateEligibility(db, plan, row, corrected, context.clock.today());
  const pick = (facts: ReturnType<typeof factsOf>) => Object.fromEntries(changed.map((key) => [key, facts[key]]));
  const at = context.clock.now();
  const updated = await db.transaction(async (tx) => {
    const [saved] = await tx
      .update(applications)
      .set({ content: corrected, occupationCode: corrected.occupationCode, eligibility, priority: eligibility.priority, revision: row.revision + 1, updatedAt: at })
      .where(and(eq(applications.id, row.id), eq(applications.revision, row.revision)))
      .returning();
    if (!saved) throw new AppError('CONFLICT');
    await tx.insert(applicationFactCorrections).values({
      applicationId: row.id,
      version: row.currentVersion,
      conditionIds: [...conditionIds],
      before: pick(before),
      after: pick(after),
      note: input.note.trim(),
      evidence,
      correctorId: context.actor.userId,
      correctorName: context.actor.displayName,
      at,
    });
    const names = [...conditionIds].map((conditionId) => BASIC_CONDITION_NAMES[conditionId]['zh-CN']).join('、');
    const namesEn = [...conditionIds].map((conditionId) => BASIC_CONDITION_NAMES[conditionId].en).join('; ');
    await addEvent(tx, context, row, { act: 'fact-corrected', version: row.currentVersion, comment: { 'zh-CN': `更正事实（${names}）：${input.note.trim()}`, en: `Facts corrected (${namesEn}): ${input.note.trim()}` } });
    await writeAudit(tx, context, {
      action: 'application.fact-corrected',
      targetType: 'application',
      targetId: row.id,
      organisationId: row.organisationId,
      organisationPath: row.organisationPath,
      before: { version: row.currentVersion, ...pick(before) },
      after: { version: row.currentVersion, ...pick(after), conditionIds: [...conditionIds], evidence: evidence.map((ref) => ref.fileId), note: input.note.trim(), outcome: eligibility.outcome },
    });
    // The corrected certificate number is the one compared with other applicants' from now on.
    await fingerprintApplication(tx, context, fingerprintedOf(saved), corrected);
    return saved;
  });
  return applicationDto(db, context, updated, access);
}
