import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { and, asc, eq, gt, ilike, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { PRIORITY_CONDITION_NAMES, type PriorityConditionId } from '../../domain/eligibility.ts';
import { birthYearOf, IDENTITY_TYPE_NAMES, IDENTITY_TYPES, maskIdNumber, type IdentityType } from '../../domain/identity.ts';
import { createRegisterRowChecker, type RegisterColumnKey, type RegisterRecord, type RegisterRowIssue } from '../../domain/register-rules.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { detectMediaType, readFileUnscoped, storeFile } from '../../platform/files.ts';
import { enqueueJob, findJobByIdempotencyKey, registerJobHandler, type RunningJob } from '../../platform/jobs.ts';
import { decryptPersonalData, encryptPersonalData, lookupHash } from '../../platform/personal-data.ts';
import { assertPermission } from '../../platform/policy.ts';
import { MAX_REPORTED_ROW_ERRORS } from '../../platform/xlsx/limits.ts';
import { checkWorkbookArchive } from '../../platform/xlsx/read-workbook.ts';
import { occupationNames } from '../occupations/service.ts';
import { findOrganisationInScope, findOrganisationsByIds } from '../organisations/service.ts';
import { createUser } from '../users/service.ts';
import { readRegisterRows, registerErrorReport, registerExport, RegisterFileError, registerTemplate } from './register-file.ts';
import type { EmployeeDto, EmployeeListQuery, EmployeeUserReq, RegisterExportReq, RegisterImportResult } from './schemas.ts';
import { employeeImportRows, employees } from './tables.ts';

type EmployeeRow = typeof employees.$inferSelect;

/** An import file may be this large (a 100,000-row register is about 6 MiB). */
export const REGISTER_IMPORT_MAX_BYTES = 50 * 1024 * 1024;
/** Rows written per statement while an import is staged. */
export const IMPORT_BATCH_SIZE = 1000;
/** How often an import reports its progress (a few times a second; the job's heartbeat runs besides). */
const PROGRESS_EVERY_MS = 250;
const ID_NUMBER_AAD = 'employees.id_number';

export const IMPORT_JOB_KIND = 'register.import';
export const EXPORT_JOB_KIND = 'register.export';

async function enterpriseInScope(db: Database, context: RequestContext, enterpriseId: string | undefined) {
  const organisation = await findOrganisationInScope(db, context, enterpriseId ?? context.actor.organisationId);
  if (organisation.kind !== 'enterprise') throw new AppError('NOT_FOUND');
  return organisation;
}

async function toDtos(db: Database, rows: EmployeeRow[]): Promise<EmployeeDto[]> {
  const organisations = new Map((await findOrganisationsByIds(db, [...new Set(rows.map((row) => row.organisationId))])).map((row) => [row.id, row.name]));
  const occupation = await occupationNames(db, rows.map((row) => row.occupationCode));
  const userIds = rows.map((row) => row.userId).filter((id): id is string => Boolean(id));
  const accounts = new Map(
    userIds.length ? (await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.id, userIds))).map((row) => [row.id, row]) : [],
  );
  return rows.map((row) => ({
    id: row.id,
    organisationId: row.organisationId,
    organisationName: organisations.get(row.organisationId) ?? '',
    name: row.name,
    idType: row.idType,
    idNumberMasked: row.idNumberMasked,
    gender: row.gender,
    birthYear: birthYearOf(row.birthDate),
    department: row.department,
    post: row.post,
    occupationCode: row.occupationCode,
    occupationName: occupation[row.occupationCode] ?? null,
    certificateNumber: row.certificateNumber,
    certificateKind: row.certificateKind,
    certificateDate: row.certificateDate,
    postSince: row.postSince,
    stillInOccupation: row.stillInOccupation,
    honours: row.honours as PriorityConditionId[],
    user: row.userId ? (accounts.get(row.userId) ?? null) : null,
    updatedAt: row.updatedAt.toISOString(),
  }));
}

function searchConditions(query: { q?: string; occupationCode?: string }): SQL[] {
  const conditions: SQL[] = [];
  const q = query.q?.trim();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
    // A whole ID number is found through its lookup hash (the number itself is stored encrypted).
    const hashes = IDENTITY_TYPES.map((type) => lookupHash(type, q));
    conditions.push(or(ilike(employees.name, pattern), ilike(employees.department, pattern), inArray(employees.idLookupHash, hashes))!);
  }
  if (query.occupationCode?.trim()) conditions.push(eq(employees.occupationCode, query.occupationCode.trim()));
  return conditions;
}

/** 职工名册: the employees of the actor's enterprise and those below it (or of one enterprise in scope). */
export async function listEmployees(db: Database, context: RequestContext, query: EmployeeListQuery) {
  assertPermission(context.actor, 'register:read');
  const path = query.enterpriseId ? (await enterpriseInScope(db, context, query.enterpriseId)).path : context.actor.organisationPath;
  const where = and(like(employees.organisationPath, `${path}%`), ...searchConditions(query));
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(employees).where(where);
  const rows = await db.select().from(employees).where(where).orderBy(asc(employees.organisationPath), asc(employees.name), asc(employees.id)).limit(query.limit).offset(query.offset);
  return { items: await toDtos(db, rows), total };
}

/** The Excel template of the register (also the layout of the export). */
export function downloadRegisterTemplate(context: RequestContext): Promise<Buffer> {
  assertPermission(context.actor, 'register:read');
  return registerTemplate();
}

// ----------------------------------------------------------------------------------- import

interface ImportPayload {
  fileId: string;
  fileName: string;
  organisationId: string;
  /** SHA-256 of the file: a retried upload (same idempotency key) is the same request when the bytes are. */
  sha256?: string;
}

/**
 * Stores the uploaded file and queues its import; the page follows the job (GET /jobs/:id). With an
 * idempotency key, a retried upload of the same file gets the job of the first (nothing is stored
 * again); the key with another file is refused (IDEMPOTENCY_KEY_REUSED).
 */
export async function startRegisterImport(db: Database, context: RequestContext, input: { fileName: string; bytes: Buffer; enterpriseId?: string; idempotencyKey?: string }) {
  assertPermission(context.actor, 'register:write');
  const enterprise = await enterpriseInScope(db, context, input.enterpriseId);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const sameRequest = (stored: unknown) => (stored as Partial<ImportPayload> | null)?.sha256 === sha256;
  if (input.idempotencyKey) {
    const existing = await findJobByIdempotencyKey(db, IMPORT_JOB_KIND, enterprise.id, input.idempotencyKey);
    if (existing) {
      if (!sameRequest(existing.payload)) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      return { job: existing.job, created: false };
    }
  }
  // A workbook over the import limits (its unpacked size, its parts: the ZIP's directory says so
  // without inflating anything) is refused here, before anything is stored or queued.
  if (input.bytes.byteLength <= REGISTER_IMPORT_MAX_BYTES && detectMediaType(input.bytes)?.name === 'xlsx') await checkWorkbookArchive(input.bytes);
  const file = await storeFile(db, context, { name: input.fileName, bytes: input.bytes, accept: ['xlsx'], maxBytes: REGISTER_IMPORT_MAX_BYTES, organisationId: enterprise.id });
  const payload: ImportPayload = { fileId: file.id, fileName: file.name, organisationId: enterprise.id, sha256 };
  const { job, created } = await enqueueJob(db, context, { kind: IMPORT_JOB_KIND, payload, organisationId: enterprise.id, total: 1000, idempotencyKey: input.idempotencyKey, sameRequest });
  return { job, created };
}

const STAGE_COLUMNS = [
  'organisation_id',
  'organisation_path',
  'name',
  'id_type',
  'id_number_encrypted',
  'id_lookup_hash',
  'id_number_masked',
  'gender',
  'birth_date',
  'department',
  'post',
  'occupation_code',
  'certificate_number',
  'certificate_kind',
  'certificate_date',
  'post_since',
  'still_in_occupation',
  'honours',
] as const;

/** The staged columns that differ from row to row: the organisation is the job's. */
type StagedRowColumn = Exclude<(typeof STAGE_COLUMNS)[number], 'organisation_id' | 'organisation_path'>;
const STAGED_ROW_COLUMNS = STAGE_COLUMNS.filter((column): column is StagedRowColumn => column !== 'organisation_id' && column !== 'organisation_path');

function stagedRow(row: number, record: RegisterRecord) {
  return {
    row_number: row,
    name: record.name,
    id_type: record.idType,
    id_number_encrypted: encryptPersonalData(record.idNumber, ID_NUMBER_AAD),
    id_lookup_hash: lookupHash(record.idType, record.idNumber),
    id_number_masked: maskIdNumber(record.idNumber),
    gender: record.gender,
    birth_date: record.birthDate,
    department: record.department,
    post: record.post,
    occupation_code: record.occupationCode,
    certificate_number: record.certificateNumber,
    certificate_kind: record.certificateKind,
    certificate_date: record.certificateDate,
    post_since: record.postSince,
    still_in_occupation: record.stillInOccupation,
    honours: record.honours,
  } satisfies Record<StagedRowColumn | 'row_number', unknown>;
}

/** The SQL type of each staged column, for json_to_recordset. */
const STAGE_TYPES: Record<StagedRowColumn, string> = {
  name: 'text',
  id_type: 'text',
  id_number_encrypted: 'text',
  id_lookup_hash: 'text',
  id_number_masked: 'text',
  gender: 'text',
  birth_date: 'text',
  department: 'text',
  post: 'text',
  occupation_code: 'text',
  certificate_number: 'text',
  certificate_kind: 'text',
  certificate_date: 'text',
  post_since: 'text',
  still_in_occupation: 'boolean',
  honours: 'text[]',
};

/**
 * Stages a batch with one parameter (the rows as JSON): far cheaper than 19 parameters a row. The
 * organisation, the same for every row, is given once, not written into each row's JSON.
 */
async function stageBatch(db: Database, jobId: string, organisation: { id: string; path: string }, batch: ReturnType<typeof stagedRow>[]) {
  const columns = sql.raw(STAGED_ROW_COLUMNS.join(', '));
  const definition = sql.raw(['row_number int', ...STAGED_ROW_COLUMNS.map((column) => `${column} ${STAGE_TYPES[column]}`)].join(', '));
  await db.execute(sql`
    insert into employee_import_rows (job_id, organisation_id, organisation_path, row_number, ${columns})
    select ${jobId}::uuid, ${organisation.id}::uuid, ${organisation.path}, row_number, ${columns} from json_to_recordset(${JSON.stringify(batch)}::json) as staged(${definition})`);
}

/** The notes on kept rows an import result lists (the count gives the rest). */
const MAX_REPORTED_WARNINGS = 200;
/**
 * The errors of a refused file that are kept, listed in the result and the report (the lowest rows
 * first; the count gives the rest). A file of 200,000 bad rows has millions of faults: listing
 * every one took the server's heap.
 */
export const MAX_REPORTED_ERRORS = MAX_REPORTED_ROW_ERRORS;
/** Occupation codes looked up at once (each is a parameter of the query). */
const OCCUPATION_LOOKUP_BATCH = 1000;

/** The errors of an import: every one counted, the MAX_REPORTED_ERRORS of the lowest rows kept. */
class ImportIssues {
  count = 0;
  private kept: RegisterRowIssue[] = [];

  add(issues: readonly RegisterRowIssue[]): void {
    this.count += issues.length;
    for (const issue of issues) this.kept.push(issue);
    if (this.kept.length > 2 * MAX_REPORTED_ERRORS) this.trim();
  }

  private trim(): void {
    this.kept.sort((a, b) => a.row - b.row);
    this.kept.length = Math.min(this.kept.length, MAX_REPORTED_ERRORS);
  }

  /** The kept errors, by row. */
  list(): RegisterRowIssue[] {
    this.trim();
    return this.kept;
  }
}

/** An occupation code as long as a real one can be (6-18-01-01-01 and a little): longer ones are unknown at once. */
const OCCUPATION_CODE_MAX = 20;

/** The reader's refusal (not a workbook, or over a limit) as the one error of a rejected import. */
function fileIssue(error: AppError | RegisterFileError): RegisterRowIssue {
  if (error instanceof RegisterFileError) return { row: 1, column: null, code: 'FILE_UNREADABLE', message: error.messages };
  const row = typeof error.params.row === 'number' ? error.params.row : 1;
  return { row, column: null, code: error.code, message: { 'zh-CN': error.messages['zh-CN'], en: error.messages.en } };
}

/**
 * The import job: reads the file on a worker thread within the import limits, checks every row
 * (nothing is stored while any row has a fault: the result then carries the first errors, their
 * count and a report file), stages the rows in batches, and merges them into the register with one
 * statement, so that the register changes all at once. Runs again safely after a crash (the job's
 * staged rows are cleared first).
 */
async function runImport(job: RunningJob<ImportPayload>): Promise<RegisterImportResult> {
  const { db } = job;
  const [organisation] = await findOrganisationsByIds(db, [job.payload.organisationId]);
  if (!organisation) throw new AppError('NOT_FOUND');
  await db.delete(employeeImportRows).where(eq(employeeImportRows.jobId, job.id));
  const { file, bytes } = await readFileUnscoped(db, job.payload.fileId);
  const today = job.context.clock.today();
  const check = createRegisterRowChecker({ today, isKnownOccupation: () => true });
  const issues = new ImportIssues();
  // Rows kept with a note (an older certificate number for HR to check): reported, never refused.
  const warnings: RegisterRowIssue[] = [];
  let warningCount = 0;
  const rowsByOccupation = new Map<string, number[]>();
  let batch: ReturnType<typeof stagedRow>[] = [];
  let rows = 0;
  let fractionRead = 0;
  // A batch is written while the next one is read and checked, with at most one insert in flight;
  // its failure is kept (not left unhandled) and thrown when the insert is next waited for.
  let staging: Promise<{ error: unknown } | null> | null = null;
  let reportedAt = performance.now();
  const staged = async () => {
    const failed = await staging;
    staging = null;
    if (failed) throw failed.error;
  };
  const flush = async () => {
    const rowsToStage = batch;
    batch = [];
    await staged();
    // Nothing is staged once a fault is known: the file will be refused anyway.
    if (rowsToStage.length && !issues.count) {
      staging = stageBatch(db, job.id, organisation, rowsToStage).then(
        () => null,
        (error: unknown) => ({ error }),
      );
    }
    if (performance.now() - reportedAt >= PROGRESS_EVERY_MS) {
      reportedAt = performance.now();
      await job.progress(Math.min(899, Math.floor(fractionRead * 900)), 1000);
    }
  };
  try {
    for await (const { row, input } of readRegisterRows(bytes, { onProgress: (fraction) => (fractionRead = fraction), signal: job.signal })) {
      rows += 1;
      const result = check(row, input);
      warningCount += result.warnings.length;
      if (warnings.length < MAX_REPORTED_WARNINGS) warnings.push(...result.warnings.slice(0, MAX_REPORTED_WARNINGS - warnings.length));
      const code = input.occupationCode.trim();
      if (code.length > OCCUPATION_CODE_MAX) {
        issues.add([{ row, column: 'occupationCode', code: 'OCCUPATION_UNKNOWN', message: { 'zh-CN': '职业（工种）代码不在职业（工种）目录中', en: 'The occupation code is not in the occupation catalogue' } }]);
      } else if (code) {
        const list = rowsByOccupation.get(code);
        if (list) list.push(row);
        else rowsByOccupation.set(code, [row]);
      }
      if (result.record) {
        if (!issues.count) batch.push(stagedRow(row, result.record));
      } else {
        issues.add(result.issues);
      }
      if (rows % IMPORT_BATCH_SIZE === 0) await flush();
    }
    await flush();
    await staged();
  } catch (error) {
    // The insert in flight lands (or fails) before the staged rows are removed, here or by the job's clean-up.
    const refused = error instanceof RegisterFileError || (error instanceof AppError && error.code.startsWith('IMPORT_'));
    if (!refused) {
      await staging;
      throw error;
    }
    await staged();
    await db.delete(employeeImportRows).where(eq(employeeImportRows.jobId, job.id));
    const only = new ImportIssues();
    only.add([fileIssue(error)]);
    return rejected(job, only, 0, organisation);
  }
  const codes = [...rowsByOccupation.keys()];
  const known: Record<string, string> = {};
  for (let index = 0; index < codes.length; index += OCCUPATION_LOOKUP_BATCH) Object.assign(known, await occupationNames(db, codes.slice(index, index + OCCUPATION_LOOKUP_BATCH)));
  for (const [code, rowNumbers] of rowsByOccupation) {
    if (Object.hasOwn(known, code)) continue;
    issues.add(
      rowNumbers.map((row) => ({
        row,
        column: 'occupationCode',
        code: 'OCCUPATION_UNKNOWN',
        message: { 'zh-CN': `职业（工种）代码${code}不在职业（工种）目录中`, en: `The occupation code ${code} is not in the occupation catalogue` },
      })),
    );
  }
  if (rows === 0) {
    issues.add([{ row: 2, column: null, code: 'NO_ROWS', message: { 'zh-CN': '文件中没有职工数据（表头下没有任何一行）', en: 'The file holds no employees (no row below the header)' } }]);
  }
  if (issues.count) {
    await db.delete(employeeImportRows).where(eq(employeeImportRows.jobId, job.id));
    return rejected(job, issues, rows, organisation);
  }
  // One statement moves the staged rows into the register: all of them, or (on failure) none.
  const counts = await db.transaction(async (tx) => {
    const columns = sql.raw(STAGE_COLUMNS.join(', '));
    const updates = sql.raw(STAGE_COLUMNS.filter((column) => column !== 'organisation_id' && column !== 'id_lookup_hash').map((column) => `${column} = excluded.${column}`).join(', '));
    // When: the app's clock, as for every instant the system records (not the database server's).
    const at = job.context.clock.now().toISOString();
    const result = (await tx.execute(sql`
      with merged as (
        insert into employees (${columns}, created_at, updated_at)
        select ${columns}, ${at}::timestamptz, ${at}::timestamptz from employee_import_rows where job_id = ${job.id}
        on conflict (organisation_id, id_lookup_hash) do update set ${updates}, updated_at = excluded.updated_at
        returning (xmax = 0) as inserted
      )
      select count(*) filter (where inserted)::int as created, count(*) filter (where not inserted)::int as updated from merged
    `)) as unknown as { rows: { created: number; updated: number }[] };
    await tx.delete(employeeImportRows).where(eq(employeeImportRows.jobId, job.id));
    const { created, updated } = result.rows[0];
    await writeAudit(tx, job.context, {
      action: 'register.imported',
      targetType: 'register',
      targetId: organisation.id,
      organisationId: organisation.id,
      organisationPath: organisation.path,
      after: { jobId: job.id, fileId: file.id, fileName: file.name, rows, created, updated, warnings: warningCount, requestedBy: job.createdBy },
    });
    return { created, updated };
  });
  await job.progress(1000, 1000);
  return { outcome: 'imported', rows, created: counts.created, updated: counts.updated, warningCount, warnings };
}

async function rejected(job: RunningJob<ImportPayload>, issues: ImportIssues, rows: number, organisation: { id: string }): Promise<RegisterImportResult> {
  const listed = issues.list();
  const report = await storeFile(job.db, job.context, {
    name: `职工名册导入错误报告-${job.payload.fileName.replace(/\.xlsx$/i, '')}.xlsx`,
    bytes: await registerErrorReport(listed, issues.count),
    accept: ['xlsx'],
    maxBytes: REGISTER_IMPORT_MAX_BYTES,
    organisationId: organisation.id,
    uploadedBy: job.createdBy,
  });
  await job.progress(1000, 1000);
  return { outcome: 'rejected', rows, errorCount: issues.count, errors: listed, errorsNotListed: issues.count - listed.length, reportFileId: report.id };
}

// ----------------------------------------------------------------------------------- export

interface ExportPayload {
  organisationId: string;
}

/** Queues an export of the register; with an idempotency key, a retried request gets the first job. */
export async function startRegisterExport(db: Database, context: RequestContext, input: RegisterExportReq & { idempotencyKey?: string }) {
  assertPermission(context.actor, 'register:read');
  const enterprise = await enterpriseInScope(db, context, input.enterpriseId);
  const { job, created } = await enqueueJob(db, context, {
    kind: EXPORT_JOB_KIND,
    payload: { organisationId: enterprise.id } satisfies ExportPayload,
    organisationId: enterprise.id,
    idempotencyKey: input.idempotencyKey,
  });
  return { job, created };
}

/** Reads the register in pages (by id), decrypting the ID numbers: the export carries them in full, and is audited. */
async function runExport(job: RunningJob<ExportPayload>) {
  const { db } = job;
  const [organisation] = await findOrganisationsByIds(db, [job.payload.organisationId]);
  if (!organisation) throw new AppError('NOT_FOUND');
  const where = like(employees.organisationPath, `${organisation.path}%`);
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(employees).where(where);
  await job.progress(0, total);
  const names = new Map<string, string>();
  let exported = 0;
  async function* rowsOf(): AsyncGenerator<Record<RegisterColumnKey | 'organisation', string>> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await db.select().from(employees).where(and(where, gt(employees.id, after))).orderBy(asc(employees.id)).limit(IMPORT_BATCH_SIZE);
      if (!page.length) return;
      const missing = [...new Set(page.map((row) => row.organisationId))].filter((id) => !names.has(id));
      for (const row of await findOrganisationsByIds(db, missing)) names.set(row.id, row.name);
      for (const row of page) {
        exported += 1;
        yield {
          name: row.name,
          idType: IDENTITY_TYPE_NAMES[row.idType as IdentityType]?.['zh-CN'] ?? row.idType,
          idNumber: decryptPersonalData(row.idNumberEncrypted, ID_NUMBER_AAD),
          gender: row.gender === 'male' ? '男' : '女',
          birthDate: row.birthDate,
          department: row.department ?? '',
          post: row.post ?? '',
          occupationCode: row.occupationCode,
          certificateNumber: row.certificateNumber,
          certificateDate: row.certificateDate,
          postSince: row.postSince,
          stillInOccupation: row.stillInOccupation ? '是' : '否',
          honours: (row.honours as PriorityConditionId[]).map((id) => PRIORITY_CONDITION_NAMES[id]['zh-CN']).join('、'),
          organisation: names.get(row.organisationId) ?? '',
        };
      }
      after = page[page.length - 1].id;
      await job.progress(exported, total);
    }
  }
  const bytes = await registerExport(rowsOf());
  const date = job.context.clock.today();
  const file = await storeFile(db, job.context, {
    name: `职工名册-${organisation.name}-${date}.xlsx`,
    bytes,
    accept: ['xlsx'],
    maxBytes: REGISTER_IMPORT_MAX_BYTES * 4,
    organisationId: organisation.id,
    uploadedBy: job.createdBy,
  });
  await db.transaction(async (tx) => {
    await writeAudit(tx, job.context, {
      action: 'register.exported',
      targetType: 'register',
      targetId: organisation.id,
      organisationId: organisation.id,
      organisationPath: organisation.path,
      after: { jobId: job.id, fileId: file.id, rows: exported, requestedBy: job.createdBy, containsIdNumbers: true },
    });
  });
  await job.progress(total, total);
  return { fileId: file.id, fileName: file.name, rows: exported };
}


registerJobHandler<ImportPayload, RegisterImportResult>(IMPORT_JOB_KIND, runImport, {
  parsePayload: (raw) => {
    const payload = raw as ImportPayload;
    if (!payload || typeof payload.fileId !== 'string' || typeof payload.organisationId !== 'string') throw new Error('register.import: bad payload');
    return payload;
  },
  maxAttempts: 2,
  // A run that failed or died while staging leaves its staged rows (encrypted ID numbers among
  // them): gone with the failure, not left until someone retries.
  cleanUp: async (db, job) => {
    await db.delete(employeeImportRows).where(eq(employeeImportRows.jobId, job.id));
  },
});
registerJobHandler<ExportPayload, unknown>(EXPORT_JOB_KIND, runExport, {
  parsePayload: (raw) => {
    const payload = raw as ExportPayload;
    if (!payload || typeof payload.organisationId !== 'string') throw new Error('register.export: bad payload');
    return payload;
  },
});

// --------------------------------------------------------------------------- user accounts

async function employeeInScope(db: Database, context: RequestContext, id: string): Promise<EmployeeRow> {
  const [row] = await db.select().from(employees).where(eq(employees.id, id));
  if (!row || !row.organisationPath.startsWith(context.actor.organisationPath)) throw new AppError('NOT_FOUND');
  return row;
}

/** Opens an employee account for a register row (role 员工) and links it; the one-time password is shown once. */
export async function createEmployeeUser(db: Database, context: RequestContext, id: string, input: EmployeeUserReq) {
  assertPermission(context.actor, 'register:write');
  assertPermission(context.actor, 'user:write');
  const employee = await employeeInScope(db, context, id);
  if (employee.userId) throw new AppError('EMPLOYEE_ALREADY_LINKED', { name: employee.name });
  return db.transaction(async (tx) => {
    const created = await createUser(tx, context, { organisationId: employee.organisationId, username: input.username, displayName: employee.name, roles: ['employee'], password: input.password });
    const [updated] = await tx
      .update(employees)
      .set({ userId: created.user.id, updatedAt: context.clock.now() })
      .where(and(eq(employees.id, id), isNull(employees.userId)))
      .returning();
    if (!updated) throw new AppError('EMPLOYEE_ALREADY_LINKED', { name: employee.name });
    await writeAudit(tx, context, {
      action: 'register.user-linked',
      targetType: 'employee',
      targetId: id,
      organisationId: employee.organisationId,
      organisationPath: employee.organisationPath,
      after: { userId: created.user.id, username: created.user.username, how: 'created' },
    });
    const [dto] = await toDtos(tx, [updated]);
    return { employee: dto, user: { id: created.user.id, username: created.user.username }, initialPassword: created.initialPassword };
  });
}

// --------------------------------------------------------------- for the applications module

/** A register row as other modules read it (never the encrypted number). */
export interface RegisterEmployee {
  id: string;
  organisationId: string;
  organisationPath: string;
  name: string;
  idType: IdentityType;
  idLookupHash: string;
  idNumberMasked: string;
  gender: 'male' | 'female';
  birthDate: string;
  department: string | null;
  post: string | null;
  occupationCode: string;
  certificateNumber: string;
  certificateKind: 'skill-level' | 'vocational-qualification';
  certificateDate: string;
  postSince: string;
  stillInOccupation: boolean;
  honours: PriorityConditionId[];
  userId: string | null;
}

function toRegisterEmployee(row: EmployeeRow): RegisterEmployee {
  const { idNumberEncrypted: _encrypted, createdAt: _created, updatedAt: _updated, ...rest } = row;
  return { ...rest, idType: row.idType as IdentityType, honours: row.honours as PriorityConditionId[] };
}

/** The employee's ID number in clear, for an application made from the register row (the caller audits its use). */
export function employeeIdNumber(db: Database, id: string): Promise<string | null> {
  return db
    .select({ value: employees.idNumberEncrypted })
    .from(employees)
    .where(eq(employees.id, id))
    .then(([row]) => (row ? decryptPersonalData(row.value, ID_NUMBER_AAD) : null));
}

export async function findEmployee(db: Database, id: string): Promise<RegisterEmployee | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.select().from(employees).where(eq(employees.id, id));
  return row ? toRegisterEmployee(row) : null;
}

/** Register rows by id (those that exist), in no particular order. */
export async function findEmployees(db: Database, ids: readonly string[]): Promise<RegisterEmployee[]> {
  if (!ids.length) return [];
  return (await db.select().from(employees).where(inArray(employees.id, [...ids]))).map(toRegisterEmployee);
}

/** The register row linked to a user account. */
export async function findEmployeeByUser(db: Database, userId: string): Promise<RegisterEmployee | null> {
  const [row] = await db.select().from(employees).where(eq(employees.userId, userId));
  return row ? toRegisterEmployee(row) : null;
}

/** The register row of a person (by ID lookup hash) in an organisation or below it. */
export async function findEmployeeByHash(db: Database, organisationPath: string, idLookupHash: string): Promise<RegisterEmployee | null> {
  const [row] = await db
    .select()
    .from(employees)
    .where(and(eq(employees.idLookupHash, idLookupHash), like(employees.organisationPath, `${organisationPath}%`)))
    .orderBy(sql`length(${employees.organisationPath}) desc`)
    .limit(1);
  return row ? toRegisterEmployee(row) : null;
}

/** Links a user account to a register row that has none (matched by ID number); audited. */
export async function linkEmployeeUser(tx: Database, context: RequestContext, employee: RegisterEmployee, userId: string): Promise<boolean> {
  const [clash] = await tx.select({ id: employees.id }).from(employees).where(eq(employees.userId, userId));
  if (clash) return false;
  const [updated] = await tx.update(employees).set({ userId, updatedAt: context.clock.now() }).where(and(eq(employees.id, employee.id), isNull(employees.userId))).returning({ id: employees.id });
  if (!updated) return false;
  await writeAudit(tx, context, {
    action: 'register.user-linked',
    targetType: 'employee',
    targetId: employee.id,
    organisationId: employee.organisationId,
    organisationPath: employee.organisationPath,
    after: { userId, how: 'matched-by-id-number' },
  });
  return true;
}

/** What screening a whole register against a plan reads of each employee: enough to decide, count, filter and order. */
export interface RegisterScreeningRow {
  id: string;
  name: string;
  department: string | null;
  /** null unless asked for (bans are looked up by it). */
  idLookupHash: string | null;
  certificateNumber: string;
  certificateKind: 'skill-level' | 'vocational-qualification';
  postSince: string;
  occupationCode: string;
  stillInOccupation: boolean;
}

/**
 * Every register row in all of the organisations given (each a path: that organisation and those
 * below it), in no particular order, for screening against a plan. A register is read whole each
 * time (200,000 rows for a large enterprise): one query, only these columns, the rows as the
 * driver gives them, without mapping each into another object.
 */
export async function registerRowsForScreening(db: Database, organisationPaths: readonly string[], options: { lookupHashes: boolean }): Promise<RegisterScreeningRow[]> {
  const result = (await db.execute(sql`
    select ${employees.id} as "id", ${employees.name} as "name", ${employees.department} as "department",
      ${options.lookupHashes ? employees.idLookupHash : sql`null`} as "idLookupHash",
      ${employees.certificateNumber} as "certificateNumber", ${employees.certificateKind} as "certificateKind",
      ${employees.postSince} as "postSince", ${employees.occupationCode} as "occupationCode", ${employees.stillInOccupation} as "stillInOccupation"
    from ${employees}
    where ${and(...organisationPaths.map((path) => like(employees.organisationPath, `${path}%`)))}`)) as unknown as { rows: RegisterScreeningRow[] };
  return result.rows;
}

/** The register's 高级技师 under an organisation (it and its units), by occupation code. */
export async function registerCountsByOccupation(db: Database, organisationPath: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ code: employees.occupationCode, count: sql<number>`count(*)::int` })
    .from(employees)
    .where(like(employees.organisationPath, `${organisationPath}%`))
    .groupBy(employees.occupationCode);
  return Object.fromEntries(rows.map((row) => [row.code, row.count]));
}
