import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { employeeImportRows, employees } from '../../src/modules/register/tables.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { samplePdf } from '../support/files.ts';
import { login } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { goodRow, importRegister, multipart, registerWorkbook, residentId, waitForJob } from './applications-fixtures.ts';

let t: TestApp;
let admin: TestClient;
let hr: TestClient;
let enterprise: { id: string };
let otherHr: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  const province = await buildProvince(admin, { provinceCode: '23' });
  enterprise = await buildEnterprise(admin, province.id);
  hr = await login(t, await buildUser(admin, enterprise.id, ['enterprise-admin']));
  const other = await buildEnterprise(admin, province.id);
  otherHr = await login(t, await buildUser(admin, other.id, ['enterprise-admin']));
});
afterAll(() => t?.close());

async function registerCount(organisationId = enterprise.id) {
  const [{ count }] = await t.handle.db.select({ count: sql<number>`count(*)::int` }).from(employees).where(sql`${employees.organisationId} = ${organisationId}`);
  return count;
}

async function readSheet(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

describe('GET /api/v1/register/template', () => {
  it('offers the import template with every column and the instructions', async () => {
    const response = await hr.get('/api/v1/register/template');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = await readSheet(response.rawPayload);
    const header = (workbook.getWorksheet('职工名册')!.getRow(1).values as string[]).filter(Boolean);
    expect(header).toContain('证件号码*');
    expect(header).toContain('聘任高级技师岗位起始日期*');
    expect(workbook.getWorksheet('填写说明')).toBeTruthy();
    // The template's own example row imports cleanly.
    const job = await importRegister(hr, response.rawPayload);
    expect(job.result).toMatchObject({ outcome: 'imported', rows: 1, created: 1 });
  });

  it('is for HR only', async () => {
    const employee = await login(t, await buildUser(admin, enterprise.id, ['employee']));
    expect((await employee.get('/api/v1/register/template')).statusCode).toBe(403);
  });
});

describe('POST /api/v1/register/imports', () => {
  it('imports good rows, and updates a person already in the register', async () => {
    const before = await registerCount();
    const rows = [goodRow(101), goodRow(102, { gender: '', birthDate: '', honours: '全国技术能手、中华技能大奖' }), goodRow(103, { idType: '' })];
    const job = await importRegister(hr, await registerWorkbook(rows));
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ outcome: 'imported', rows: 3, created: 3, updated: 0 });
    expect(await registerCount()).toBe(before + 3);

    const again = await importRegister(hr, await registerWorkbook([goodRow(101, { department: '焊接车间' })]));
    expect(again.result).toMatchObject({ outcome: 'imported', rows: 1, created: 0, updated: 1 });
    const list = (await hr.get(`/api/v1/register?q=${encodeURIComponent('职工101')}`)).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ department: '焊接车间', gender: 'male', occupationCode: '6-18-01-01', certificateKind: 'skill-level' });
    // Masked in lists; found by the whole ID number through its lookup hash.
    expect(list.items[0].idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    const byNumber = (await hr.get(`/api/v1/register?q=${goodRow(102).idNumber}`)).json();
    expect(byNumber.items.map((item: { name: string }) => item.name)).toEqual(['职工102']);
    expect(byNumber.items[0].honours).toEqual(['national-technical-expert', 'china-skills-award']);
    // The number is stored encrypted, never in clear.
    const raw = await t.handle.db.execute(sql`select id_number_encrypted from employees where name = '职工102'`);
    expect(JSON.stringify(raw)).not.toContain(goodRow(102).idNumber!);
  });

  it('refuses a file with any bad row, stores nothing, and reports every fault by row and column', async () => {
    const before = await registerCount();
    const female = residentId('1980-05-06', 2);
    const rows = [
      goodRow(201),
      goodRow(202, { idNumber: '230102197503150013' }), // check digit wrong
      goodRow(203, { occupationCode: '9-99-99-99' }),
      goodRow(204, { postSince: '2016-02-30', certificateDate: '2099-01-01' }),
      goodRow(205, { idNumber: female, gender: '男', birthDate: '1980-05-07' }),
      goodRow(201, { name: '重复' }),
      goodRow(206, { stillInOccupation: '也许', honours: '劳动模范' }),
      goodRow(207, { certificateNumber: 'Y00002300000116100012' }),
    ];
    const job = await importRegister(hr, await registerWorkbook(rows));
    expect(job.status).toBe('succeeded');
    const result = job.result as { outcome: string; errorCount: number; errors: { row: number; column: string; code: string; message: { 'zh-CN': string } }[]; reportFileId: string };
    expect(result.outcome).toBe('rejected');
    const codes = result.errors.map((error) => `${error.row}:${error.column}:${error.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        '3:idNumber:ID_CHECK_DIGIT_MISMATCH',
        '4:occupationCode:OCCUPATION_UNKNOWN',
        '5:postSince:DATE_INVALID',
        '5:certificateDate:DATE_IN_FUTURE',
        '6:gender:GENDER_MISMATCH',
        '6:birthDate:BIRTH_DATE_MISMATCH',
        '7:idNumber:DUPLICATE_PERSON',
        '8:stillInOccupation:YES_NO_INVALID',
        '8:honours:HONOUR_UNKNOWN',
        '9:certificateNumber:CERTIFICATE_NUMBER_INVALID',
      ]),
    );
    expect(result.errors.every((error) => error.message['zh-CN'].length > 0)).toBe(true);
    expect(await registerCount()).toBe(before);
    expect((await t.handle.db.select().from(employeeImportRows)).length).toBe(0);
    // The full report is a workbook the uploader downloads.
    const report = await hr.get(`/api/v1/files/${result.reportFileId}`);
    expect(report.statusCode).toBe(200);
    const sheet = (await readSheet(report.rawPayload)).worksheets[0];
    expect(sheet.rowCount).toBe(result.errorCount + 1);
    expect(String(sheet.getRow(2).getCell(1).value)).toBe('3');
  });

  it('refuses a file without the required columns, and content that is not a workbook', async () => {
    const output = new ExcelJS.Workbook();
    output.addWorksheet('Sheet1').addRow(['姓名', '电话']);
    const bytes = Buffer.from(await output.xlsx.writeBuffer());
    const job = await importRegister(hr, bytes);
    expect(job.result).toMatchObject({ outcome: 'rejected', errorCount: 1 });
    expect(JSON.stringify(job.result)).toContain('证件号码');

    const { payload, headers } = multipart({ name: '名册.xlsx', bytes: samplePdf() });
    const response = await hr.request('POST', '/api/v1/register/imports', payload, headers);
    expect(response.statusCode).toBe(415);
    expect(response.json().code).toBe('FILE_TYPE_NOT_ALLOWED');
  });

  it('imports into an enterprise in scope only', async () => {
    const { payload, headers } = multipart({ name: '职工名册.xlsx', bytes: await registerWorkbook([goodRow(301)]) }, { enterpriseId: enterprise.id });
    expect((await otherHr.request('POST', '/api/v1/register/imports', payload, headers)).statusCode).toBe(404);
    expect((await otherHr.get(`/api/v1/register?enterpriseId=${enterprise.id}`)).statusCode).toBe(404);
    expect((await otherHr.get('/api/v1/register')).json().items.some((item: { organisationId: string }) => item.organisationId === enterprise.id)).toBe(false);
  });

  it('imports 100,000 rows in the background with progress, well under a minute', async () => {
    const count = 100_000;
    const big = await registerWorkbook(
      (function* rows() {
        for (let index = 0; index < count; index += 1) yield goodRow(10_000 + index);
      })(),
    );
    const province = await buildProvince(admin, { provinceCode: '23', name: '大型企业所在省' });
    const large = await buildEnterprise(admin, province.id, { name: '大型制造企业' });
    const largeHr = await login(t, await buildUser(admin, large.id, ['enterprise-admin']));
    const progress: number[] = [];
    const started = Date.now();
    const job = await importRegister(largeHr, big, { timeoutMs: 120_000, onProgress: (view) => progress.push(view.progress.done) });
    const seconds = (Date.now() - started) / 1000;
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(job.result, JSON.stringify(job.result).slice(0, 1500)).toMatchObject({ outcome: 'imported', rows: count, created: count });
    expect(await registerCount(large.id)).toBe(count);
    expect(new Set(progress).size).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(60);
    console.log(`100,000-row import: ${seconds.toFixed(1)} s (${(big.length / 1024 / 1024).toFixed(1)} MiB)`);

    // Exported back to Excel in the template's layout, ID numbers in full.
    const exportResponse = await largeHr.post('/api/v1/register/exports', { format: 'xlsx' });
    expect(exportResponse.statusCode).toBe(202);
    const exported = await waitForJob(largeHr, exportResponse.json().job.id, 120_000);
    expect(exported.result).toMatchObject({ rows: count });
    const file = await largeHr.get(`/api/v1/files/${(exported.result as { fileId: string }).fileId}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.length).toBeGreaterThan(1_000_000);
  }, 240_000);
});

describe('POST /api/v1/register/:id/user', () => {
  it('opens an employee account from a register row, once', async () => {
    await importRegister(hr, await registerWorkbook([goodRow(401)]));
    const row = (await hr.get(`/api/v1/register?q=${encodeURIComponent('职工401')}`)).json().items[0];
    const response = await hr.post(`/api/v1/register/${row.id}/user`, { username: 'worker401' });
    expect(response.statusCode).toBe(201);
    expect(response.json().initialPassword).toBeTruthy();
    expect(response.json().employee.user.username).toBe('worker401');
    expect((await hr.post(`/api/v1/register/${row.id}/user`, { username: 'worker401b' })).json().code).toBe('EMPLOYEE_ALREADY_LINKED');
    expect((await otherHr.post(`/api/v1/register/${row.id}/user`, { username: 'worker401c' })).statusCode).toBe(404);
  });
});
