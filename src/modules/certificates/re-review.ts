// 复核确认 (section 六(三)): the 特级技师 an enterprise evaluated before the notice are imported under
// its re-review plan, reviewed one by one against the notice's requirements (the system shows what
// it can see: a running ban, a certificate already held, an occupation outside the plan), confirmed
// or not with a reason, and the confirmed ones are issued certificates by the same batch path as any
// list. Every decision goes through the `reReviewHolder` life cycle and writes an audit entry.
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import type { HolderInput } from '../../domain/certificate-holder.ts';
import { maskIdNumber, type Gender, type IdentityType } from '../../domain/identity.ts';
import { allowedActs, assertTransition } from '../../domain/transitions.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError, type FieldError } from '../../platform/errors.ts';
import { decryptPersonalData, encryptPersonalData, lookupHash } from '../../platform/personal-data.ts';
import { assertInScope, assertPermission, hasPermission } from '../../platform/policy.ts';
import { checkEligibility } from '../../domain/eligibility.ts';
import { findActiveBan } from '../bans/service.ts';
import { activeBansByHash } from '../bans/service.ts';
import { assertNotSuspended } from '../bans/suspensions.ts';
import { findFile } from '../../platform/files.ts';
import { getPlanForApplications, type PlanForApplications } from '../plans/plan-for-applications.ts';
import { readHolderFile } from './holder-file.ts';
import { holdersNotNoticed } from './re-review-notices.ts';
import { issueBatchDto, PRINCIPAL_TECHNICIAN_LEVEL, startCertificateBatch } from './issue-certificates.ts';
import type { ReReviewHolderRow } from './re-review-holders.ts';
import type { ReReviewCheckReq, ReReviewDecisionReq, ReReviewHolderDto, ReReviewImportReq, ReReviewIssueReq } from './re-review-schemas.ts';
import { certificateIssueBatches, certificates, reReviewHolders, type ReReviewCheckResult } from './tables.ts';

/** The re-review plan, published and in the actor's scope; 404 otherwise, 409 for a plan of another kind. */
async function reReviewPlan(db: Database, context: RequestContext, planId: string): Promise<PlanForApplications> {
  const plan = await getPlanForApplications(db, planId);
  if (!plan) throw new AppError('NOT_FOUND');
  assertInScope(context.actor, plan.enterprise.path);
  if (plan.kind !== 're-review') throw new AppError('RE_REVIEW_PLAN_REQUIRED');
  return plan;
}

/** Imports a filled holder list (the certificate holder template) as pending holders; refuses the whole file, with every reason, when any row is wrong. */
export async function importReReviewHolders(db: Database, context: RequestContext, input: ReReviewImportReq) {
  assertPermission(context.actor, 'certificate:issue');
  const plan = await reReviewPlan(db, context, input.planId);
  if (plan.status === 'closed') throw new AppError('RE_REVIEW_PLAN_CLOSED');
  const parsed = await readHolderFile(Buffer.from(input.content, 'base64'), context.clock.today());
  const errors: FieldError[] = [];
  for (const row of parsed.rows) {
    for (const error of row.errors) {
      errors.push({ path: `rows.${row.row}.${error.path}`, code: error.code, messages: { 'zh-CN': `第 ${row.row} 行：${error.messages['zh-CN']}`, en: `Row ${row.row}: ${error.messages.en}` } });
    }
  }
  if (!parsed.holders.length && !errors.length) errors.push(fieldError('content', 'FILE_EMPTY', '文件中没有人员，请按模板从第 2 行起填写', 'The file lists nobody: fill the template from row 2'));
  const planOccupations = new Set(plan.occupations.map((occupation) => occupation.code));
  const rowsWithoutErrors = parsed.rows.filter((row) => row.errors.length === 0);
  const prepared = parsed.holders.map((holder, index) => ({ holder, row: rowsWithoutErrors[index]?.row ?? index + 2 }));
  for (const { holder, row } of prepared) {
    const code = holder.occupationCode;
    if (!planOccupations.has(code) && !planOccupations.has(code.slice(0, 10))) {
      errors.push(fieldError(`rows.${row}.occupationCode`, 'OCCUPATION_NOT_IN_PLAN', `第 ${row} 行：职业（工种）${code} 不在复核确认工作方案范围内`, `Row ${row}: occupation ${code} is not in the re-review plan`));
    }
  }
  const keys = prepared.map(({ holder }) => ({ lookup: lookupHash(holder.idType, holder.idNumber), occupationCode: holder.occupationCode }));
  const lookups = [...new Set(keys.map((key) => key.lookup))];
  const existing = lookups.length
    ? await db
        .select({ lookup: reReviewHolders.idNumberLookup, occupationCode: reReviewHolders.occupationCode, sourceRow: reReviewHolders.sourceRow })
        .from(reReviewHolders)
        .where(and(eq(reReviewHolders.planId, plan.id), inArray(reReviewHolders.idNumberLookup, lookups)))
    : [];
  const seen = new Map<string, number>();
  for (const [index, key] of keys.entries()) {
    const { row } = prepared[index];
    const id = `${key.lookup}|${key.occupationCode}`;
    if (seen.has(id)) errors.push(fieldError(`rows.${row}.idNumber`, 'HOLDER_REPEATED', `第 ${row} 行：与第 ${seen.get(id)} 行是同一人同一职业`, `Row ${row}: the same person and occupation as row ${seen.get(id)}`));
    seen.set(id, row);
    if (existing.some((entry) => entry.lookup === key.lookup && entry.occupationCode === key.occupationCode)) {
      errors.push(fieldError(`rows.${row}.idNumber`, 'RE_REVIEW_ALREADY_IMPORTED', `第 ${row} 行：此人此职业已导入本复核确认工作方案`, `Row ${row}: this person and occupation are already imported under this plan`));
    }
  }
  if (errors.length) throw validationError(errors);
  const previousEvaluation = input.previousEvaluation?.trim() || null;
  const inserted = await db.transaction(async (tx) => {
    const rows: ReReviewHolderRow[] = [];
    const values = prepared.map(({ holder, row }, index) => ({
      planId: plan.id,
      enterpriseId: plan.enterprise.id,
      enterprisePath: plan.enterprise.path,
      sourceRow: row,
      previousEvaluation,
      name: holder.name,
      idType: holder.idType,
      idNumberEncrypted: encryptPersonalData(holder.idNumber, RE_REVIEW_ID_BINDING),
      idNumberLookup: keys[index].lookup,
      idNumberMasked: maskIdNumber(holder.idNumber),
      gender: holder.gender,
      birthDate: holder.birthDate,
      occupationCode: holder.occupationCode,
      occupationName: holder.occupationName,
      trade: holder.trade,
      importedBy: context.actor.userId,
    }));
    for (let start = 0; start < values.length; start += 400) rows.push(...(await tx.insert(reReviewHolders).values(values.slice(start, start + 400)).returning()));
    await writeAudit(tx, context, {
      action: 're-review.imported',
      targetType: 'plan',
      targetId: plan.id,
      organisationId: plan.enterprise.id,
      organisationPath: plan.enterprise.path,
      after: { fileName: input.fileName, count: rows.length, holderIds: rows.map((row) => row.id), previousEvaluation },
    });
    return rows;
  });
  return { imported: inserted.length, items: await holderDtos(db, plan, inserted, context.clock.today()) };
}

/** The binding of the encrypted identity number of a 复核确认 holder. */
const RE_REVIEW_ID_BINDING = 're_review_holders.id_number';

/** The holders of a re-review plan (masked), with what the system sees against each and the acts allowed. */
export async function listReReviewHolders(db: Database, context: RequestContext, query: { planId: string; status?: ReReviewHolderRow['status'] }) {
  if (!hasPermission(context.actor, 'certificate:issue')) assertPermission(context.actor, 'application:screen');
  const plan = await reReviewPlan(db, context, query.planId);
  const rows = await db
    .select()
    .from(reReviewHolders)
    .where(and(eq(reReviewHolders.planId, plan.id), like(reReviewHolders.enterprisePath, `${context.actor.organisationPath}%`), query.status ? eq(reReviewHolders.status, query.status) : undefined))
    .orderBy(asc(reReviewHolders.sourceRow), asc(reReviewHolders.createdAt));
  const all = await db.select({ status: reReviewHolders.status }).from(reReviewHolders).where(and(eq(reReviewHolders.planId, plan.id), like(reReviewHolders.enterprisePath, `${context.actor.organisationPath}%`)));
  const counts = { pending: 0, confirmed: 0, rejected: 0, certified: 0 };
  for (const row of all) counts[row.status] += 1;
  return { planId: plan.id, counts, items: await holderDtos(db, plan, rows, context.clock.today()) };
}

async function holderDtos(db: Database, plan: PlanForApplications, rows: ReReviewHolderRow[], today: CalendarDate): Promise<ReReviewHolderDto[]> {
  const lookups = [...new Set(rows.map((row) => row.idNumberLookup))];
  const bansFound = await activeBansByHash(db, lookups, today);
  const held = lookups.length
    ? await db
        .select({ id: certificates.id, lookup: certificates.idNumberLookup, occupationCode: certificates.occupationCode, code: certificates.code })
        .from(certificates)
        .where(and(inArray(certificates.idNumberLookup, lookups), eq(certificates.status, 'valid'), eq(certificates.level, PRINCIPAL_TECHNICIAN_LEVEL)))
    : [];
  const planOccupations = new Set(plan.occupations.map((occupation) => occupation.code));
  return rows.map((row) => {
    const ban = bansFound.get(row.idNumberLookup) ?? null;
    const certificate = held.find((entry) => entry.lookup === row.idNumberLookup && entry.occupationCode === row.occupationCode) ?? null;
    const own = certificate && certificate.id === row.certificateId ? certificate : null;
    return {
      id: row.id,
      planId: row.planId,
      enterpriseId: row.enterpriseId,
      sourceRow: row.sourceRow,
      previousEvaluation: row.previousEvaluation,
      name: row.name,
      idType: row.idType,
      idNumberMasked: row.idNumberMasked,
      gender: row.gender as Gender,
      birthDate: row.birthDate,
      occupationCode: row.occupationCode,
      occupationName: row.occupationName,
      trade: row.trade,
      status: row.status,
      decisionReason: row.decisionReason,
      decidedAt: row.decidedAt?.toISOString() ?? null,
      certificateId: row.certificateId,
      certificateCode: own?.code ?? null,
      noticeId: row.noticeId ?? null,
      checkedFacts: row.checkedFacts ?? null,
      checkEvidence: row.checkEvidence ?? [],
      checkResult: row.checkResult ?? null,
      checkedAt: row.checkedAt?.toISOString() ?? null,
      checks: {
        ban: ban ? { basis: ban.basis, untilDate: ban.untilDate } : null,
        certificateHeld: certificate && !own ? certificate.code : null,
        occupationInPlan: planOccupations.has(row.occupationCode) || planOccupations.has(row.occupationCode.slice(0, 10)),
      },
      allowedActs: allowedActs('reReviewHolder', row.status).filter((act) => act !== 'certify'),
    };
  });
}

/** Confirms, rejects (with a reason) or reconsiders one holder; refuses to confirm what the system sees as disqualifying. */
export async function decideReReviewHolder(db: Database, context: RequestContext, id: string, input: ReReviewDecisionReq) {
  assertPermission(context.actor, 'application:screen');
  const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await db.select().from(reReviewHolders).where(eq(reReviewHolders.id, id)) : [];
  if (!row) throw new AppError('NOT_FOUND');
  assertInScope(context.actor, row.enterprisePath);
  const plan = await reReviewPlan(db, context, row.planId);
  const to = assertTransition('reReviewHolder', row.status, input.act);
  const reason = input.reason?.trim() || null;
  if (input.act === 'reject' && !reason) throw validationError([fieldError('reason', 'REASON_REQUIRED', '不予确认须写明理由', 'A rejection needs a reason')]);
  if (input.act === 'confirm') {
    // 暂停评审: no list is confirmed while the enterprise's evaluation is suspended (六(四)).
    await assertNotSuspended(db, context, [row.enterprisePath], 'confirmation');
    const [dto] = await holderDtos(db, plan, [row], context.clock.today());
    const errors: FieldError[] = [];
    if (dto.checks.ban) errors.push(fieldError('act', 'RE_REVIEW_BANNED', `此人处于禁入期（至 ${dto.checks.ban.untilDate}，依据：${dto.checks.ban.basis}），不能确认`, `This person is banned until ${dto.checks.ban.untilDate} (${dto.checks.ban.basis}) and cannot be confirmed`));
    if (dto.checks.certificateHeld) errors.push(fieldError('act', 'HOLDER_ALREADY_CERTIFIED', `此人已持有同一职业的有效特级技师证书（${dto.checks.certificateHeld}）`, `This person already holds a valid certificate for the occupation (${dto.checks.certificateHeld})`));
    if (!dto.checks.occupationInPlan) errors.push(fieldError('act', 'OCCUPATION_NOT_IN_PLAN', '职业（工种）不在复核确认工作方案范围内', 'The occupation is not in the re-review plan'));
    // 六(三): confirmed "按本通知有关要求" — on 三's basic conditions checked with evidence, not on a reason alone.
    if (!row.checkResult) {
      errors.push(fieldError('act', 'RE_REVIEW_NOT_CHECKED', '请先按通知第三部分核验此人的基本条件（资格、岗位年限、职业），并上传证明材料', 'First check the basic conditions (qualification, years in post, occupation) with evidence'));
    } else {
      for (const condition of row.checkResult.conditions) {
        if (condition.state === 'not-met') errors.push(fieldError('act', 'RE_REVIEW_CONDITION_NOT_MET', `不符合基本条件：${condition.reason['zh-CN']}`, `A basic condition is not met: ${condition.reason.en}`));
        if (condition.state === 'to-check' && (!reason || reason.length < 2)) {
          errors.push(fieldError('reason', 'REASON_REQUIRED', `须写明核验情况：${condition.reason['zh-CN']}`, `Say what was checked: ${condition.reason.en}`));
        }
      }
    }
    if (errors.length) throw validationError(errors);
  }
  const updated = await db.transaction(async (tx) => {
    const [changed] = await tx
      .update(reReviewHolders)
      .set({
        status: to,
        decisionReason: input.act === 'reconsider' ? null : reason,
        decidedBy: input.act === 'reconsider' ? null : context.actor.userId,
        decidedAt: input.act === 'reconsider' ? null : context.clock.now(),
        // A reconsidered holder leaves the notice that published them (an objection upheld, a decision taken back).
        ...(input.act === 'reconsider' ? { noticeId: null } : {}),
        updatedAt: context.clock.now(),
      })
      .where(and(eq(reReviewHolders.id, row.id), eq(reReviewHolders.status, row.status)))
      .returning();
    if (!changed) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: input.act === 'confirm' ? 're-review.confirmed' : input.act === 'reject' ? 're-review.rejected' : 're-review.reconsidered',
      targetType: 're-review-holder',
      targetId: row.id,
      organisationId: row.enterpriseId,
      organisationPath: row.enterprisePath,
      before: { status: row.status, decisionReason: row.decisionReason, ...(row.noticeId ? { noticeId: row.noticeId } : {}) },
      after: { status: to, reason, name: row.name, idNumberMasked: row.idNumberMasked, occupationCode: row.occupationCode },
    });
    return changed;
  });
  const [dto] = await holderDtos(db, plan, [updated], context.clock.today());
  return dto;
}

/** Issues certificates to the confirmed holders of a re-review plan (all, or the ones chosen) by the batch path. */
export async function issueReReviewCertificates(db: Database, context: RequestContext, planId: string, input: ReReviewIssueReq & { verifyBaseUrl?: string }) {
  assertPermission(context.actor, 'certificate:issue');
  const plan = await reReviewPlan(db, context, planId);
  if (input.idempotencyKey) {
    // A retried request: its holders are certified by now, so the first request's batch is the answer.
    const [first] = await db
      .select()
      .from(certificateIssueBatches)
      .where(and(eq(certificateIssueBatches.enterpriseId, plan.enterprise.id), eq(certificateIssueBatches.idempotencyKey, input.idempotencyKey)));
    if (first && first.planId !== plan.id) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    if (first) return { batch: await issueBatchDto(db, context, first), created: false };
  }
  const confirmed = await db
    .select()
    .from(reReviewHolders)
    .where(and(eq(reReviewHolders.planId, plan.id), eq(reReviewHolders.status, 'confirmed'), like(reReviewHolders.enterprisePath, `${context.actor.organisationPath}%`)))
    .orderBy(asc(reReviewHolders.sourceRow));
  const chosen = input.holderIds ? confirmed.filter((row) => input.holderIds!.includes(row.id)) : confirmed;
  if (input.holderIds && chosen.length !== new Set(input.holderIds).size) {
    throw validationError([fieldError('holderIds', 'RE_REVIEW_NOT_CONFIRMED', '所选人员中有不是复核确认通过、尚未发证的人员', 'Some of the chosen holders are not confirmed and waiting for a certificate')]);
  }
  if (!chosen.length) throw new AppError('RE_REVIEW_NOTHING_CONFIRMED');
  // 六(三): the confirmed list is publicly noticed (四(三)) to its end before anyone on it is issued a certificate.
  const notNoticed = await holdersNotNoticed(db, plan, chosen, input.issuedOn, context.clock.today());
  if (notNoticed.length) throw new AppError('RE_REVIEW_NOTICE_REQUIRED', { names: notNoticed.slice(0, 10).join('、') + (notNoticed.length > 10 ? `等${notNoticed.length}人` : '') });
  const holders: HolderInput[] = chosen.map((row) => ({
    name: row.name,
    idType: row.idType as IdentityType,
    idNumber: decryptPersonalData(row.idNumberEncrypted, RE_REVIEW_ID_BINDING),
    gender: row.gender as Gender,
    birthDate: row.birthDate,
    occupationCode: row.occupationCode,
    occupationName: row.occupationName,
    trade: row.trade,
    photoFileId: null,
    reReviewHolderId: row.id,
  }));
  return startCertificateBatch(db, context, {
    enterpriseId: plan.enterprise.id,
    planId: plan.id,
    issuedOn: input.issuedOn,
    holders,
    printSerialPrefix: input.printSerialPrefix ?? null,
    idempotencyKey: input.idempotencyKey,
    verifyBaseUrl: input.verifyBaseUrl,
  });
}


/**
 * 核验基本条件: HR records the holder's facts from the certificate and the post's records, with the
 * evidence; the rules of 三 run on them against the re-review plan (cut-off date, years in post,
 * occupations) and a ban running at the cut-off date. Audited; allowed until the holder is decided.
 */
export async function checkReReviewHolder(db: Database, context: RequestContext, id: string, input: ReReviewCheckReq) {
  assertPermission(context.actor, 'application:screen');
  const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await db.select().from(reReviewHolders).where(eq(reReviewHolders.id, id)) : [];
  if (!row) throw new AppError('NOT_FOUND');
  assertInScope(context.actor, row.enterprisePath);
  const plan = await reReviewPlan(db, context, row.planId);
  if (row.status !== 'pending') throw new AppError('RE_REVIEW_ALREADY_DECIDED');
  const evidence: { fileId: string; name: string }[] = [];
  for (const [index, fileId] of input.evidenceFileIds.entries()) {
    const file = await findFile(db, context, fileId).catch(() => null);
    if (!file) throw validationError([fieldError(`evidenceFileIds.${index}`, 'FILE_NOT_FOUND', '证明材料不存在或无权使用', 'The evidence file does not exist or is not yours to use')]);
    evidence.push({ fileId, name: file.name });
  }
  const cutoffDate = plan.eligibility.cutoffDate ?? context.clock.today();
  const idNumber = decryptPersonalData(row.idNumberEncrypted, RE_REVIEW_ID_BINDING);
  const ban = await findActiveBan(db, row.idType as IdentityType, idNumber, cutoffDate);
  const result = checkEligibility(
    { cutoffDate, occupations: plan.occupations.map((occupation) => occupation.code), minYearsInPost: plan.eligibility.minYearsInPost, minYearsInPostPolicyDocument: plan.eligibility.minYearsPolicyDocument },
    {
      qualification: { kind: input.qualification.kind, certificateNumber: input.qualification.certificateNumber, level: input.qualification.level, issuer: input.qualification.issuer ?? null },
      seniorTechnicianPostSince: input.postSince,
      // The occupation as the holder holds it: its 4-part code is the plan's when the 5-part one is not.
      occupationCode: plan.occupations.some((occupation) => occupation.code === row.occupationCode) ? row.occupationCode : row.occupationCode.slice(0, 10),
      stillInOccupation: input.stillInOccupation,
      frontLine: true,
      conductPledge: true,
      disciplinaryRecord: false,
      achievements: ['operating-method'],
      healthFit: true,
      bannedUntil: ban?.untilDate ?? null,
    },
    { today: context.clock.today() },
  );
  const checkResult: ReReviewCheckResult = {
    cutoffDate,
    conditions: result.conditions.filter((condition) => ['qualification', 'yearsInPost', 'occupation', 'notBanned'].includes(condition.id)),
  };
  const facts = { qualification: { ...input.qualification, issuer: input.qualification.issuer ?? null, issuedOn: input.qualification.issuedOn ?? null }, postSince: input.postSince, stillInOccupation: input.stillInOccupation, note: input.note?.trim() || null };
  const updated = await db.transaction(async (tx) => {
    const [changed] = await tx
      .update(reReviewHolders)
      .set({ checkedFacts: facts, checkEvidence: evidence, checkResult, checkedBy: context.actor.userId, checkedAt: context.clock.now(), updatedAt: context.clock.now() })
      .where(and(eq(reReviewHolders.id, row.id), eq(reReviewHolders.status, 'pending')))
      .returning();
    if (!changed) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: 're-review.checked',
      targetType: 're-review-holder',
      targetId: row.id,
      organisationId: row.enterpriseId,
      organisationPath: row.enterprisePath,
      before: row.checkResult ? { conditions: row.checkResult.conditions.map((condition) => `${condition.id}:${condition.state}`) } : null,
      after: { postSince: facts.postSince, qualificationLevel: facts.qualification.level, stillInOccupation: facts.stillInOccupation, evidence: evidence.map((file) => file.fileId), conditions: checkResult.conditions.map((condition) => `${condition.id}:${condition.state}`) },
    });
    return changed;
  });
  const [dto] = await holderDtos(db, plan, [updated], context.clock.today());
  return dto;
}
