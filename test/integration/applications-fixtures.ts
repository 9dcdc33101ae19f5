// Builders for the register and applications tests: valid ID numbers, register workbooks written
// with exceljs' streaming writer, a published plan whose application window is open today, and a
// complete application backed by uploaded evidence.
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { addDays } from '../../src/domain/calendar-date.ts';
import { testClock } from '../support/clock.ts';
import { residentIdCheckCharacter } from '../../src/domain/identity.ts';
import { REGISTER_COLUMNS, type RegisterColumnKey } from '../../src/domain/register-rules.ts';
import { samplePdf, upload } from '../support/files.ts';
import { completePlanContent, currentYear } from '../support/pilot-factories.ts';
import type { TestApp, TestClient } from '../support/test-app.ts';

/** A valid 18-digit resident ID number (Harbin by default); the sequence's parity gives the gender (odd: male). */
export function residentId(birthDate: string, sequence: number, region = '230102'): string {
  const body = `${region}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body);
}

export type RegisterRow = Partial<Record<RegisterColumnKey, string>>;

/** A register row that passes every check (a male 高级技师 in 6-18-01-01 since 2010). */
export function goodRow(sequence: number, overrides: RegisterRow = {}): RegisterRow {
  const birth = `1975-${String((sequence % 12) + 1).padStart(2, '0')}-${String((sequence % 28) + 1).padStart(2, '0')}`;
  return {
    name: `职工${sequence}`,
    idType: '居民身份证',
    idNumber: residentId(birth, (sequence % 499) * 2 + 1, `23${String(10 + (Math.floor(sequence / 499) % 80)).padStart(2, '0')}02`),
    gender: '男',
    birthDate: birth,
    department: '总装车间',
    occupationCode: '6-18-01-01',
    certificateNumber: 'Y000023000001101000123',
    certificateDate: '2010-06-30',
    postSince: '2010-10-31',
    stillInOccupation: '是',
    honours: '',
    ...overrides,
  };
}

/** A register workbook in the template's layout, written with the streaming writer. */
export async function registerWorkbook(rows: Iterable<RegisterRow>): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('职工名册');
  sheet.columns = REGISTER_COLUMNS.map((column) => ({ header: column.zh, key: column.key }));
  sheet.getRow(1).commit();
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}

export function multipart(file: { name: string; bytes: Buffer }, fields: Record<string, string> = {}) {
  const boundary = `----ptech${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export interface JobView {
  id: string;
  status: string;
  progress: { done: number; total: number | null };
  result: Record<string, unknown> | null;
  error: unknown;
}

export async function waitForJob(client: TestClient, id: string, timeoutMs = 60_000, onProgress?: (job: JobView) => void): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await client.get(`/api/v1/jobs/${id}`)).json() as JobView;
    onProgress?.(job);
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`job ${id} did not finish: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Uploads a register workbook and waits for its import job. */
export async function importRegister(client: TestClient, bytes: Buffer, options: { enterpriseId?: string; timeoutMs?: number; onProgress?: (job: JobView) => void } = {}) {
  const { payload, headers } = multipart({ name: '职工名册.xlsx', bytes }, options.enterpriseId ? { enterpriseId: options.enterpriseId } : {});
  const response = await client.request('POST', '/api/v1/register/imports', payload, headers);
  if (response.statusCode !== 202) throw new Error(`import: ${response.statusCode} ${response.body}`);
  return waitForJob(client, response.json().job.id, options.timeoutMs, options.onProgress);
}

/** The test's day (TEST_NOW), as the apps' clocks have it. */
export function todayInChina(): string {
  return testClock().today();
}

/**
 * Publishes a complete plan for the group and opens its application window around today (the
 * timetable must lie in the pilot year; the window of the published version is moved directly, so
 * that the tests do not depend on the day they run).
 */
export async function openPlan(t: TestApp, hr: TestClient, bodyId: string, overrides: Record<string, unknown> = {}) {
  const year = currentYear();
  const created = await hr.post('/api/v1/plans', { year, kind: 'evaluation', content: completePlanContent(year, bodyId, overrides) });
  if (created.statusCode !== 201) throw new Error(`plan: ${created.statusCode} ${created.body}`);
  const id = created.json().id as string;
  const published = await hr.post(`/api/v1/plans/${id}/publish`, {});
  if (published.statusCode !== 200) throw new Error(`publish: ${published.statusCode} ${published.body}`);
  await setWindow(t, id, addDays(todayInChina(), -1), addDays(todayInChina(), 30));
  return id;
}

export async function setWindow(t: TestApp, planId: string, from: string, to: string) {
  await t.handle.db.execute(sql`
    update plan_versions
    set content = jsonb_set(jsonb_set(content, '{timetable,applicationFrom}', to_jsonb(${from}::text)), '{timetable,applicationTo}', to_jsonb(${to}::text))
    where plan_id = ${planId}`);
}

/** Uploads a small PDF as the client and returns the evidence reference. */
export async function evidence(client: TestClient, name = '证明材料.pdf') {
  const response = await upload(client, { name, bytes: samplePdf(name) });
  if (response.statusCode !== 201) throw new Error(`upload: ${response.statusCode} ${response.body}`);
  return { fileId: response.json().id as string, name };
}

/** A complete application form (qualification from the register row built by goodRow). */
export async function completeContent(client: TestClient, overrides: Record<string, unknown> = {}) {
  const file = await evidence(client);
  return {
    identity: { name: '职工1', gender: 'male', birthDate: '1975-02-02', department: '总装车间', phone: '13800000000' },
    qualification: { kind: 'skill-level', certificateNumber: 'Y000023000001101000123', issuedOn: '2010-06-30', evidence: [file] },
    occupationCode: '6-18-01-01',
    stillInOccupation: true,
    post: { since: '2010-10-31', history: [{ from: '2010-10-31', to: null, unit: '哈尔滨电机厂', post: '高级技师' }], evidence: [file] },
    achievements: [
      { kind: 'mentoring', title: '带徒传技', description: '培养技师5名', benefit: null, apprentices: [{ name: '李四', levelReached: '技师' }], evidence: [file] },
      { kind: 'innovation', title: '焊接工艺改进', description: '改进焊接工艺', benefit: '年节约成本120万元', apprentices: [], evidence: [file] },
    ],
    honours: [{ id: 'national-technical-expert', awardedOn: '2018-05-01', issuer: '人力资源社会保障部', evidence: [file] }],
    conduct: { pledge: true, disciplinaryRecord: false },
    health: { fit: true, evidence: [file] },
    integrity: { pledge: true, evidence: [file] },
    ...overrides,
  };
}

/** The basic conditions in the order screening reviews them. */
export const SCREENING_CONDITIONS = ['qualification', 'yearsInPost', 'occupation', 'frontLine', 'conduct', 'performance', 'health', 'notBanned'] as const;

/**
 * HR's usual review of a condition: confirm the rules core's result; front-line work, which the
 * rules leave to HR, is confirmed as met from the post and the department.
 */
export function confirmingReview(condition: string): { decision: 'confirm' } | { decision: 'decide'; met: true } {
  return condition === 'frontLine' ? { decision: 'decide', met: true } : { decision: 'confirm' };
}
