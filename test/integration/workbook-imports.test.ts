// "An import nobody can crash" (issue 22), through the API with the default limits: zip bombs refused
// while the server goes on answering, the first 1,000 errors of a file full of them, workbooks with
// their parts in any order (40 imports in a row), ISO date cells — for each .xlsx import: the
// register, the certificate holder list, the occupation catalogue. The limits set lower, and the
// reading thread's memory cap, are in workbook-import-limits.test.ts.
import fs from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTER_COLUMNS } from '../../src/domain/register-rules.ts';
import { employeeImportRows, employees } from '../../src/modules/register/tables.ts';
import { residentId as holderResidentId } from '../support/certificate-factories.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { multipartBody } from '../support/files.ts';
import { completePlanContent, currentYear, login, pilotGroup } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { testWorkbook, zipBombRows, zipBombWorkbook, type TestCell } from '../support/xlsx-builder.ts';
import { goodRow, importRegister, multipart, registerWorkbook, residentId, type JobView } from './applications-fixtures.ts';

let t: TestApp;
let admin: TestClient;
let provinceId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  provinceId = (await buildProvince(admin, { provinceCode: '23' })).id;
});
afterAll(() => t?.close());

async function enterpriseHr() {
  const enterprise = await buildEnterprise(admin, provinceId);
  return { enterprise, hr: await login(t, await buildUser(admin, enterprise.id, ['enterprise-admin'])) };
}

/** The birth date the register holds for an employee (the API shows the year only). */
async function storedBirthDate(employeeId: string): Promise<string> {
  const [row] = await t.handle.db.select({ birthDate: employees.birthDate }).from(employees).where(eq(employees.id, employeeId));
  return row.birthDate;
}

/** Rows of the tables an import could write to: files, jobs, audit entries, the register, staged rows, the catalogue. */
async function tableCounts() {
  const result = await t.handle.db.execute(sql`select
      (select count(*)::int from files) as files, (select count(*)::int from jobs) as jobs, (select count(*)::int from audit_log) as audit,
      (select count(*)::int from employees) as employees, (select count(*)::int from employee_import_rows) as staged,
      (select count(*)::int from occupations) as occupations`);
  return (result as unknown as { rows: Record<string, number>[] }).rows[0];
}

/**
 * Runs `work` while another user asks GET /api/v1/me every 20 ms: what the work gave, how many of
 * those requests were answered meanwhile, their statuses and the slowest answer.
 */
async function whileServing<T>(client: TestClient, work: () => Promise<T>) {
  let done = false;
  const statuses: number[] = [];
  let slowestMs = 0;
  const asking = (async () => {
    while (!done) {
      const started = performance.now();
      const response = await client.get('/api/v1/me');
      slowestMs = Math.max(slowestMs, performance.now() - started);
      statuses.push(response.statusCode);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const started = performance.now();
  try {
    const value = await work();
    return { value, ms: Math.round(performance.now() - started), answered: statuses.length, statuses, slowestMs: Math.round(slowestMs) };
  } finally {
    done = true;
    await asking;
  }
}

function uploadRegister(client: TestClient, bytes: Buffer) {
  const { payload, headers } = multipart({ name: '职工名册.xlsx', bytes });
  return client.request('POST', '/api/v1/register/imports', payload, headers);
}

const MiB = 1024 * 1024;
const header = REGISTER_COLUMNS.map((column) => column.zh);

describe('a zip bomb', () => {
  it('is refused at the door from the ZIP directory: 413 naming the limit, nothing stored, the server answering', async () => {
    const { hr } = await enterpriseHr();
    const watcher = await t.admin();
    const bomb = zipBombWorkbook({ unpackedBytes: 300 * MiB, header });
    expect(bomb.length).toBeLessThan(400 * 1024);
    const before = await tableCounts();
    const heapBefore = process.memoryUsage().heapUsed;
    const run = await whileServing(watcher, () => uploadRegister(hr, bomb));
    expect(run.value.statusCode).toBe(413);
    const problem = run.value.json();
    expect(problem.code).toBe('IMPORT_UNCOMPRESSED_TOO_LARGE');
    expect(problem.messages['zh-CN']).toBe('该工作簿解压后有 300 MiB，超过导入上限 256 MiB，未保存、未导入任何内容。请删除多余的工作表、图片或空行，或分成几个文件导入。');
    expect(problem.messages.en).toContain('unpacks to 300 MiB, over the import limit of 256 MiB; nothing was stored or imported');
    expect(await tableCounts()).toEqual(before);
    expect(run.statuses.every((status) => status === 200)).toBe(true);
    expect((await watcher.get('/api/v1/me')).statusCode).toBe(200);
    console.log(`zip bomb: ${Math.round(bomb.length / 1024)} KB unpacking to 300 MiB refused in ${run.ms} ms; heap ${Math.round((process.memoryUsage().heapUsed - heapBefore) / MiB)} MiB more after`);
  });

  it('of 40 MB of bad rows (the 45 KB file of issue 22) is refused with its first 1,000 errors and the count of the rest, while the server answers', async () => {
    const { enterprise, hr } = await enterpriseHr();
    const watcher = await t.admin();
    const cell = (text: string) => `<c t="inlineStr"><is><t>${text}</t></is></c>`;
    // Every cell wrong: an ID number with a wrong check digit, impossible dates, an unknown occupation, …
    const row = `<row>${['某某', '居民身份证', '110105194912310021', '男', '1900-01-01', '车间', '岗位', '0-00-00-00', 'Y0', '2999-01-01', '2999-02-30', '也许', '劳模'].map(cell).join('')}</row>`;
    const options = { unpackedBytes: 40 * MiB, header, row, padding: 2000 };
    const bomb = zipBombWorkbook(options);
    const rows = zipBombRows(options);
    expect(bomb.length).toBeLessThan(150 * 1024);
    const before = await tableCounts();
    const heapBefore = process.memoryUsage().heapUsed;
    const run = await whileServing(watcher, () => importRegister(hr, bomb, { enterpriseId: enterprise.id, timeoutMs: 120_000 }));
    const job: JobView = run.value;
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const result = job.result as { outcome: string; rows: number; errorCount: number; errors: { row: number; code: string }[]; errorsNotListed: number; reportFileId: string };
    expect(result.outcome).toBe('rejected');
    expect(result.rows).toBe(rows);
    expect(result.errorCount).toBeGreaterThan(rows * 5);
    expect(result.errors).toHaveLength(1000);
    expect(result.errorsNotListed).toBe(result.errorCount - 1000);
    // The lowest rows' errors, in row order.
    expect(result.errors[0].row).toBe(2);
    expect(result.errors.map((error) => error.row)).toEqual([...result.errors.map((error) => error.row)].sort((a, b) => a - b));
    expect(result.errors.at(-1)!.row).toBeLessThan(200);
    // The report lists the same 1,000 and says how many more there are.
    const report = await hr.get(`/api/v1/files/${result.reportFileId}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(1 + 1000 + 1);
    expect(String(sheet.getRow(1002).getCell(3).value)).toBe(`共有 ${result.errorCount} 处错误，以上列出行号最小的 1000 处，另有 ${result.errorCount - 1000} 处未列出。请先改正以上错误后重新导入。`);
    // Nothing imported: the upload and its report are the files, the job and its audit entries the rest.
    const after = await tableCounts();
    expect(after).toMatchObject({ employees: before.employees, staged: 0, files: before.files + 2, jobs: before.jobs + 1 });
    expect(run.answered).toBeGreaterThan(3);
    expect(run.statuses.every((status) => status === 200)).toBe(true);
    expect((await watcher.get('/api/v1/me')).statusCode).toBe(200);
    console.log(
      `bad-rows bomb: ${Math.round(bomb.length / 1024)} KB → 40 MiB, ${rows} rows, ${result.errorCount} errors (1,000 listed): refused in ${run.ms} ms; ` +
        `${run.answered} other requests answered meanwhile (slowest ${run.slowestMs} ms); heap ${Math.round((process.memoryUsage().heapUsed - heapBefore) / MiB)} MiB more after`,
    );
  }, 180_000);

  it('whose part unpacks to more than its header declares is stopped as it is read', async () => {
    const { enterprise, hr } = await enterpriseHr();
    const liar = zipBombWorkbook({ unpackedBytes: 200 * MiB, header, declaredSize: 20_000 });
    const run = await whileServing(await t.admin(), () => importRegister(hr, liar, { enterpriseId: enterprise.id }));
    const result = run.value.result as { outcome: string; errorCount: number; errors: { code: string; message: { 'zh-CN': string; en: string } }[] };
    expect(result).toMatchObject({ outcome: 'rejected', errorCount: 1 });
    expect(result.errors[0].code).toBe('IMPORT_WORKBOOK_INVALID');
    expect(result.errors[0].message['zh-CN']).toBe('无法读取文件：不是有效的 Excel 工作簿（.xlsx）。部件 xl/worksheets/sheet1.xml 已损坏或与目录记载的大小不符。');
    expect(run.statuses.every((status) => status === 200)).toBe(true);
    console.log(`lying bomb (declares 20 KB, unpacks to 200 MiB): refused in ${run.ms} ms`);
  });
});

describe('workbooks written by other tools', () => {
  const sheetjsFile = fs.readFileSync(new URL('../fixtures/xlsx/sheetjs-register.xlsx', import.meta.url));

  it('a SheetJS workbook (worksheet before xl/workbook.xml, ISO dates) imports 40 times in a row, its dates as written', async () => {
    const { enterprise, hr } = await enterpriseHr();
    const outcomes: string[] = [];
    const started = performance.now();
    for (let round = 0; round < 40; round += 1) {
      const job = await importRegister(hr, sheetjsFile, { enterpriseId: enterprise.id });
      const result = job.result as { outcome: string; created: number; updated: number };
      outcomes.push(job.status === 'succeeded' && result.outcome === 'imported' && result.created + result.updated === 3 ? 'imported' : JSON.stringify(job.result ?? job.error));
    }
    const ms = performance.now() - started;
    expect(outcomes).toEqual(Array.from({ length: 40 }, () => 'imported'));
    const list = (await hr.get(`/api/v1/register?enterpriseId=${enterprise.id}`)).json();
    expect(list.total).toBe(3);
    const person = list.items.find((item: { name: string }) => item.name === '李国强');
    // The list shows the birth year only beside the masked number (issue 22); the stored date is whole.
    expect(person).toMatchObject({ birthYear: '1976', certificateDate: '2010-06-30', postSince: '2010-10-31', gender: 'male', post: '装配钳工' });
    const birthDate = await storedBirthDate(person.id);
    expect(birthDate).toBe('1976-03-12');
    console.log(`SheetJS workbook: 40/40 imports succeeded in ${(ms / 1000).toFixed(1)} s; 李国强 born ${birthDate}`);
  }, 120_000);

  it('shared strings (SheetJS), and Excel’s part order with serial dates, import alike', async () => {
    const { enterprise, hr } = await enterpriseHr();
    const shared = fs.readFileSync(new URL('../fixtures/xlsx/sheetjs-register-shared-strings.xlsx', import.meta.url));
    expect((await importRegister(hr, shared, { enterpriseId: enterprise.id })).result).toMatchObject({ outcome: 'imported', created: 3 });
    const asDates = (row: Record<string, string | undefined>, as: 'serial' | 'iso'): TestCell[] =>
      REGISTER_COLUMNS.map((column) => (['birthDate', 'certificateDate', 'postSince'].includes(column.key) ? { date: row[column.key]!, as } : (row[column.key] ?? null)));
    for (const [index, order] of (['excel', 'sheetjs'] as const).entries()) {
      const rows = [goodRow(7001 + index * 10, { birthDate: '1976-03-12', idNumber: residentId('1976-03-12', 71 + index * 2) }), goodRow(7002 + index * 10)];
      const bytes = testWorkbook([header, asDates(rows[0], 'serial'), asDates(rows[1], 'iso')], { order, strings: order === 'excel' ? 'shared' : 'str' });
      const job = await importRegister(hr, bytes, { enterpriseId: enterprise.id });
      expect(job.result, JSON.stringify(job.result)).toMatchObject({ outcome: 'imported', created: 2 });
      const found = (await hr.get(`/api/v1/register?enterpriseId=${enterprise.id}&q=${encodeURIComponent(rows[0].name!)}`)).json().items[0];
      expect(found).toMatchObject({ birthYear: '1976', certificateDate: rows[0].certificateDate, postSince: rows[0].postSince });
      expect(await storedBirthDate(found.id)).toBe('1976-03-12');
      const second = (await hr.get(`/api/v1/register?enterpriseId=${enterprise.id}&q=${encodeURIComponent(rows[1].name!)}`)).json().items[0];
      expect(second).toMatchObject({ birthYear: rows[1].birthDate!.slice(0, 4), certificateDate: rows[1].certificateDate });
      expect(await storedBirthDate(second.id)).toBe(rows[1].birthDate);
    }
  });
});

describe('the holder list of 复核确认', () => {
  // The only holder list left after issue 19: earlier holders imported under a re-review plan.
  const holderHeader = ['姓名', '证件类型', '证件号码', '性别', '出生日期', '职业编码', '职业名称', '工种/职业方向'];
  let hr: TestClient;
  let planId: string;
  const importList = (bytes: Buffer) => hr.post('/api/v1/re-review/holders/import', { planId, fileName: '名单.xlsx', content: bytes.toString('base64') });

  beforeAll(async () => {
    const year = currentYear();
    const pilot = await pilotGroup(t, admin, provinceId, year);
    hr = pilot.hr;
    const created = await hr.post('/api/v1/plans', { year, kind: 're-review', content: completePlanContent(year, pilot.body.id) });
    expect(created.statusCode, created.body).toBe(201);
    planId = created.json().id;
    expect((await hr.post(`/api/v1/plans/${planId}/publish`, {})).statusCode).toBe(200);
  }, 120_000);

  it('reads a SheetJS-ordered list with an ISO birth date; refuses 2,001 people and a zip bomb naming the limit', async () => {
    const list = testWorkbook([holderHeader, ['赵敏', '护照', 'E12345678', '女', { date: '1975-03-08', as: 'iso' }, '6-18-01-01', '车工', '数控车工']], { order: 'sheetjs', strings: 'str' });
    const imported = await importList(list);
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json().items[0]).toMatchObject({ name: '赵敏', trade: '数控车工', gender: 'female' });
    // Masked beside the ID, the birth date shows as its year (issue 22): read from the ISO cell as 1975-03-08.
    expect(imported.json().items[0].birthYear).toBe('1975');

    const people: TestCell[][] = Array.from({ length: 2001 }, (_, index) => [`人员${index}`, '', holderResidentId(20_000 + index), '', '', '6-18-01-01', '车工']);
    const tooMany = await importList(testWorkbook([holderHeader, ...people], { strings: 'inline' }));
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json()).toMatchObject({ code: 'IMPORT_TOO_MANY_ROWS', limit: 2000, row: 2002 });
    expect(tooMany.json().messages['zh-CN']).toBe('工作表的数据超过每个文件 2000 行的上限（读到第 2002 行时停止），未导入任何数据。请分成几个文件导入。');

    const bomb = await importList(zipBombWorkbook({ unpackedBytes: 300 * MiB, header: holderHeader }));
    expect(bomb.statusCode).toBe(413);
    expect(bomb.json().code).toBe('IMPORT_UNCOMPRESSED_TOO_LARGE');
    const broken = await importList(Buffer.from('PK\u0003\u0004 not really a zip'));
    expect(broken.json()).toMatchObject({ status: 400, code: 'HOLDER_FILE_UNREADABLE' });
  });
});

describe('the occupation catalogue', () => {
  const importCatalogue = (bytes: Buffer) => {
    const { payload, headers } = multipartBody({ name: '目录.xlsx', bytes });
    return admin.request('POST', '/api/v1/occupations/import', payload, headers);
  };

  it('imports a SheetJS-ordered workbook; lists the first 1,000 faults of a bad one with their count; refuses a zip bomb', async () => {
    const good = await importCatalogue(testWorkbook([['职业编码', '职业名称', '所属类别'], ['6-18-01-01', '车工', '机械冷加工人员'], ['6-18-01-09', '磨工', null]], { order: 'sheetjs', strings: 'str' }));
    expect(good.statusCode, good.body).toBe(200);
    const before = await tableCounts();
    // 1,500 rows, each with a bad code and no name: 3,000 faults.
    const bad = await importCatalogue(testWorkbook([['职业编码', '职业名称'], ...Array.from({ length: 1500 }, (_, index) => [`坏-${index}`, null])], { strings: 'shared' }));
    expect(bad.statusCode).toBe(422);
    const problem = bad.json();
    expect(problem).toMatchObject({ code: 'CATALOGUE_IMPORT_INVALID', count: 3000, errorsNotListed: 2000 });
    expect(problem.errors).toHaveLength(1000);
    expect(problem.errors[0].path).toBe('rows.2.code');
    expect(problem.messages['zh-CN']).toContain('3000 处错误');
    const bomb = await importCatalogue(zipBombWorkbook({ unpackedBytes: 300 * MiB, header: ['职业编码', '职业名称'] }));
    expect(bomb.statusCode).toBe(413);
    expect(bomb.json().code).toBe('IMPORT_UNCOMPRESSED_TOO_LARGE');
    expect(await tableCounts()).toEqual(before);
  });
});

describe('the server after all of this', () => {
  it('still imports an ordinary register', async () => {
    const { enterprise, hr } = await enterpriseHr();
    const job = await importRegister(hr, await registerWorkbook([goodRow(9101), goodRow(9102)]), { enterpriseId: enterprise.id });
    expect(job.result).toMatchObject({ outcome: 'imported', created: 2 });
    const [{ staged }] = await t.handle.db.select({ staged: sql<number>`count(*)::int` }).from(employeeImportRows);
    expect(staged).toBe(0);
    const [{ count }] = await t.handle.db.select({ count: sql<number>`count(*)::int` }).from(employees).where(sql`${employees.organisationId} = ${enterprise.id}`);
    expect(count).toBe(2);
  });
});
