// 取消本年度评审资格（弄虚作假）(section 六(四) of 人社厅发〔2021〕66号): fraud may come to light at
// any step, and wherever it is found the year's result is void and a five-year ban follows; after
// certification the certificate is revoked (and an open appointment ends). One act, one
// transaction: the application → disqualified (its life cycle), the candidate withdrawn from an
// open notice, the ban (createBan), the certificate revoked, the finding kept with its evidence,
// each audited. Who may find it at which step is the domain's rule (sanction-rules.ts):
// HR at its screening, before and during its notice and after certification; the committee's chair
// while the applicant is in review; the supervising department at any step.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, like, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { isIdentityType, maskIdNumber } from '../../domain/identity.ts';
import { FRAUD_FINDER_NAMES, FRAUD_STAGE_NAMES, FRAUD_STAGE_PHRASES, fraudBanBasis, fraudFindersOf, fraudStageOf, mayFindFraud, type FraudFinder, type FraudStage } from '../../domain/sanction-rules.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError, type FieldError } from '../../platform/errors.ts';
import { findFile } from '../../platform/files.ts';
import { assertPermission, hasPermission, isInScope } from '../../platform/policy.ts';
import { endAppointmentsForFraud } from '../appointments/end-for-fraud.ts';
import { applicantUserOf, applicationForFraud, STATUS_NAMES, transitionApplication, type ApplicationRow } from '../applications/service.ts';
import { banEndDates, createBan } from '../bans/service.ts';
import { certificateForApplication, certificateForModule, certificateHolderIdentity, revokeCertificate } from '../certificates/manage-certificates.ts';
import { withdrawCandidateForFraud } from '../notices/service.ts';
import { notify } from '../notifications/service.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import { getPlanForApplications } from '../plans/plan-for-applications.ts';
import type { FraudFindingCreateReq, FraudFindingDto } from './schemas.ts';
import { fraudFindings } from './tables.ts';

type FindingRow = typeof fraudFindings.$inferSelect;

async function toDtos(db: Database, rows: FindingRow[]): Promise<FraudFindingDto[]> {
  const until = await banEndDates(db, rows.map((row) => row.banId));
  return rows.map((row) => ({
    id: row.id,
    applicationId: row.applicationId,
    certificateId: row.certificateId,
    fromStatus: row.fromStatus,
    stage: row.stage,
    stageName: row.stage === 'supervision' ? { 'zh-CN': '监督检查', en: 'supervision' } : FRAUD_STAGE_NAMES[row.stage],
    finder: row.finder,
    finderName: FRAUD_FINDER_NAMES[row.finder],
    subjectName: row.subjectName,
    subjectNumberMasked: row.subjectNumberMasked,
    year: row.year,
    findings: row.findings,
    evidenceFileIds: row.evidenceFileIds,
    banId: row.banId,
    banUntil: until.get(row.banId) ?? null,
    certificateRevoked: row.certificateRevoked,
    enterpriseId: row.enterpriseId,
    foundByName: row.foundByName,
    foundByOrganisationName: row.foundByOrganisationName,
    createdAt: row.createdAt.toISOString(),
  }));
}

/** The findings of fraud in the actor's scope (by the enterprise whose evaluation they concern), for an application or a certificate. */
export async function listFraudFindings(db: Database, context: RequestContext, query: { applicationId?: string; certificateId?: string }): Promise<FraudFindingDto[]> {
  assertPermission(context.actor, 'ban:read');
  const conditions: SQL[] = [like(fraudFindings.enterprisePath, `${context.actor.organisationPath}%`)];
  if (query.applicationId) conditions.push(eq(fraudFindings.applicationId, query.applicationId));
  if (query.certificateId) conditions.push(eq(fraudFindings.certificateId, query.certificateId));
  const rows = await db.select().from(fraudFindings).where(and(...conditions)).orderBy(desc(fraudFindings.createdAt)).limit(500);
  return toDtos(db, rows);
}

/**
 * The findings of fraud recorded on these applications (the newest first per application), for
 * the evidence flags that name them: no scope check; the caller shows them only beside the
 * applications its reader may read.
 */
export async function findingsForApplications(db: Database, applicationIds: readonly string[]): Promise<Map<string, { id: string; createdAt: string }>> {
  if (!applicationIds.length) return new Map();
  const rows = await db
    .select({ id: fraudFindings.id, applicationId: fraudFindings.applicationId, createdAt: fraudFindings.createdAt })
    .from(fraudFindings)
    .where(inArray(fraudFindings.applicationId, [...new Set(applicationIds)]))
    .orderBy(desc(fraudFindings.createdAt));
  const result = new Map<string, { id: string; createdAt: string }>();
  for (const row of rows) if (row.applicationId && !result.has(row.applicationId)) result.set(row.applicationId, { id: row.id, createdAt: row.createdAt.toISOString() });
  return result;
}

/** Every reason the finding cannot be recorded: the findings, the evidence (at least one file the actor may use), the confirmation. */
async function inputErrors(db: Database, context: RequestContext, input: FraudFindingCreateReq): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (input.findings.trim().length < 5) errors.push(fieldError('findings', 'REQUIRED', '请写明认定弄虚作假的事实', 'State the facts found'));
  if (!input.evidenceFileIds.length) errors.push(fieldError('evidenceFileIds', 'EVIDENCE_REQUIRED', '请上传认定弄虚作假的证明材料', 'Upload the evidence of the finding'));
  for (const [index, fileId] of input.evidenceFileIds.entries()) {
    const file = await findFile(db, context, fileId).catch(() => null);
    if (!file) errors.push(fieldError(`evidenceFileIds.${index}`, 'EVIDENCE_NOT_FOUND', '证明材料文件不存在或无权使用，请重新上传', 'The evidence file does not exist or is not yours to use; upload it again'));
  }
  if (input.confirm !== true) {
    errors.push(fieldError('confirm', 'CONFIRMATION_REQUIRED', '此操作将取消本年度评审资格并禁入五年（已发证的撤销证书），不可撤回，请确认', 'This voids the year, bans for five years (and revokes an issued certificate) and cannot be undone: confirm it'));
  }
  return errors;
}

/** Who the actor is for this application, or a refusal: 404 outside every capacity, 403 (FRAUD_NOT_AT_THIS_STEP) at the wrong step. */
function finderOf(context: RequestContext, row: ApplicationRow, via: { chairOf?: boolean }): FraudFinder {
  if (via.chairOf) return 'chair';
  const actor = context.actor;
  if (hasPermission(actor, 'fraud:sanction') && (isInScope(actor, row.organisationPath) || isInScope(actor, row.planEnterprisePath)) && actor.organisationId !== row.planEnterpriseId) return 'department';
  if (hasPermission(actor, 'application:screen') && isInScope(actor, row.planEnterprisePath)) return 'enterprise';
  if (hasPermission(actor, 'application:screen') || hasPermission(actor, 'fraud:sanction')) throw new AppError('NOT_FOUND');
  throw new AppError('FORBIDDEN', { permission: 'application:screen' });
}

function refuseStep(finder: FraudFinder, status: string): never {
  const finders = fraudFindersOf(status);
  const status2 = STATUS_NAMES[status] ?? { 'zh-CN': status, en: status };
  throw new AppError('FRAUD_NOT_AT_THIS_STEP', {
    status: status2['zh-CN'],
    statusEn: status2.en,
    finder: FRAUD_FINDER_NAMES[finder]['zh-CN'],
    finderEn: FRAUD_FINDER_NAMES[finder].en,
    finders: finders.map((entry) => FRAUD_FINDER_NAMES[entry]['zh-CN']).join('、') || '无',
    findersEn: finders.map((entry) => FRAUD_FINDER_NAMES[entry].en).join(', ') || 'nobody',
  });
}

/**
 * Finds fraud in an application: the act of HR (application:screen) and of the supervising
 * department (fraud:sanction); the chair's goes through `findFraudInReview`.
 */
export async function findFraudInApplication(db: Database, context: RequestContext, applicationId: string, input: FraudFindingCreateReq, via: { chairOf?: boolean } = {}): Promise<FraudFindingDto> {
  const found = await applicationForFraud(db, applicationId);
  if (!found) throw new AppError('NOT_FOUND');
  const { row, idNumber } = found;
  const finder = finderOf(context, row, via);
  const stage = fraudStageOf(row.status);
  if (!stage || !mayFindFraud(finder, row.status)) refuseStep(finder, row.status);
  const errors = await inputErrors(db, context, input);
  if (errors.length) throw validationError(errors);
  const plan = await getPlanForApplications(db, row.planId);
  const year = plan?.year ?? Number(context.clock.today().slice(0, 4));
  const certificate = stage === 'after-certification' || row.status === 'confirmed' ? await certificateForApplication(db, row.id) : null;
  // Revoking goes through the certificate module's own act (its permission and scope): HR and departments hold certificate:revoke.
  if (certificate?.status === 'valid') assertPermission(context.actor, 'certificate:revoke');
  return record(db, context, {
    finder,
    stage,
    application: row,
    identity: { name: row.name, idType: row.idType, idNumber },
    certificate: certificate ? { id: certificate.id, status: certificate.status, code: certificate.code } : null,
    enterprise: { id: row.planEnterpriseId, path: row.planEnterprisePath },
    year,
    input,
  });
}

/** The chair finds fraud in a candidate of the committee's open review (the applicant in review). */
export async function findFraudInReview(db: Database, context: RequestContext, committee: { id: string; status: string; candidateIds: readonly string[] }, applicationId: string, input: FraudFindingCreateReq): Promise<FraudFindingDto> {
  if (committee.status === 'closed') throw new AppError('REVIEW_CLOSED');
  if (!committee.candidateIds.includes(applicationId)) throw new AppError('NOT_FOUND');
  return findFraudInApplication(db, context, applicationId, input, { chairOf: true });
}

/**
 * Finds fraud on a certificate (after certification): with its application, the application's
 * act; without one (复核确认, or issued before applications were linked), the certificate is revoked
 * and its holder banned. HR (certificate:revoke with application:screen) or the department.
 */
export async function findFraudOnCertificate(db: Database, context: RequestContext, certificateId: string, input: FraudFindingCreateReq): Promise<FraudFindingDto> {
  if (!hasPermission(context.actor, 'fraud:sanction') && !hasPermission(context.actor, 'application:screen')) throw new AppError('FORBIDDEN', { permission: 'fraud:sanction' });
  const certificate = await certificateForModule(db, context, certificateId, 'certificate:revoke');
  // A certificate of an application: the application's act (its step decides who may act, and a disqualified one allows nothing more).
  if (certificate.applicationId && (await applicationForFraud(db, certificate.applicationId))) return findFraudInApplication(db, context, certificate.applicationId, input);
  if (certificate.status !== 'valid') throw new AppError('CERTIFICATE_REVOKED', { revokedOn: certificate.revokedOn ?? '' });
  const errors = await inputErrors(db, context, input);
  if (errors.length) throw validationError(errors);
  const identity = await certificateHolderIdentity(db, certificate.id);
  if (!identity) throw new AppError('NOT_FOUND');
  const finder: FraudFinder = hasPermission(context.actor, 'fraud:sanction') && context.actor.organisationId !== certificate.enterpriseId ? 'department' : 'enterprise';
  return record(db, context, {
    finder,
    stage: 'after-certification',
    application: null,
    identity: { name: identity.holderName, idType: identity.idType, idNumber: identity.idNumber },
    certificate: { id: certificate.id, status: certificate.status, code: certificate.code },
    enterprise: { id: certificate.enterpriseId, path: certificate.enterprisePath },
    year: Number(certificate.issuedOn.slice(0, 4)),
    input,
  });
}

async function record(
  db: Database,
  context: RequestContext,
  input: {
    finder: FraudFinder;
    stage: FraudStage;
    application: ApplicationRow | null;
    identity: { name: string; idType: string; idNumber: string };
    certificate: { id: string; status: string; code: string } | null;
    enterprise: { id: string; path: string };
    year: number;
    input: FraudFindingCreateReq;
  },
): Promise<FraudFindingDto> {
  const findings = input.input.findings.trim();
  const stageName = FRAUD_STAGE_PHRASES[input.stage];
  const reason = `${stageName}认定弄虚作假，取消${input.year}年度评审资格：${findings}`;
  const [organisation] = await findOrganisationsByIds(db, [context.actor.organisationId]);
  const findingId = randomUUID();
  const row = await db.transaction(async (tx) => {
    const application = input.application;
    if (application) {
      await transitionApplication(tx, context, { applicationId: application.id, act: 'disqualify', auditAction: 'application.disqualified', comment: reason });
      if (application.status === 'in-notice') await withdrawCandidateForFraud(tx, context, application.id, `取消评审资格（弄虚作假）：${findings}`);
    }
    const ban = await createBan(tx, context, {
      subjectType: 'person',
      idType: isIdentityType(input.identity.idType) ? input.identity.idType : undefined,
      number: input.identity.idNumber,
      subjectName: input.identity.name,
      basis: fraudBanBasis(input.year, input.stage, findings),
      yearDisqualified: input.year,
      sourceType: 'fraud-finding',
      sourceId: findingId,
      organisationId: input.enterprise.id,
      organisationPath: input.enterprise.path,
    });
    let revoked = false;
    if (input.certificate?.status === 'valid') {
      await revokeCertificate(tx, context, input.certificate.id, { reason: `弄虚作假：${findings}`, basis: 'fraud' });
      revoked = true;
    }
    if (input.certificate) await endAppointmentsForFraud(tx, context, input.certificate.id, { reason: `弄虚作假：${findings}`, evidenceFileIds: input.input.evidenceFileIds });
    const [created] = await tx
      .insert(fraudFindings)
      .values({
        id: findingId,
        applicationId: application?.id ?? null,
        certificateId: input.certificate?.id ?? null,
        fromStatus: application?.status ?? null,
        stage: input.stage,
        finder: input.finder,
        subjectName: input.identity.name,
        subjectNumberMasked: maskIdNumber(input.identity.idNumber),
        year: input.year,
        findings,
        evidenceFileIds: input.input.evidenceFileIds,
        banId: ban.id,
        certificateRevoked: revoked,
        enterpriseId: input.enterprise.id,
        enterprisePath: input.enterprise.path,
        foundBy: context.actor.userId,
        foundByName: context.actor.displayName,
        foundByOrganisationName: organisation?.name ?? '',
        createdAt: context.clock.now(),
      })
      .returning();
    await writeAudit(tx, context, {
      action: 'fraud.found',
      targetType: 'fraud-finding',
      targetId: findingId,
      organisationId: input.enterprise.id,
      organisationPath: input.enterprise.path,
      after: {
        applicationId: application?.id ?? null,
        fromStatus: application?.status ?? null,
        certificateId: input.certificate?.id ?? null,
        certificateRevoked: revoked,
        stage: input.stage,
        finder: input.finder,
        subjectName: input.identity.name,
        year: input.year,
        findings,
        evidenceFileIds: input.input.evidenceFileIds,
        banId: ban.id,
        banUntil: ban.untilDate,
      },
    });
    const applicant = application ? await applicantUserOf(tx, application) : null;
    if (applicant) {
      await notify(tx, context.clock, {
        userId: applicant,
        kind: 'application.disqualified',
        title: { 'zh-CN': '您的评审资格已被取消（弄虚作假）', en: 'Your application was disqualified for fraud' },
        body: {
          'zh-CN': `经核实，您的特级技师申报${stageName}发现弄虚作假，取消${input.year}年度评审资格${revoked ? '并撤销证书' : ''}，自 ${ban.fromDate} 至 ${ban.untilDate} 不得申报或参加特级技师评审。认定事实：${findings}`,
          en: `Your application was found fraudulent at ${FRAUD_STAGE_NAMES[input.stage].en}: the ${input.year} result is void${revoked ? ', the certificate revoked' : ''}, and you may not apply from ${ban.fromDate} until ${ban.untilDate}. Findings: ${findings}`,
        },
        link: '/my-application',
      });
    }
    return created;
  });
  const [dto] = await toDtos(db, [row]);
  return dto;
}
