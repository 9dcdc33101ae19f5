// 数据上报: certificate data for the national certificate query system (jndj.osta.org.cn). A batch
// takes the enterprise's certificates not yet reported (new, changed since, or failed), in the field
// mapping of the installation. With NATIONAL_UPLOAD_URL the package is POSTed there as JSON by a job
// and the answer decides each certificate's result; without it HR downloads the package (Excel or
// JSON), uploads it by hand and records the results. Failures can be corrected and sent again.
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { and, asc, desc, eq, inArray, like } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { settings } from '../../db/schema.ts';
import { calendarDateInChina } from '../../domain/calendar-date.ts';
import { DEFAULT_NATIONAL_MAPPING, mapNationalRecord, NATIONAL_FIELD_NAMES, NATIONAL_FIELDS, validateNationalMapping, type NationalRecord, type NationalUploadColumn } from '../../domain/national-data.ts';
import { canonicalJson, writeAudit } from '../../platform/audit.ts';
import type { AuditContext, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError, type FieldError } from '../../platform/errors.ts';
import { enqueueJob, type RunningJob } from '../../platform/jobs.ts';
import { decryptPersonalData } from '../../platform/personal-data.ts';
import { assertInScope, assertPermission, hasPermission } from '../../platform/policy.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import { enterpriseFor, ID_NUMBER_BINDING, isUuid, type CertificateRow } from './certificate-records.ts';
import type { NationalResultsReq, NationalUploadCreateReq } from './schemas.ts';
import { certificates, nationalUploadBatches, nationalUploadItems, type NationalUploadBatchStatus, type NationalUploadItemStatus } from './tables.ts';

export const NATIONAL_UPLOAD_JOB = 'certificates.national-upload';
const MAPPING_KEY = 'national-upload-mapping';

type BatchRow = typeof nationalUploadBatches.$inferSelect;
type ItemRow = typeof nationalUploadItems.$inferSelect;

/** Where packages go (NATIONAL_UPLOAD_URL), passed in by the caller; none: manual upload. */
export interface NationalUploadOptions {
  endpoint?: string | null;
}

// ------------------------------------------------------------------------------- mapping

async function storedMapping(db: Database): Promise<NationalUploadColumn[] | null> {
  const [row] = await db.select().from(settings).where(eq(settings.key, MAPPING_KEY));
  return (row?.value as { columns?: NationalUploadColumn[] } | undefined)?.columns ?? null;
}

export async function currentMapping(db: Database): Promise<NationalUploadColumn[]> {
  return (await storedMapping(db)) ?? DEFAULT_NATIONAL_MAPPING.map((column) => ({ ...column }));
}

function mayUpload(context: RequestContext): void {
  if (!hasPermission(context.actor, 'national-upload:manage') && !hasPermission(context.actor, 'national-upload:configure')) {
    assertPermission(context.actor, 'national-upload:manage');
  }
}

export async function getNationalMapping(db: Database, context: RequestContext, options: NationalUploadOptions = {}) {
  mayUpload(context);
  const stored = await storedMapping(db);
  return {
    columns: stored ?? DEFAULT_NATIONAL_MAPPING.map((column) => ({ ...column })),
    isDefault: stored === null,
    fields: NATIONAL_FIELDS.map((field) => ({ field, name: NATIONAL_FIELD_NAMES[field] })),
    endpointConfigured: Boolean(options.endpoint),
  };
}

/** Sets the installation's mapping (null: the default), refusing it with every reason it is unusable. */
export async function updateNationalMapping(db: Database, context: RequestContext, columns: NationalUploadColumn[] | null, options: NationalUploadOptions = {}) {
  assertPermission(context.actor, 'national-upload:configure');
  let cleaned = columns?.map((column) => ({ field: column.field, column: column.column.trim(), ...(column.values && Object.keys(column.values).length ? { values: column.values } : {}) })) ?? null;
  // The default sent back is the default: nothing is stored, later changes of the default apply.
  if (cleaned && canonicalJson(cleaned) === canonicalJson(DEFAULT_NATIONAL_MAPPING)) cleaned = null;
  if (cleaned) {
    const issues = validateNationalMapping(cleaned);
    if (issues.length) {
      throw new AppError('NATIONAL_UPLOAD_MAPPING_INVALID', { count: issues.length }, { errors: issues.map((issue) => fieldError(issue.field ?? 'columns', issue.code, issue.message['zh-CN'], issue.message.en)) });
    }
  }
  const before = await storedMapping(db);
  await db.transaction(async (tx) => {
    if (cleaned) {
      await tx.insert(settings).values({ key: MAPPING_KEY, value: { columns: cleaned } }).onConflictDoUpdate({ target: settings.key, set: { value: { columns: cleaned }, updatedAt: context.clock.now() } });
    } else {
      await tx.delete(settings).where(eq(settings.key, MAPPING_KEY));
    }
    await writeAudit(tx, context, {
      action: 'national-upload.mapping-updated',
      targetType: 'national-upload',
      targetId: MAPPING_KEY,
      organisationId: context.actor.organisationId,
      organisationPath: context.actor.organisationPath,
      before: { columns: before },
      after: { columns: cleaned },
    });
  });
  return getNationalMapping(db, context, options);
}

// ------------------------------------------------------------------------------- records

function recordOf(row: CertificateRow): NationalRecord {
  const institution = row.institution;
  return {
    certificateCode: row.code,
    holderName: row.holderName,
    idType: row.idType,
    idNumber: decryptPersonalData(row.idNumberEncrypted, ID_NUMBER_BINDING),
    gender: row.gender,
    birthDate: row.birthDate,
    occupationCode: row.occupationCode,
    occupationName: row.occupationName,
    trade: row.trade,
    level: row.level,
    issuedOn: row.issuedOn,
    institutionName: row.issuerName,
    institutionCode: `${institution.category}${institution.institutionCode}${institution.provinceCode}${institution.siteCode}`,
    provinceCode: institution.provinceCode,
    status: row.status,
    revokedOn: row.revokedOn,
    printSerial: row.printSerial,
  };
}

async function batchRecords(db: Database, batch: BatchRow): Promise<{ items: ItemRow[]; rows: Record<string, string>[] }> {
  const items = await db.select().from(nationalUploadItems).where(eq(nationalUploadItems.batchId, batch.id));
  const certificateRows = items.length ? await db.select().from(certificates).where(inArray(certificates.id, items.map((item) => item.certificateId))).orderBy(asc(certificates.code)) : [];
  const sentStatus = new Map(items.map((item) => [item.certificateId, item.sentStatus]));
  // The package carries the status as it was sent, so that a download later gives the same package.
  const rows = certificateRows.map((row) => mapNationalRecord({ ...recordOf(row), status: sentStatus.get(row.id) ?? row.status }, batch.mapping));
  return { items, rows };
}

// ------------------------------------------------------------------------------- batches

function countsOf(items: Pick<ItemRow, 'status'>[]) {
  const counts = { pending: 0, reported: 0, failed: 0 };
  for (const item of items) counts[item.status] += 1;
  return counts;
}

function statusOf(items: Pick<ItemRow, 'status'>[], current: NationalUploadBatchStatus): NationalUploadBatchStatus {
  const counts = countsOf(items);
  if (counts.pending > 0) return current === 'sending' ? 'sending' : 'prepared';
  if (counts.failed === 0) return 'completed';
  return counts.reported === 0 ? 'failed' : 'partially-failed';
}

async function uploadDto(db: Database, batch: BatchRow, withItems: boolean) {
  const items = await db.select().from(nationalUploadItems).where(eq(nationalUploadItems.batchId, batch.id));
  const [enterprise] = await findOrganisationsByIds(db, [batch.enterpriseId]);
  const base = {
    id: batch.id,
    enterpriseId: batch.enterpriseId,
    enterpriseName: enterprise?.name ?? '',
    mode: batch.mode,
    status: batch.status,
    itemCount: batch.itemCount,
    counts: countsOf(items),
    response: batch.response ?? null,
    jobId: batch.jobId,
    createdAt: batch.createdAt.toISOString(),
    sentAt: batch.sentAt?.toISOString() ?? null,
    completedAt: batch.completedAt?.toISOString() ?? null,
  };
  if (!withItems) return { ...base, items: [] };
  const rows = items.length
    ? await db
        .select({ id: certificates.id, code: certificates.code, holderName: certificates.holderName, idNumberMasked: certificates.idNumberMasked })
        .from(certificates)
        .where(inArray(certificates.id, items.map((item) => item.certificateId)))
    : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    ...base,
    items: items
      .map((item) => ({
        certificateId: item.certificateId,
        code: byId.get(item.certificateId)?.code ?? '',
        holderName: byId.get(item.certificateId)?.holderName ?? '',
        idNumberMasked: byId.get(item.certificateId)?.idNumberMasked ?? '',
        sentStatus: item.sentStatus,
        status: item.status,
        reason: item.reason,
      }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}

async function batchInScope(db: Database, context: RequestContext, id: string): Promise<BatchRow> {
  assertPermission(context.actor, 'national-upload:manage');
  const [batch] = isUuid(id) ? await db.select().from(nationalUploadBatches).where(eq(nationalUploadBatches.id, id)) : [];
  assertInScope(context.actor, batch?.enterprisePath);
  return batch;
}

export async function listNationalUploads(db: Database, context: RequestContext, query: { enterpriseId?: string }) {
  assertPermission(context.actor, 'national-upload:manage');
  const conditions = [like(nationalUploadBatches.enterprisePath, `${context.actor.organisationPath}%`)];
  if (query.enterpriseId) conditions.push(eq(nationalUploadBatches.enterpriseId, query.enterpriseId));
  const rows = await db.select().from(nationalUploadBatches).where(and(...conditions)).orderBy(desc(nationalUploadBatches.createdAt)).limit(200);
  const items = [];
  for (const row of rows) {
    const { items: _items, ...summary } = await uploadDto(db, row, false);
    items.push(summary);
  }
  return { items };
}

export async function getNationalUpload(db: Database, context: RequestContext, id: string) {
  return uploadDto(db, await batchInScope(db, context, id), true);
}

/**
 * Makes a batch of the enterprise's certificates not yet reported (or only those named). With an
 * endpoint configured, a job sends it at once; otherwise it waits to be downloaded.
 */
function isUniqueViolation(error: unknown, constraint: string): boolean {
  const cause = (error as { cause?: { code?: string; constraint?: string } }).cause ?? (error as { code?: string; constraint?: string });
  return cause?.code === '23505' && cause.constraint === constraint;
}

/** The batch made under the key, refusing the key for another request (IDEMPOTENCY_KEY_REUSED). */
async function batchForKey(db: Database, enterpriseId: string, idempotencyKey: string, requestHash: string): Promise<BatchRow | undefined> {
  const [batch] = await db.select().from(nationalUploadBatches).where(and(eq(nationalUploadBatches.enterpriseId, enterpriseId), eq(nationalUploadBatches.idempotencyKey, idempotencyKey)));
  if (batch && batch.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return batch;
}

/**
 * Makes an upload batch of the enterprise's certificates not yet reported (or the given ones). With
 * an idempotency key, a retried request gets the first batch (`created: false`) instead of
 * NATIONAL_UPLOAD_NOTHING_TO_SEND, even when it arrives while the first is being written.
 */
export async function createNationalUpload(db: Database, context: RequestContext, input: NationalUploadCreateReq & { idempotencyKey?: string }, options: NationalUploadOptions = {}) {
  assertPermission(context.actor, 'national-upload:manage');
  const enterprise = await enterpriseFor(db, context, input.enterpriseId);
  const requestHash = createHash('sha256')
    .update(canonicalJson({ enterpriseId: enterprise.id, certificateIds: input.certificateIds ? [...new Set(input.certificateIds)].sort() : null }))
    .digest('hex');
  const key = input.idempotencyKey;
  if (key) {
    const existing = await batchForKey(db, enterprise.id, key, requestHash);
    if (existing) return { ...(await uploadDto(db, existing, true)), created: false };
  }
  try {
    const batch = await makeNationalUpload(db, context, enterprise, input, { ...options, idempotencyKey: key ?? null, requestHash });
    return { ...(await uploadDto(db, batch, true)), created: true };
  } catch (error) {
    // The same request retried while the first was being written (its certificates taken, its key
    // used): the first one's batch.
    if (!key || !(error instanceof AppError || isUniqueViolation(error, 'national_upload_batches_idempotency_idx'))) throw error;
    const first = await batchForKey(db, enterprise.id, key, requestHash);
    if (!first) throw error;
    return { ...(await uploadDto(db, first, true)), created: false };
  }
}

async function makeNationalUpload(
  db: Database,
  context: RequestContext,
  enterprise: Awaited<ReturnType<typeof enterpriseFor>>,
  input: NationalUploadCreateReq,
  options: NationalUploadOptions & { idempotencyKey: string | null; requestHash: string },
): Promise<BatchRow> {
  const conditions = [eq(certificates.enterpriseId, enterprise.id), inArray(certificates.uploadStatus, ['pending', 'failed'])];
  if (input.certificateIds) conditions.push(inArray(certificates.id, input.certificateIds));
  const chosen = await db.select({ id: certificates.id, status: certificates.status, uploadStatus: certificates.uploadStatus }).from(certificates).where(and(...conditions));
  if (chosen.length === 0) throw new AppError('NATIONAL_UPLOAD_NOTHING_TO_SEND');
  const mapping = await currentMapping(db);
  const endpoint = options.endpoint ?? null;
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(nationalUploadBatches)
      .values({
        idempotencyKey: options.idempotencyKey,
        requestHash: options.requestHash,
        enterpriseId: enterprise.id,
        enterprisePath: enterprise.path,
        mode: endpoint ? 'endpoint' : 'manual',
        status: endpoint ? 'sending' : 'prepared',
        mapping,
        itemCount: chosen.length,
        endpoint,
        createdBy: context.actor.userId,
      })
      .returning();
    for (let start = 0; start < chosen.length; start += 1000) {
      await tx.insert(nationalUploadItems).values(chosen.slice(start, start + 1000).map((row) => ({ batchId: created.id, certificateId: row.id, sentStatus: row.status, status: 'pending' as const })));
    }
    const moved = await tx
      .update(certificates)
      .set({ uploadStatus: 'in-batch', updatedAt: context.clock.now() })
      .where(and(inArray(certificates.id, chosen.map((row) => row.id)), inArray(certificates.uploadStatus, ['pending', 'failed'])))
      .returning({ id: certificates.id });
    // Another batch took some of them in between: nothing of this one is kept.
    if (moved.length !== chosen.length) throw new AppError('CONFLICT');
    let jobId: string | null = null;
    if (endpoint) {
      const { job } = await enqueueJob(tx, context, { kind: NATIONAL_UPLOAD_JOB, payload: { batchId: created.id }, organisationId: enterprise.id, total: chosen.length });
      jobId = job.id;
      await tx.update(nationalUploadBatches).set({ jobId }).where(eq(nationalUploadBatches.id, created.id));
    }
    await writeAudit(tx, context, {
      action: 'national-upload.created',
      targetType: 'national-upload',
      targetId: created.id,
      organisationId: enterprise.id,
      organisationPath: enterprise.path,
      after: { mode: created.mode, itemCount: chosen.length, certificateIds: chosen.map((row) => row.id), resent: chosen.filter((row) => row.uploadStatus === 'failed').length },
    });
    return { ...created, jobId };
  });
}

/** The package (identity numbers in full): an unmasked view, audited. */
export async function nationalUploadPackage(db: Database, context: RequestContext, id: string, format: 'xlsx' | 'json'): Promise<{ bytes: Buffer; fileName: string; contentType: string }> {
  const batch = await batchInScope(db, context, id);
  const { rows } = await batchRecords(db, batch);
  // The file is named by the batch's day in China, as every date of the system is.
  const stamp = calendarDateInChina(batch.createdAt);
  let bytes: Buffer;
  if (format === 'json') {
    bytes = Buffer.from(JSON.stringify(packageJson(batch, rows), null, 2), 'utf8');
  } else {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = '特级技师评聘管理系统';
    const sheet = workbook.addWorksheet('证书信息');
    sheet.columns = batch.mapping.map((column) => ({ header: column.column, key: column.column, width: Math.max(12, column.column.length * 2 + 4), style: { numFmt: '@' } }));
    sheet.getRow(1).font = { bold: true };
    for (const row of rows) sheet.addRow(row);
    bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  }
  await db.transaction(async (tx) => {
    await writeAudit(tx, context, {
      action: 'national-upload.downloaded',
      targetType: 'national-upload',
      targetId: batch.id,
      organisationId: batch.enterpriseId,
      organisationPath: batch.enterprisePath,
      after: { format, records: rows.length },
    });
  });
  return {
    bytes,
    fileName: `证书数据上报-${stamp}-${batch.id.slice(0, 8)}.${format}`,
    contentType: format === 'json' ? 'application/json; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}

function packageJson(batch: BatchRow, rows: Record<string, string>[]) {
  return { batchId: batch.id, createdAt: batch.createdAt.toISOString(), count: rows.length, records: rows };
}

interface Outcome {
  certificateId: string;
  status: Exclude<NationalUploadItemStatus, 'pending'>;
  reason: string | null;
}

/** Writes outcomes into the items, the certificates (unless changed since they were sent) and the batch. */
async function applyOutcomes(tx: Database, batch: BatchRow, outcomes: Outcome[], now: Date): Promise<BatchRow> {
  for (const outcome of outcomes) {
    const [item] = await tx
      .update(nationalUploadItems)
      .set({ status: outcome.status, reason: outcome.reason, updatedAt: now })
      .where(and(eq(nationalUploadItems.batchId, batch.id), eq(nationalUploadItems.certificateId, outcome.certificateId)))
      .returning();
    // A certificate revoked or corrected after it was sent is pending again: the result is kept on the item only.
    await tx
      .update(certificates)
      .set(
        outcome.status === 'reported'
          ? { uploadStatus: 'reported', uploadFailureReason: null, reportedAt: now, updatedAt: now }
          : { uploadStatus: 'failed', uploadFailureReason: outcome.reason, updatedAt: now },
      )
      .where(and(eq(certificates.id, outcome.certificateId), eq(certificates.uploadStatus, 'in-batch'), eq(certificates.status, item.sentStatus)));
  }
  const items = await tx.select({ status: nationalUploadItems.status }).from(nationalUploadItems).where(eq(nationalUploadItems.batchId, batch.id));
  const status = statusOf(items, batch.status === 'sending' ? 'prepared' : batch.status);
  const [updated] = await tx
    .update(nationalUploadBatches)
    .set({ status, completedAt: status === 'prepared' ? null : now })
    .where(eq(nationalUploadBatches.id, batch.id))
    .returning();
  return updated;
}

/** HR records what the national system said about a package uploaded by hand. */
export async function recordNationalResults(db: Database, context: RequestContext, id: string, input: NationalResultsReq) {
  const batch = await batchInScope(db, context, id);
  if (batch.mode !== 'manual') throw new AppError('NATIONAL_UPLOAD_NOT_MANUAL');
  const items = new Map((await db.select().from(nationalUploadItems).where(eq(nationalUploadItems.batchId, batch.id))).map((item) => [item.certificateId, item]));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  input.items.forEach((entry, index) => {
    const item = items.get(entry.certificateId);
    if (!item) errors.push(fieldError(`items.${index}.certificateId`, 'NOT_IN_BATCH', '该证书不在本批次中', 'The certificate is not in this batch'));
    else if (item.status !== 'pending') errors.push(fieldError(`items.${index}.certificateId`, 'ALREADY_RECORDED', '该证书的上报结果已记录', 'The result of this certificate is recorded already'));
    if (seen.has(entry.certificateId)) errors.push(fieldError(`items.${index}.certificateId`, 'REPEATED', '同一证书出现了两次', 'The certificate appears twice'));
    seen.add(entry.certificateId);
    if (entry.outcome === 'failed' && !entry.reason?.trim()) errors.push(fieldError(`items.${index}.reason`, 'REQUIRED', '上报失败须填写原因', 'A failure needs its reason'));
  });
  if (errors.length) throw validationError(errors);
  const updated = await db.transaction(async (tx) => {
    const result = await applyOutcomes(
      tx,
      batch,
      input.items.map((entry) => ({ certificateId: entry.certificateId, status: entry.outcome, reason: entry.outcome === 'failed' ? entry.reason!.trim() : null })),
      context.clock.now(),
    );
    await writeAudit(tx, context, {
      action: 'national-upload.results-recorded',
      targetType: 'national-upload',
      targetId: batch.id,
      organisationId: batch.enterpriseId,
      organisationPath: batch.enterprisePath,
      before: { status: batch.status },
      after: { status: result.status, results: input.items.map((entry) => ({ certificateId: entry.certificateId, outcome: entry.outcome, reason: entry.reason ?? null })) },
    });
    return result;
  });
  return uploadDto(db, updated, true);
}

// ------------------------------------------------------------------------------ endpoint

interface EndpointResult {
  certificateCode?: string;
  code?: string;
  success?: boolean;
  ok?: boolean;
  status?: string;
  message?: string;
  reason?: string;
  [column: string]: unknown;
}

/**
 * The endpoint's contract: it receives `{ batchId, createdAt, count, records: [ {column: value …} ] }`
 * and answers 2xx, optionally with `{ results: [ { certificateCode, success, message } ] }` (the code
 * may also come under the mapping's column name; `ok` or `status: "success"` count as success). A
 * 2xx without results reports every record; any other answer, or none, fails every record with the reason.
 */
export async function runNationalUpload(job: RunningJob<{ batchId: string }>, fetcher: typeof fetch = fetch): Promise<{ reported: number; failed: number }> {
  const db = job.db;
  const [batch] = await db.select().from(nationalUploadBatches).where(eq(nationalUploadBatches.id, job.payload.batchId));
  if (!batch) throw new AppError('NOT_FOUND');
  if (batch.status !== 'sending' || !batch.endpoint) {
    const counts = countsOf(await db.select({ status: nationalUploadItems.status }).from(nationalUploadItems).where(eq(nationalUploadItems.batchId, batch.id)));
    return { reported: counts.reported, failed: counts.failed };
  }
  const { items, rows } = await batchRecords(db, batch);
  const codeColumn = batch.mapping.find((column) => column.field === 'certificateCode')!.column;
  await job.progress(0, items.length);
  let response: { status: number | null; body: string; error?: string };
  let results: EndpointResult[] | null = null;
  try {
    const answer = await fetcher(batch.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      body: JSON.stringify(packageJson(batch, rows)),
      signal: AbortSignal.any([job.signal, AbortSignal.timeout(60_000)]),
    });
    const body = await answer.text();
    response = { status: answer.status, body: body.slice(0, 4000) };
    if (answer.ok) {
      try {
        const parsed = JSON.parse(body) as { results?: unknown };
        if (Array.isArray(parsed.results)) results = parsed.results as EndpointResult[];
      } catch {
        // A 2xx that is not JSON: every record was accepted.
      }
    }
  } catch (error) {
    response = { status: null, body: '', error: error instanceof Error ? error.message : String(error) };
  }
  const codes = new Map(
    (await db.select({ id: certificates.id, code: certificates.code }).from(certificates).where(inArray(certificates.id, items.map((item) => item.certificateId)))).map((row) => [row.code, row.id]),
  );
  const outcomes: Outcome[] = [];
  if (response.status === null || response.status < 200 || response.status >= 300) {
    const reason = response.status === null ? `无法连接国家证书查询系统接口 / endpoint unreachable: ${response.error}` : `接口返回 HTTP ${response.status} / endpoint answered HTTP ${response.status}: ${response.body.slice(0, 200)}`;
    for (const item of items) outcomes.push({ certificateId: item.certificateId, status: 'failed', reason });
  } else if (!results) {
    for (const item of items) outcomes.push({ certificateId: item.certificateId, status: 'reported', reason: null });
  } else {
    const byCode = new Map<string, EndpointResult>();
    for (const result of results) {
      const code = String(result.certificateCode ?? result.code ?? result[codeColumn] ?? '');
      if (code) byCode.set(code, result);
    }
    for (const [code, certificateId] of codes) {
      const result = byCode.get(code);
      const success = result ? Boolean(result.success ?? result.ok ?? result.status === 'success') : false;
      outcomes.push({
        certificateId,
        status: success ? 'reported' : 'failed',
        reason: success ? null : String(result?.message ?? result?.reason ?? '接口未返回该证书的结果 / the endpoint gave no result for this certificate'),
      });
    }
  }
  await db.transaction(async (tx) => {
    const updated = await applyOutcomes(tx, batch, outcomes, job.context.clock.now());
    await tx.update(nationalUploadBatches).set({ response, sentAt: job.context.clock.now() }).where(eq(nationalUploadBatches.id, batch.id));
    await writeAudit(tx, job.context as AuditContext, {
      action: 'national-upload.sent',
      targetType: 'national-upload',
      targetId: batch.id,
      organisationId: batch.enterpriseId,
      organisationPath: batch.enterprisePath,
      after: { status: updated.status, httpStatus: response.status, reported: outcomes.filter((outcome) => outcome.status === 'reported').length, failed: outcomes.filter((outcome) => outcome.status === 'failed').length },
    });
  });
  await job.progress(items.length, items.length);
  return { reported: outcomes.filter((outcome) => outcome.status === 'reported').length, failed: outcomes.filter((outcome) => outcome.status === 'failed').length };
}

