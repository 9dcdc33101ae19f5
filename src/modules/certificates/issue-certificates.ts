// 颁证: issuing certificates. One act issues a whole list in ONE transaction: the serials are drawn
// from the counter row of the institution site, year and level (`INSERT … ON CONFLICT DO UPDATE …
// RETURNING`, which locks that row until commit, so concurrent issuers in any app process queue
// behind each other), the certificates and their audit entries are written, and either all of it
// commits or nothing does — a failed batch leaves no certificate and gives its serials back.
//
// Two ways in: `issueCertificates` (the act itself, synchronous), and `startCertificateBatch` (the
// page's path: the list is checked at once, then a job issues it with the same function and renders
// the print file). Neither is a route of its own: the routes are the two bases a certificate may
// rest on (四(三), 六(三)) — the confirmed list of a notice that ran its full period
// (confirmed-applications.ts) and 复核确认 (re-review.ts) — and every holder must carry one of
// them (an application confirmed on a notice, or a confirmed re-review holder); there is no free list.
import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { InstitutionSettings } from '../../db/schema.ts';
import { isCalendarDate } from '../../domain/calendar-date.ts';
import { makeCertificateCode } from '../../domain/certificate-code.ts';
import { normaliseTrade, validateHolder, type HolderInput } from '../../domain/certificate-holder.ts';
import { maskIdNumber } from '../../domain/identity.ts';
import { issuedAfterNotice, type IssuanceBasis } from '../../domain/sanction-rules.ts';
import { canonicalJson, writeAudit, writeAuditEntries } from '../../platform/audit.ts';
import { clockNow } from '../../platform/clock.ts';
import type { AuditContext, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, type FieldError } from '../../platform/errors.ts';
import { findFile, readFileUnscoped, storeFile } from '../../platform/files.ts';
import { enqueueJob, getJob, wakeJobRunners, type RunningJob } from '../../platform/jobs.ts';
import { decryptPersonalData, encryptPersonalData, lookupHash } from '../../platform/personal-data.ts';
import { assertPermission } from '../../platform/policy.ts';
import { listConfirmedApplications, transitionApplications } from '../applications/service.ts';
import { activeBansByHash } from '../bans/service.ts';
import { assertNotSuspended } from '../bans/suspensions.ts';
import { confirmedNoticesOf } from '../notices/service.ts';
import { getPlan } from '../plans/service.ts';
import { findOrganisationsByIds, pathIds } from '../organisations/service.ts';
import {
  assertCertificatesPrintable,
  certificatePage,
  certificatePages,
  assertPublicVerifyBaseUrl,
  enterpriseFor,
  ID_NUMBER_BINDING,
  issuerOf,
  newVerifyToken,
  printAssets,
  toCertificateDto,
  verifyBaseUrl,
  type CertificateRow,
  type OrganisationRow,
  type PrintedCertificate,
} from './certificate-records.ts';
import type { CertificatePage } from './certificate-pdf.ts';
import type { QrSignedFields } from '../../domain/qr-signature.ts';
import { pdfSigningFor, qrSignerFor, signRenderedPdf, type QrSignature } from '../signing/sign-documents.ts';
import { startCertificatePrint } from './certificate-print.ts';
import type { CertificateDto, IssueBatchDto } from './schemas.ts';
import { certifyReReviewHolder, reReviewIssues } from './re-review-holders.ts';
import { certificateIssueBatches, certificates, certificateSettings, type IssuedInstitution } from './tables.ts';
import { effectiveTemplate, type CertificateTemplate } from './template.ts';

/** The level every certificate of this system carries: 特级技师. */
export const PRINCIPAL_TECHNICIAN_LEVEL = 'T';
const MAX_SERIAL = 999_999;
export const ISSUE_BATCH_JOB = 'certificates.issue-batch';
const HOLDERS_BINDING = 'certificate_issue_batches.holders';
/** How often the print file's rendering reports its progress (and renews the job's heartbeat). */
const PROGRESS_EVERY_MS = 250;

export interface IssueCertificatesInput {
  /** The issuing enterprise (its institution settings give parts 1–4 of the code). */
  enterpriseId: string;
  /** YYYY-MM-DD; its year is part 5 of the code. */
  issuedOn: string;
  holders: HolderInput[];
  /**
   * The application of each holder, in the holders' order (a holder's own applicationId wins when
   * both are given). Each must be a confirmed application of `planId`; issuing moves it to certified
   * in the same transaction.
   */
  applicationIds?: string[];
  /** A retried call with the same key returns the certificates the first one issued. */
  idempotencyKey?: string;
  planId?: string | null;
  /** 印制流水号 = prefix + the serial, when given. */
  printSerialPrefix?: string | null;
  /** Where the QR codes point (PUBLIC_BASE_URL or the request's origin); the configured default when absent. */
  verifyBaseUrl?: string;
}

interface PreparedHolder {
  holder: HolderInput & { trade: string };
  applicationId: string | null;
  /** What the certificate rests on: the confirmed list (with its notice) or 复核确认 (with its holder). */
  basis: IssuanceBasis;
  basisNoticeId: string | null;
  reReviewHolderId: string | null;
  idNumberEncrypted: string;
  idNumberLookup: string;
  idNumberMasked: string;
}

interface PreparedIssue {
  enterprise: OrganisationRow;
  institution: IssuedInstitution;
  year: number;
  issuedOn: string;
  holders: PreparedHolder[];
  template: CertificateTemplate;
  fontId: string | null;
  planId: string | null;
  printSerialPrefix: string | null;
  /** The issuer's QR signer (its current Ed25519 key), set by the caller before the transaction. */
  qrSign?: (fields: QrSignedFields) => QrSignature;
}

function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const cause = (error as { cause?: { code?: string; constraint?: string } }).cause ?? (error as { code?: string; constraint?: string });
  return cause?.code === '23505' && (!constraint || cause.constraint === constraint);
}

/** The holders with their applications merged in, trimmed. */
function normaliseHolders(input: Pick<IssueCertificatesInput, 'holders' | 'applicationIds'>): (HolderInput & { trade: string })[] {
  return input.holders.map((holder, index) => ({
    ...holder,
    name: typeof holder.name === 'string' ? holder.name.trim() : holder.name,
    idNumber: typeof holder.idNumber === 'string' ? holder.idNumber.trim() : holder.idNumber,
    occupationCode: typeof holder.occupationCode === 'string' ? holder.occupationCode.trim() : holder.occupationCode,
    occupationName: typeof holder.occupationName === 'string' ? holder.occupationName.trim() : holder.occupationName,
    trade: normaliseTrade(holder.trade),
    photoFileId: holder.photoFileId ?? null,
    applicationId: holder.applicationId ?? input.applicationIds?.[index] ?? null,
  }));
}

function requestHashOf(enterpriseId: string, input: IssueCertificatesInput): string {
  const { idempotencyKey: _key, verifyBaseUrl: _url, ...rest } = input;
  return createHash('sha256').update(canonicalJson({ ...rest, enterpriseId, holders: normaliseHolders(input) })).digest('hex');
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png']);

/** Every reason the list cannot be issued, or what the transaction needs. Stores nothing. */
async function prepareIssue(db: Database, context: AuditContext, enterprise: OrganisationRow, input: IssueCertificatesInput): Promise<PreparedIssue> {
  const errors: FieldError[] = [];
  const today = context.clock.today();
  if (!enterprise.institution) throw new AppError('CERTIFICATE_INSTITUTION_MISSING', { enterprise: enterprise.name });
  const institution = enterprise.institution as InstitutionSettings;
  let year = 0;
  if (!isCalendarDate(input.issuedOn)) {
    errors.push(fieldError('issuedOn', 'DATE_INVALID', '发证日期应为有效日期（YYYY-MM-DD）', 'The issue date is a real date written YYYY-MM-DD'));
  } else if (input.issuedOn > today) {
    errors.push(fieldError('issuedOn', 'DATE_IN_FUTURE', `发证日期不能晚于今天（${today}）`, `The issue date cannot lie after today (${today})`));
  } else {
    year = Number(input.issuedOn.slice(0, 4));
    const probe = makeCertificateCode({ ...institution, year, level: PRINCIPAL_TECHNICIAN_LEVEL, serial: 1 });
    if (!probe.valid) {
      for (const issue of probe.errors) {
        const path = issue.field === 'year' ? 'issuedOn' : `institution.${issue.field ?? 'code'}`;
        errors.push(fieldError(path, issue.code, issue.message['zh-CN'], issue.message.en));
      }
    }
  }

  const holders = normaliseHolders(input);
  if (input.applicationIds && input.applicationIds.length !== input.holders.length) {
    errors.push(fieldError('applicationIds', 'LENGTH_MISMATCH', '申报编号的数量应与发证人员数量相同', 'There is one application id per holder'));
  }
  const prepared: PreparedHolder[] = [];
  const seenIds = new Map<string, number>();
  const seenApplications = new Map<string, number>();
  for (const [index, holder] of holders.entries()) {
    const at = (field: string) => `holders.${index}.${field}`;
    for (const issue of validateHolder(holder, { today })) {
      errors.push(fieldError(at(issue.field ?? 'holder'), issue.code, issue.message['zh-CN'], issue.message.en));
    }
    const lookup = typeof holder.idNumber === 'string' && holder.idNumber ? lookupHash(holder.idType, holder.idNumber) : '';
    const key = `${lookup}|${holder.occupationCode}`;
    if (lookup && seenIds.has(key)) {
      errors.push(fieldError(at('idNumber'), 'HOLDER_REPEATED', `与第 ${seenIds.get(key)! + 1} 人的证件号码和职业相同，同一人同一职业只发一本证书`, `Same identity number and occupation as holder ${seenIds.get(key)! + 1}: one certificate per person and occupation`));
    }
    seenIds.set(key, index);
    if (holder.applicationId) {
      if (seenApplications.has(holder.applicationId)) {
        errors.push(fieldError(at('applicationId'), 'APPLICATION_REPEATED', `与第 ${seenApplications.get(holder.applicationId)! + 1} 人的申报相同`, `Same application as holder ${seenApplications.get(holder.applicationId)! + 1}`));
      }
      seenApplications.set(holder.applicationId, index);
    }
    if (holder.photoFileId) {
      const file = await (context.actor ? findFile(db, { actor: context.actor }, holder.photoFileId) : readFileUnscoped(db, holder.photoFileId).then(({ file: found }) => found)).catch(() => null);
      if (!file) {
        errors.push(fieldError(at('photoFileId'), 'PHOTO_NOT_FOUND', '照片文件不存在或无权使用，请重新上传', 'The photo file does not exist or is not yours to use; upload it again'));
      } else if (!IMAGE_TYPES.has(file.mediaType)) {
        errors.push(fieldError(at('photoFileId'), 'PHOTO_NOT_IMAGE', '照片须为 JPG 或 PNG 图片', 'The photo must be a JPG or PNG image'));
      }
    }
    if (!holder.applicationId && !holder.reReviewHolderId) {
      errors.push(
        fieldError(
          at('basis'),
          'CERTIFICATE_BASIS_MISSING',
          '证书只颁发给公示期满核准名单中的人员或复核确认通过的人员，此人两者皆非',
          'A certificate is issued only to someone on a confirmed list after the notice, or confirmed by 复核确认; this holder is neither',
        ),
      );
    }
    prepared.push({
      holder,
      applicationId: holder.applicationId ?? null,
      basis: holder.applicationId ? 'confirmed-list' : 're-review',
      basisNoticeId: null,
      reReviewHolderId: holder.reReviewHolderId ?? null,
      idNumberEncrypted: typeof holder.idNumber === 'string' ? encryptPersonalData(holder.idNumber, ID_NUMBER_BINDING) : '',
      idNumberLookup: lookup,
      idNumberMasked: typeof holder.idNumber === 'string' ? maskIdNumber(holder.idNumber) : '',
    });
  }

  // Nobody holds two valid 特级技师 certificates for one occupation; no application is certified twice.
  const lookups = [...new Set(prepared.map((item) => item.idNumberLookup).filter(Boolean))];
  if (lookups.length) {
    const held = await db
      .select({ lookup: certificates.idNumberLookup, occupationCode: certificates.occupationCode, code: certificates.code })
      .from(certificates)
      .where(and(inArray(certificates.idNumberLookup, lookups), eq(certificates.status, 'valid'), eq(certificates.level, PRINCIPAL_TECHNICIAN_LEVEL)));
    for (const [index, item] of prepared.entries()) {
      const found = held.find((row) => row.lookup === item.idNumberLookup && row.occupationCode === item.holder.occupationCode);
      if (found) {
        errors.push(
          fieldError(
            `holders.${index}.idNumber`,
            'HOLDER_ALREADY_CERTIFIED',
            `此人已持有同一职业的有效特级技师证书（${found.code}），不能重复发证`,
            `This person already holds a valid Principal Technician certificate for the occupation (${found.code})`,
          ),
        );
      }
    }
  }
  // 六(四): nobody under a ban is issued a certificate.
  const bans = await activeBansByHash(db, lookups, today);
  for (const [index, item] of prepared.entries()) {
    const ban = bans.get(item.idNumberLookup);
    if (ban) {
      errors.push(
        fieldError(
          `holders.${index}.idNumber`,
          'APPLICANT_BANNED',
          `${item.holder.name}处于禁入期（${ban.fromDate} 至 ${ban.untilDate}；依据：${ban.basis}），不能发证`,
          `${item.holder.name} is barred from ${ban.fromDate} until ${ban.untilDate} (basis: ${ban.basis}) and cannot be issued a certificate`,
        ),
      );
    }
  }
  const applicationIds = [...seenApplications.keys()];
  const applicationPaths: string[] = [];
  if (applicationIds.length) {
    // An application gets its certificate once it is on the confirmed list of a notice of its plan
    // that ran its full period (公示期满核准), and dated after the notice's last day.
    const confirmed = new Map(input.planId ? (await listConfirmedApplications(db, input.planId)).map((application) => [application.id, application]) : []);
    const onNotice = await confirmedNoticesOf(db, applicationIds);
    for (const [applicationId, index] of seenApplications) {
      const application = confirmed.get(applicationId);
      const notice = onNotice.get(applicationId);
      if (!application || !notice) {
        errors.push(
          fieldError(`holders.${index}.applicationId`, 'APPLICATION_NOT_CONFIRMED', '该申报不是所选工作方案中已核准（公示期满无异议）的申报', 'The application is not on a confirmed list of the chosen plan after its notice'),
        );
        continue;
      }
      applicationPaths.push(application.organisationPath);
      prepared[index].basisNoticeId = notice.noticeId;
      if (prepared[index].idNumberLookup && prepared[index].idNumberLookup !== application.idLookupHash) {
        errors.push(fieldError(`holders.${index}.idNumber`, 'HOLDER_NOT_APPLICANT', '持证人的证件号码与核准的申报人不一致', 'The holder’s identity number is not the confirmed applicant’s'));
      }
      if (year && !issuedAfterNotice(input.issuedOn, notice)) {
        errors.push(
          fieldError('issuedOn', 'ISSUED_BEFORE_NOTICE_END', `发证日期须晚于公示期最后一天（${notice.endDate}）`, `The issue date must come after the notice's last day (${notice.endDate})`),
        );
      }
    }
    const certified = await db.select({ applicationId: certificates.applicationId, code: certificates.code }).from(certificates).where(inArray(certificates.applicationId, applicationIds));
    for (const row of certified) {
      const index = seenApplications.get(row.applicationId!)!;
      errors.push(fieldError(`holders.${index}.applicationId`, 'APPLICATION_CERTIFIED', `该申报已发证（${row.code}）`, `This application already has a certificate (${row.code})`));
    }
  }

  // 复核确认: a re-review plan's certificates go only to its confirmed holders (or confirmed applications).
  errors.push(...(await reReviewIssues(db, input.planId ?? null, holders)));

  let planId: string | null = input.planId ?? null;
  if (planId && context.actor) {
    const plan = await getPlan(db, context as RequestContext, planId).catch(() => null);
    if (!plan || !pathIds(enterprise.path).includes(plan.enterpriseId) || plan.status === 'draft') {
      errors.push(fieldError('planId', 'PLAN_NOT_APPLICABLE', '所选工作方案不存在、未发布或不适用于该企业', 'The plan does not exist, is not published, or does not cover this enterprise'));
      planId = null;
    }
  }

  // 暂停评审: no issuance while the enterprise's evaluation (or the applicant's unit's) is suspended.
  await assertNotSuspended(db, context, [enterprise.path, ...applicationPaths], 'issuance');
  const unique = errors.filter((error, index) => errors.findIndex((other) => other.path === error.path && other.code === error.code) === index);
  if (unique.length) throw new AppError('CERTIFICATE_ISSUE_INVALID', { count: unique.length }, { errors: unique });
  const [settings] = await db.select().from(certificateSettings).where(eq(certificateSettings.enterpriseId, enterprise.id));
  // Every character of what will be printed has a glyph (issue 22): else nothing is issued.
  await assertCertificatesPrintable(db, {
    fontId: settings?.fontId ?? null,
    template: effectiveTemplate(settings?.template),
    issuerName: enterprise.name,
    holders: prepared.map((item) => item.holder),
  });
  return {
    enterprise,
    institution: { category: institution.category, institutionCode: institution.institutionCode, provinceCode: institution.provinceCode, siteCode: institution.siteCode },
    year,
    issuedOn: input.issuedOn,
    holders: prepared,
    template: effectiveTemplate(settings?.template),
    fontId: settings?.fontId ?? null,
    planId,
    printSerialPrefix: input.printSerialPrefix?.trim() || null,
  };
}

/**
 * Draws `count` serials for the site, year and level; returns the last one. The counter row is
 * locked until the transaction ends. Refuses (CERTIFICATE_SERIAL_EXHAUSTED) past 999999.
 */
async function drawSerials(tx: Database, institution: IssuedInstitution, year: number, level: string, count: number): Promise<number> {
  const at = clockNow().toISOString();
  const result = (await tx.execute(sql`
    insert into certificate_serials (category, institution_code, province_code, site_code, year, level, last_serial, updated_at)
    values (${institution.category}, ${institution.institutionCode}, ${institution.provinceCode}, ${institution.siteCode}, ${year}, ${level}, ${count}, ${at}::timestamptz)
    on conflict (category, institution_code, province_code, site_code, year, level)
    do update set last_serial = certificate_serials.last_serial + ${count}, updated_at = excluded.updated_at
    where certificate_serials.last_serial + ${count} <= ${MAX_SERIAL}
    returning last_serial`)) as unknown as { rows: { last_serial: number }[] };
  const last = result.rows[0]?.last_serial;
  if (last === undefined || count > MAX_SERIAL) {
    throw new AppError('CERTIFICATE_SERIAL_EXHAUSTED', { site: `${institution.category}${institution.institutionCode}${institution.provinceCode}${institution.siteCode}`, year });
  }
  return Number(last);
}

/** The columns a list's certificates share (one value in the statement), and those each has its own of. */
const SHARED_COLUMNS = ['year', 'level', 'institution', 'enterpriseId', 'enterprisePath', 'issuerName', 'batchId', 'planId', 'issuedOn', 'verifyBaseUrl', 'template', 'fontId', 'issuedBy'] as const;
const OWN_COLUMNS = ['id', 'code', 'serial', 'applicationId', 'basis', 'basisNoticeId', 'reReviewHolderId', 'holderName', 'idType', 'idNumberEncrypted', 'idNumberLookup', 'idNumberMasked', 'gender', 'birthDate', 'photoFileId', 'occupationCode', 'occupationName', 'trade', 'printSerial', 'verifyToken', 'qrKeyId', 'qrSignature'] as const;

/**
 * Writes a list's certificates in one statement: what they share once, what each has as arrays
 * (`unnest`); created_at is the app's clock's now, the other columns take their defaults. drizzle's multi-row insert makes a parameter
 * of every value (2,000 certificates × 29 columns), and building that statement took several times
 * what the database spends writing the rows (0.7–1 s against 0.12–0.15 s for 2,000).
 */
async function insertCertificates(tx: Database, values: readonly Record<(typeof SHARED_COLUMNS)[number] | (typeof OWN_COLUMNS)[number], unknown>[]): Promise<void> {
  const first = values[0];
  const shared = SHARED_COLUMNS.map((key) => {
    const value = first[key];
    if (values.some((row) => row[key] !== value)) throw new Error(`insertCertificates: the certificates of one list differ in ${key}`);
    const type = certificates[key].getSQLType();
    return sql`${type === 'jsonb' && value !== null ? JSON.stringify(value) : value}::${sql.raw(type)}`;
  });
  const own = OWN_COLUMNS.map((key) => sql`${sql.param(values.map((row) => row[key]))}::${sql.raw(certificates[key].getSQLType())}[]`);
  const names = [...SHARED_COLUMNS, ...OWN_COLUMNS].map((key) => sql.identifier(certificates[key].name));
  // created_at from the app's clock, as every instant the system records (not the database server's).
  await tx.execute(sql`insert into ${certificates} (created_at, ${sql.join(names, sql`, `)}) select ${clockNow().toISOString()}::timestamptz, ${sql.join(shared, sql`, `)}, own.* from unnest(${sql.join(own, sql`, `)}) as own`);
}

/**
 * Issues the prepared list inside the caller's transaction: serials, rows, one audit entry per
 * certificate. `onNumbered` is told the certificates (in the holders' order) as soon as their codes
 * are drawn, before they are written, e.g. to start rendering them; they exist only if the
 * transaction commits. The rows are read back only when asked for (`returnRows`): the batch job
 * has what it needs already.
 */
async function issueInTransaction(
  tx: Database,
  context: AuditContext,
  prepared: PreparedIssue,
  batch: { id: string; verifyBaseUrl: string; createdBy: string | null },
  options: { returnRows?: boolean; onNumbered?: (certificates: readonly PrintedCertificate[]) => void } = {},
): Promise<CertificateRow[]> {
  const count = prepared.holders.length;
  const last = await drawSerials(tx, prepared.institution, prepared.year, PRINCIPAL_TECHNICIAN_LEVEL, count);
  const first = last - count + 1;
  const values = prepared.holders.map((item, index) => {
    const serial = first + index;
    const code = makeCertificateCode({ ...prepared.institution, year: prepared.year, level: PRINCIPAL_TECHNICIAN_LEVEL, serial });
    if (!code.valid) throw new Error(`certificate code for serial ${serial} is invalid: ${JSON.stringify(code.errors)}`);
    const qr = prepared.qrSign?.({ code: code.code, holderName: item.holder.name, issuedOn: prepared.issuedOn }) ?? { qrKeyId: null, qrSignature: null };
    return {
      id: randomUUID(),
      code: code.code,
      serial,
      year: prepared.year,
      level: PRINCIPAL_TECHNICIAN_LEVEL,
      institution: prepared.institution,
      enterpriseId: prepared.enterprise.id,
      enterprisePath: prepared.enterprise.path,
      issuerName: prepared.enterprise.name,
      batchId: batch.id,
      planId: prepared.planId,
      applicationId: item.applicationId,
      basis: item.basis,
      basisNoticeId: item.basisNoticeId,
      reReviewHolderId: item.reReviewHolderId,
      issuedOn: prepared.issuedOn,
      holderName: item.holder.name,
      idType: item.holder.idType,
      idNumberEncrypted: item.idNumberEncrypted,
      idNumberLookup: item.idNumberLookup,
      idNumberMasked: item.idNumberMasked,
      gender: item.holder.gender,
      birthDate: item.holder.birthDate,
      photoFileId: item.holder.photoFileId ?? null,
      occupationCode: item.holder.occupationCode,
      occupationName: item.holder.occupationName,
      trade: item.holder.trade,
      printSerial: prepared.printSerialPrefix ? `${prepared.printSerialPrefix}${String(serial).padStart(6, '0')}` : null,
      verifyBaseUrl: batch.verifyBaseUrl,
      verifyToken: newVerifyToken(),
      qrKeyId: qr.qrKeyId,
      qrSignature: qr.qrSignature,
      template: prepared.template,
      fontId: prepared.fontId,
      issuedBy: context.actor?.userId ?? batch.createdBy,
    };
  });
  options.onNumbered?.(values);
  const rows: CertificateRow[] = [];
  try {
    if (!options.returnRows) await insertCertificates(tx, values);
    else for (let start = 0; start < values.length; start += 400) rows.push(...(await tx.insert(certificates).values(values.slice(start, start + 400)).returning()));
  } catch (error) {
    if (isUniqueViolation(error, 'certificates_application_idx')) throw new AppError('CERTIFICATE_APPLICATION_CERTIFIED');
    throw error;
  }
  for (const [index, item] of prepared.holders.entries()) {
    if (item.holder.reReviewHolderId) await certifyReReviewHolder(tx, context, item.holder.reReviewHolderId, values[index]);
  }
  await transitionApplications(tx, context, {
    act: 'certify',
    auditAction: 'application.certified',
    items: values.filter((row) => row.applicationId).map((row) => ({ applicationId: row.applicationId!, comment: { 'zh-CN': `颁发职业技能等级证书（${row.code}）`, en: `Skill level certificate issued (${row.code})` } })),
  });
  // One entry per certificate, written together (one lock, multi-row inserts): a list of 2,000 is one act.
  await writeAuditEntries(
    tx,
    context,
    values.map((row) => ({
      action: 'certificate.issued',
      targetType: 'certificate',
      targetId: row.id,
      organisationId: row.enterpriseId,
      organisationPath: row.enterprisePath,
      after: {
        code: row.code,
        holderName: row.holderName,
        idType: row.idType,
        idNumberMasked: row.idNumberMasked,
        occupationCode: row.occupationCode,
        occupationName: row.occupationName,
        trade: row.trade,
        issuedOn: row.issuedOn,
        batchId: row.batchId,
        planId: row.planId,
        applicationId: row.applicationId,
        basis: row.basis,
        basisNoticeId: row.basisNoticeId,
        reReviewHolderId: row.reReviewHolderId,
      },
    })),
  );
  return rows;
}

async function batchCertificates(db: Database, batchId: string): Promise<CertificateRow[]> {
  return db.select().from(certificates).where(eq(certificates.batchId, batchId)).orderBy(asc(certificates.serial));
}

async function existingBatch(db: Database, enterpriseId: string, idempotencyKey: string | undefined, requestHash: string) {
  if (!idempotencyKey) return undefined;
  const [batch] = await db
    .select()
    .from(certificateIssueBatches)
    .where(and(eq(certificateIssueBatches.enterpriseId, enterpriseId), eq(certificateIssueBatches.idempotencyKey, idempotencyKey)));
  if (batch && batch.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return batch;
}

/**
 * 颁证: issues a certificate to every holder, all in one transaction (pass a transaction as `db` to
 * make it part of a larger act, such as confirming a notice's list). Refuses the whole list, with
 * every reason, when any holder cannot be issued (CERTIFICATE_ISSUE_INVALID); refuses with
 * CERTIFICATE_INSTITUTION_MISSING when the enterprise has no code settings and with
 * CERTIFICATE_SERIAL_EXHAUSTED past serial 999999. With a request context, the actor needs
 * `certificate:issue` and the enterprise in scope; a system context (a job) is trusted.
 */
export async function issueCertificates(db: Database, context: AuditContext, input: IssueCertificatesInput): Promise<{ batchId: string; certificates: CertificateDto[] }> {
  if (context.actor) assertPermission(context.actor, 'certificate:issue');
  const enterprise = await enterpriseFor(db, context, input.enterpriseId);
  const requestHash = requestHashOf(enterprise.id, input);
  const existing = await existingBatch(db, enterprise.id, input.idempotencyKey, requestHash);
  if (existing?.status === 'issued') {
    return { batchId: existing.id, certificates: (await batchCertificates(db, existing.id)).map((row) => toCertificateDto(row, context.actor)) };
  }
  if (existing) throw new AppError('CONFLICT');
  const baseUrl = verifyBaseUrl(input.verifyBaseUrl);
  assertPublicVerifyBaseUrl(baseUrl);
  const prepared = await prepareIssue(db, context, enterprise, input);
  prepared.qrSign = await qrSignerFor(db, context, { id: enterprise.id, path: enterprise.path, name: enterprise.name });
  const createdBy = context.actor?.userId ?? null;
  const { batchId, rows } = await db.transaction(async (tx) => {
    const [batch] = await tx
      .insert(certificateIssueBatches)
      .values({
        enterpriseId: enterprise.id,
        enterprisePath: enterprise.path,
        planId: prepared.planId,
        issuedOn: prepared.issuedOn,
        status: 'issued',
        holderCount: prepared.holders.length,
        requestHash,
        idempotencyKey: input.idempotencyKey ?? null,
        verifyBaseUrl: baseUrl,
        createdBy,
        issuedAt: context.clock.now(),
      })
      .returning();
    return { batchId: batch.id, rows: await issueInTransaction(tx, context, prepared, { id: batch.id, verifyBaseUrl: baseUrl, createdBy }, { returnRows: true }) };
  });
  return { batchId, certificates: rows.map((row) => toCertificateDto(row, context.actor)) };
}

// ------------------------------------------------------------------------------ batches

export async function issueBatchDto(db: Database, context: RequestContext | null, batch: typeof certificateIssueBatches.$inferSelect): Promise<IssueBatchDto> {
  const rows = await db.select({ id: certificates.id }).from(certificates).where(eq(certificates.batchId, batch.id));
  let job: IssueBatchDto['job'] = null;
  if (batch.jobId && context) {
    const found = await getJob(db, context, batch.jobId).catch(() => null);
    if (found) job = { status: found.status, progress: found.progress, error: found.error };
  }
  return {
    id: batch.id,
    enterpriseId: batch.enterpriseId,
    planId: batch.planId,
    issuedOn: batch.issuedOn,
    status: batch.status,
    holderCount: batch.holderCount,
    certificateCount: rows.length,
    jobId: batch.jobId,
    job,
    printFileId: batch.printFileId,
    createdAt: batch.createdAt.toISOString(),
    issuedAt: batch.issuedAt?.toISOString() ?? null,
  };
}

/**
 * The page's way to issue: checks the whole list now (every reason, nothing stored), then queues a
 * job that issues it in one transaction (as `issueCertificates`) and renders the print file, with
 * progress. The holders wait in the batch row, encrypted. Returns the batch (202).
 */
export async function startCertificateBatch(db: Database, context: RequestContext, input: Omit<IssueCertificatesInput, 'enterpriseId'> & { enterpriseId?: string }): Promise<{ batch: IssueBatchDto; created: boolean }> {
  assertPermission(context.actor, 'certificate:issue');
  const enterprise = await enterpriseFor(db, context, input.enterpriseId);
  const full: IssueCertificatesInput = { ...input, enterpriseId: enterprise.id };
  const requestHash = requestHashOf(enterprise.id, full);
  const existing = await existingBatch(db, enterprise.id, input.idempotencyKey, requestHash);
  if (existing) return { batch: await issueBatchDto(db, context, existing), created: false };
  const baseUrl = verifyBaseUrl(input.verifyBaseUrl);
  assertPublicVerifyBaseUrl(baseUrl);
  const prepared = await prepareIssue(db, context, enterprise, full);
  const holders = normaliseHolders(full);
  const batch = await db
    .transaction(async (tx) => {
    const id = randomUUID();
    const { job } = await enqueueJob(tx, context, { kind: ISSUE_BATCH_JOB, payload: { batchId: id }, organisationId: enterprise.id, total: holders.length });
    const [created] = await tx
      .insert(certificateIssueBatches)
      .values({
        id,
        enterpriseId: enterprise.id,
        enterprisePath: enterprise.path,
        planId: prepared.planId,
        issuedOn: prepared.issuedOn,
        status: 'queued',
        holderCount: holders.length,
        holdersEncrypted: encryptPersonalData(JSON.stringify({ holders, printSerialPrefix: prepared.printSerialPrefix }), HOLDERS_BINDING),
        requestHash,
        idempotencyKey: input.idempotencyKey ?? null,
        verifyBaseUrl: baseUrl,
        jobId: job.id,
        createdBy: context.actor.userId,
      })
      .returning();
    await writeAudit(tx, context, {
      action: 'certificate.batch-requested',
      targetType: 'certificate-batch',
      targetId: id,
      organisationId: enterprise.id,
      organisationPath: enterprise.path,
      after: { issuedOn: prepared.issuedOn, holderCount: holders.length, planId: prepared.planId, jobId: job.id },
    });
    return created;
  })
    .catch(async (error: unknown) => {
      // The same request retried while the first was still being written: the first one's batch.
      if (!isUniqueViolation(error, 'certificate_issue_batches_idempotency_idx')) throw error;
      const first = await existingBatch(db, enterprise.id, input.idempotencyKey, requestHash);
      if (!first) throw error;
      return { ...first, retried: true as const };
    });
  if ('retried' in batch) {
    const { retried: _retried, ...first } = batch;
    return { batch: await issueBatchDto(db, context, first), created: false };
  }
  // The job is committed now: this process's runner may start it without waiting for its next poll.
  wakeJobRunners();
  return { batch: await issueBatchDto(db, context, batch), created: true };
}

/**
 * The job's progress while the print file renders: reported a few times a second, not once a page
 * (2,000 updates of the job's row for a full batch took longer than the rendering), never waited
 * for by the rendering (which may run while the issuing transaction holds PGlite's one connection).
 */
function progressReporter(job: RunningJob<unknown>, total: number) {
  let reportedAt = 0;
  let reporting: Promise<void> | null = null;
  let failure: unknown = null;
  return {
    report(done: number) {
      if (reporting || performance.now() - reportedAt < PROGRESS_EVERY_MS) return;
      reportedAt = performance.now();
      reporting = job
        .progress(done, total)
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => {
          reporting = null;
        });
    },
    /** Waits for the last report; throws what a report met (JobLeaseLostError: the job is no longer ours). */
    async settle() {
      await reporting;
      if (failure) throw failure;
    },
  };
}

/**
 * The job: issues the batch (once: a re-run finds it issued) and renders all its certificates into
 * one print file. A large print file renders on threads started now, from the certificates as the
 * issuing transaction numbers them (their identity numbers as the list gives them), while that
 * transaction writes; a re-run of an issued batch renders from the stored rows.
 */
export async function runIssueBatch(job: RunningJob<{ batchId: string }>): Promise<{ issued: number; printFileId: string }> {
  const db = job.db;
  let [batch] = await db.select().from(certificateIssueBatches).where(eq(certificateIssueBatches.id, job.payload.batchId));
  if (!batch) throw new AppError('NOT_FOUND');
  const print = startCertificatePrint(batch.holderCount);
  const progress = progressReporter(job, batch.holderCount);
  try {
    // The issuer's keys (created at its first issuance, audited) before the transaction takes PGlite's one connection.
    const issuer = await issuerOf(db, batch.enterpriseId);
    const signing = await pdfSigningFor(db, job.context, issuer, '颁发职业技能等级证书 / Certificates issued');
    const renderOptions = {
      title: `职业技能等级证书（特级技师）${batch.issuedOn}`,
      onProgress: (done: number) => progress.report(done),
      signal: job.signal,
      signature: signing.placeholder,
      documentId: `certificate-batch:${batch.id}`,
    };
    let pages: CertificatePage[] | null = null;
    let rendering: Promise<Buffer> | null = null;
    if (batch.status !== 'issued') {
      const stored = JSON.parse(decryptPersonalData(batch.holdersEncrypted ?? '', HOLDERS_BINDING)) as { holders: HolderInput[]; printSerialPrefix: string | null };
      const [enterprise] = await findOrganisationsByIds(db, [batch.enterpriseId]);
      try {
        const prepared = await prepareIssue(db, job.context, enterprise, {
          enterpriseId: enterprise.id,
          issuedOn: batch.issuedOn,
          holders: stored.holders,
          planId: batch.planId,
          printSerialPrefix: stored.printSerialPrefix,
        });
        prepared.qrSign = await qrSignerFor(db, job.context, issuer);
        // Photos and fonts are read now: inside the transaction, PGlite's one connection is taken.
        const assets = await printAssets(
          db,
          prepared.holders.map((item) => ({ photoFileId: item.holder.photoFileId ?? null, fontId: prepared.fontId })),
        );
        await job.progress(0, batch.holderCount);
        batch = await db.transaction(async (tx) => {
          const [claimed] = await tx
            .update(certificateIssueBatches)
            .set({ status: 'issued', holdersEncrypted: null, issuedAt: job.context.clock.now() })
            .where(and(eq(certificateIssueBatches.id, batch.id), inArray(certificateIssueBatches.status, ['queued', 'failed'])))
            .returning();
          if (!claimed) throw new AppError('CONFLICT');
          await issueInTransaction(
            tx,
            job.context,
            prepared,
            { id: batch.id, verifyBaseUrl: batch.verifyBaseUrl, createdBy: batch.createdBy },
            {
              onNumbered: (numbered) => {
                pages = numbered.map((certificate, index) => certificatePage(certificate, prepared.holders[index].holder.idNumber, assets));
                if (print.threads > 1) {
                  rendering = print.render(pages, renderOptions);
                  // Awaited after the commit; a failed transaction drops it (the threads are stopped below).
                  rendering.catch(() => undefined);
                }
              },
            },
          );
          return claimed;
        });
      } catch (error) {
        await db.update(certificateIssueBatches).set({ status: 'failed' }).where(and(eq(certificateIssueBatches.id, batch.id), eq(certificateIssueBatches.status, 'queued')));
        throw error;
      }
    }
    pages ??= await certificatePages(db, await batchCertificates(db, batch.id));
    const pdf = await signRenderedPdf(await (rendering ?? print.render(pages, renderOptions)), signing);
    await progress.settle();
    await job.progress(pages.length, pages.length);
    const file = await storeFile(db, job.context, {
      name: `职业技能等级证书-${batch.issuedOn}-${pages.length}份.pdf`,
      bytes: pdf,
      accept: ['pdf'],
      organisationId: batch.enterpriseId,
      uploadedBy: batch.createdBy,
      maxBytes: 1024 * 1024 * 1024,
    });
    await db.update(certificateIssueBatches).set({ printFileId: file.id }).where(eq(certificateIssueBatches.id, batch.id));
    return { issued: pages.length, printFileId: file.id };
  } finally {
    await print.close();
  }
}
