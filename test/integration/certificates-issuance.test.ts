// 颁证: numbering per institution site, year and level; one transaction per batch; the batch job and
// its print file; every reason a list is refused. On PostgreSQL, 50 issues at once from two
// connection pools (as two app processes would) draw 50 distinct codes, serials 1..50.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { auditLog } from '../../src/db/schema.ts';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { certificateIssueBatches, certificates, certificateSerials } from '../../src/modules/certificates/tables.ts';
import { ID_NUMBER_BINDING } from '../../src/modules/certificates/certificate-records.ts';
import { effectiveTemplate } from '../../src/modules/certificates/template.ts';
import { runJobsOnce } from '../../src/platform/jobs.ts';
import { decryptPersonalData, lookupHash } from '../../src/platform/personal-data.ts';
import { contextFor } from '../support/actors.ts';
import { certificateEnterprise, holder, residentId } from '../support/certificate-factories.ts';
import { buildProvince, buildUser } from '../support/factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { testEngine } from '../support/test-db.ts';

let t: TestApp;
let admin: TestClient;
let provinceId: string;

beforeAll(async () => {
  t = await createTestApp({ jobs: false });
  admin = await t.admin();
  provinceId = (await buildProvince(admin)).id;
}, 120_000);
afterAll(() => t?.close());

const serialOf = (code: string) => Number(code.slice(16));

async function loginAs(organisationId: string, role: string) {
  const user = await buildUser(admin, organisationId, [role]);
  return t.login(user.username, user.password);
}

describe('issueCertificates: numbering', () => {
  it('numbers per site and year from 000001, and a new year starts again at 000001', async () => {
    const { enterprise, user, siteCode } = await certificateEnterprise(t, admin, provinceId);
    const context = await contextFor(t.handle.db, user.id, t.clock);
    const first = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-12-30', holders: [holder(1), holder(2), holder(3)] as never });
    expect(first.certificates.map((certificate) => certificate.code)).toEqual([1, 2, 3].map((serial) => `Y000023${siteCode}24T${String(serial).padStart(6, '0')}`));
    const nextYear = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2025-01-02', holders: [holder(4)] as never });
    expect(nextYear.certificates[0].code).toBe(`Y000023${siteCode}25T000001`);
    const sameYear = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-12-31', holders: [holder(5)] as never });
    expect(sameYear.certificates[0].code).toBe(`Y000023${siteCode}24T000004`);
    // Another site has its own sequence.
    const other = await certificateEnterprise(t, admin, provinceId);
    const otherContext = await contextFor(t.handle.db, other.user.id, t.clock);
    const elsewhere = await issueCertificates(t.handle.db, otherContext, { enterpriseId: other.enterprise.id, issuedOn: '2024-12-30', holders: [holder(11)] as never });
    expect(elsewhere.certificates[0].code).toBe(`Y000023${other.siteCode}24T000001`);
    // Each certificate has its audit entry; the trade is '--'; the ID number is stored encrypted and shown masked.
    const [row] = await t.handle.db.select().from(certificates).where(eq(certificates.id, first.certificates[0].id));
    expect(row.trade).toBe('--');
    expect(row.idNumberEncrypted).not.toContain(residentId(1));
    expect(first.certificates[0].idNumberMasked).toBe(`${residentId(1).slice(0, 6)}********${residentId(1).slice(-4)}`);
    const entries = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, 'certificate.issued'));
    expect(entries.map((entry) => entry.targetId)).toEqual(expect.arrayContaining(first.certificates.map((certificate) => certificate.id)));
  });

  it('gives 50 concurrent issues 50 distinct codes with serials 1..50 (two connection pools on PostgreSQL)', async () => {
    const { enterprise, user, siteCode } = await certificateEnterprise(t, admin, provinceId);
    const context = await contextFor(t.handle.db, user.id, t.clock);
    const url = (t.handle as { url?: string }).url;
    const second = testEngine() === 'postgres' && url ? await openDatabase({ databaseUrl: url, migrate: false, poolSize: 20 }) : null;
    try {
      const dbs = [t.handle.db, second?.db ?? t.handle.db];
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          issueCertificates(dbs[index % 2], context, { enterpriseId: enterprise.id, issuedOn: '2024-06-01', holders: [holder(100 + index)] as never }),
        ),
      );
      const codes = results.map((result) => result.certificates[0].code);
      expect(new Set(codes).size).toBe(50);
      expect(codes.every((code) => code.startsWith(`Y000023${siteCode}24T`))).toBe(true);
      expect(codes.map(serialOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    } finally {
      await second?.close();
    }
  }, 120_000);

  it('refuses past serial 999999 with a clear error, and a batch that does not fit issues none of its certificates', async () => {
    const { enterprise, user, siteCode } = await certificateEnterprise(t, admin, provinceId);
    const context = await contextFor(t.handle.db, user.id, t.clock);
    await t.handle.db.insert(certificateSerials).values({ category: 'Y', institutionCode: '0000', provinceCode: '23', siteCode, year: 2023, level: 'T', lastSerial: 999_998 });
    const before = (await t.handle.db.select().from(certificates)).length;
    await expect(issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2023-05-01', holders: [holder(201), holder(202)] as never })).rejects.toMatchObject({
      code: 'CERTIFICATE_SERIAL_EXHAUSTED',
      status: 422,
    });
    expect((await t.handle.db.select().from(certificates)).length).toBe(before);
    const last = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2023-05-01', holders: [holder(201)] as never });
    expect(last.certificates[0].code).toBe(`Y000023${siteCode}23T999999`);
    const refused = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2023-05-02', holders: [holder(203)] as never }).catch((error: { code: string; messages: Record<string, string> }) => error);
    expect(refused).toMatchObject({ code: 'CERTIFICATE_SERIAL_EXHAUSTED' });
    expect((refused as { messages: Record<string, string> }).messages['zh-CN']).toContain('已用完');
  });

  it('rolls back the whole batch when one certificate fails inside the transaction', async () => {
    const { enterprise, user, siteCode } = await certificateEnterprise(t, admin, provinceId);
    const context = await contextFor(t.handle.db, user.id, t.clock);
    await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-03-01', holders: [holder(301)] as never });
    // A failure after the serials are drawn and the first rows written (a test trigger refuses the second holder).
    await t.handle.db.execute(sql`create or replace function ptech_test_fail() returns trigger language plpgsql as $$ begin if new.holder_name = '失败者' then raise exception 'boom'; end if; return new; end $$`);
    await t.handle.db.execute(sql`create trigger ptech_test_fail before insert on certificates for each row execute function ptech_test_fail()`);
    try {
      await expect(
        issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-03-02', holders: [holder(304), holder(305, { name: '失败者' }), holder(306)] as never }),
      ).rejects.toThrow();
    } finally {
      await t.handle.db.execute(sql`drop trigger ptech_test_fail on certificates`);
      await t.handle.db.execute(sql`drop function ptech_test_fail()`);
    }
    const rows = await t.handle.db.select().from(certificates).where(eq(certificates.enterpriseId, enterprise.id));
    expect(rows.map((row) => row.code)).toEqual([`Y000023${siteCode}24T000001`]);
    // The serials went back with the rest: the next certificate is 000002.
    const next = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-03-03', holders: [holder(307)] as never });
    expect(next.certificates[0].code).toBe(`Y000023${siteCode}24T000002`);
  });

  it('returns the first certificates again for a retried call with the same idempotency key', async () => {
    const { enterprise, user } = await certificateEnterprise(t, admin, provinceId);
    const context = await contextFor(t.handle.db, user.id, t.clock);
    const input = { enterpriseId: enterprise.id, issuedOn: '2024-04-01', holders: [holder(401)] as never, idempotencyKey: 'confirm-list-2024-0001' };
    const first = await issueCertificates(t.handle.db, context, input);
    const again = await issueCertificates(t.handle.db, context, input);
    expect(again.certificates.map((certificate) => certificate.code)).toEqual(first.certificates.map((certificate) => certificate.code));
    await expect(issueCertificates(t.handle.db, context, { ...input, holders: [holder(402)] as never })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});

describe('POST /api/v1/certificate-batches', () => {
  it('refuses a list with every reason and stores nothing', async () => {
    const { hr } = await certificateEnterprise(t, admin, provinceId);
    const before = (await t.handle.db.select().from(certificates)).length;
    const badId = residentId(501).slice(0, 17) + (residentId(501).endsWith('0') ? '1' : '0');
    const response = await hr.post('/api/v1/certificate-batches', {
      issuedOn: '2999-01-01',
      holders: [
        holder(501, { idNumber: badId }),
        holder(502, { gender: 'male', name: ' ' }),
        holder(503, { occupationCode: '6311', birthDate: '1980-01-01' }),
        holder(504),
        holder(504, { name: '重复的人' }),
      ],
    });
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.code).toBe('CERTIFICATE_ISSUE_INVALID');
    const paths = body.errors.map((error: { path: string; code: string }) => `${error.path}:${error.code}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'issuedOn:DATE_IN_FUTURE',
        'holders.0.idNumber:ID_CHECK_DIGIT_MISMATCH',
        'holders.1.name:REQUIRED',
        'holders.1.gender:GENDER_MISMATCH',
        'holders.2.occupationCode:OCCUPATION_CODE_INVALID',
        'holders.2.birthDate:BIRTH_DATE_MISMATCH',
        'holders.4.idNumber:HOLDER_REPEATED',
      ]),
    );
    expect(body.messages['zh-CN']).toContain('未发放任何证书');
    expect((await t.handle.db.select().from(certificates)).length).toBe(before);
  });

  it('refuses when the enterprise has no certificate code settings', async () => {
    const { hr } = await certificateEnterprise(t, admin, provinceId, { institution: null });
    const response = await hr.post('/api/v1/certificate-batches', { issuedOn: '2024-05-01', holders: [holder(601)] });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('CERTIFICATE_INSTITUTION_MISSING');
  });

  it('queues a job that issues the batch in one transaction and renders its print file, with progress', async () => {
    const { hr, siteCode } = await certificateEnterprise(t, admin, provinceId);
    const holders = Array.from({ length: 30 }, (_, index) => holder(700 + index, index === 3 ? { trade: '高压电工' } : {}));
    const response = await hr.post('/api/v1/certificate-batches', { issuedOn: '2024-07-01', holders, idempotencyKey: 'batch-key-0000001' });
    expect(response.statusCode).toBe(202);
    const batch = response.json();
    expect(batch).toMatchObject({ status: 'queued', holderCount: 30, certificateCount: 0, job: { status: 'queued', progress: { done: 0, total: 30 } } });
    // The same request again gets the same batch.
    const again = await hr.post('/api/v1/certificate-batches', { issuedOn: '2024-07-01', holders, idempotencyKey: 'batch-key-0000001' });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(batch.id);
    // Nothing personal waits in the job's payload.
    const [stored] = await t.handle.db.select().from(certificateIssueBatches).where(eq(certificateIssueBatches.id, batch.id));
    expect(stored.holdersEncrypted).not.toContain(residentId(700));
    await runJobsOnce(t.handle.db, t.clock);
    const done = (await hr.get(`/api/v1/certificate-batches/${batch.id}`)).json();
    expect(done).toMatchObject({ status: 'issued', certificateCount: 30, job: { status: 'succeeded', progress: { done: 30, total: 30 } } });
    expect(done.printFileId).toBeTruthy();
    const [issued] = await t.handle.db.select().from(certificateIssueBatches).where(eq(certificateIssueBatches.id, batch.id));
    expect(issued.holdersEncrypted).toBeNull();
    // Written in one statement by the job: every column as issueCertificates writes it, the defaults too.
    const [row] = await t.handle.db.select().from(certificates).where(eq(certificates.code, `Y000023${siteCode}24T000004`));
    expect(row).toMatchObject({
      batchId: batch.id,
      serial: 4,
      year: 2024,
      level: 'T',
      institution: { category: 'Y', institutionCode: '0000', provinceCode: '23', siteCode },
      issuedOn: '2024-07-01',
      holderName: '持证人703',
      idType: 'resident-id',
      idNumberLookup: lookupHash('resident-id', residentId(703)),
      trade: '高压电工',
      occupationCode: '6-31-01-03',
      applicationId: null,
      photoFileId: null,
      printSerial: null,
      status: 'valid',
      uploadStatus: 'pending',
      template: effectiveTemplate(undefined),
    });
    expect(decryptPersonalData(row.idNumberEncrypted, ID_NUMBER_BINDING)).toBe(residentId(703));
    expect(row.issuedBy).toBeTruthy();
    expect(row.createdAt).toBeInstanceOf(Date);
    const file = await hr.get(`/api/v1/files/${done.printFileId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    const list = (await hr.get(`/api/v1/certificates?batchId=${batch.id}&limit=100`)).json();
    expect(list.total).toBe(30);
    expect(list.items.map((item: { code: string }) => serialOf(item.code)).sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
    expect(list.items.every((item: { code: string }) => item.code.startsWith(`Y000023${siteCode}24T`))).toBe(true);
    expect(list.items.find((item: { holderName: string }) => item.holderName === '持证人703').trade).toBe('高压电工');
  });

  it('fails the job, issuing nothing, when the list became invalid while it waited', async () => {
    const { hr, enterprise, user } = await certificateEnterprise(t, admin, provinceId);
    const response = await hr.post('/api/v1/certificate-batches', { issuedOn: '2024-08-01', holders: [holder(801), holder(802)] });
    const batch = response.json();
    // Meanwhile, the same person was certified for the same occupation.
    await issueCertificates(t.handle.db, await contextFor(t.handle.db, user.id, t.clock), { enterpriseId: enterprise.id, issuedOn: '2024-08-01', holders: [holder(802)] as never });
    await runJobsOnce(t.handle.db, t.clock);
    const failed = (await hr.get(`/api/v1/certificate-batches/${batch.id}`)).json();
    expect(failed).toMatchObject({ status: 'failed', certificateCount: 0, job: { status: 'failed', error: { code: 'CERTIFICATE_ISSUE_INVALID' } } });
  });
});

describe('who sees which certificates', () => {
  it('shows a department its enterprises’ certificates, masked, and nothing to others', async () => {
    const { enterprise, user } = await certificateEnterprise(t, admin, provinceId);
    const issued = await issueCertificates(t.handle.db, await contextFor(t.handle.db, user.id, t.clock), { enterpriseId: enterprise.id, issuedOn: '2024-09-01', holders: [holder(901)] as never });
    const id = issued.certificates[0].id;
    const department = await loginAs(provinceId, 'department-admin');
    const seen = (await department.get(`/api/v1/certificates?enterpriseId=${enterprise.id}`)).json();
    expect(seen.items.map((item: { id: string }) => item.id)).toContain(id);
    expect(JSON.stringify(seen)).not.toContain(residentId(901));
    // The department may not print (full identity numbers are the enterprise's business).
    expect((await department.get(`/api/v1/certificates/${id}/pdf`)).statusCode).toBe(403);
    const otherProvince = await buildProvince(admin, { name: '吉林省人力资源和社会保障厅', provinceCode: '22' });
    const foreign = await loginAs(otherProvince.id, 'department-admin');
    expect((await foreign.get(`/api/v1/certificates/${id}`)).statusCode).toBe(404);
    expect((await foreign.get('/api/v1/certificates')).json().items.map((item: { id: string }) => item.id)).not.toContain(id);
    const employee = await loginAs(enterprise.id, 'employee');
    expect((await employee.get('/api/v1/certificates')).statusCode).toBe(403);
  });
});

describe('the holder list in Excel', () => {
  it('offers a template, reads a filled one with every reason per row, and what it reads can be issued', async () => {
    const { hr } = await certificateEnterprise(t, admin, provinceId);
    const template = await hr.get('/api/v1/certificate-holders/template');
    expect(template.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual(['姓名', '证件类型', '证件号码', '性别', '出生日期', '职业编码', '职业名称', '工种/职业方向', '申报编号']);
    sheet.addRow(['王铁人', '', residentId(951), '', '', '6-31-01-03', '电工', '', '']);
    sheet.addRow(['', '护照', 'bad', '女', '1980-13-01', '63101', '', '', '']);
    sheet.addRow(['赵敏', '居民身份证', residentId(952), '女', '1975/3/8', '6-18-01-01', '车工', '数控车工', '']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const parsed = await hr.post('/api/v1/certificate-holders/parse', { fileName: '名单.xlsx', content });
    expect(parsed.statusCode, parsed.body).toBe(200);
    const body = parsed.json();
    expect(body.rows.map((row: { row: number }) => row.row)).toEqual([2, 3, 4]);
    expect(body.rows[0].errors).toEqual([]);
    expect(body.rows[1].errors.map((error: { path: string }) => error.path)).toEqual(expect.arrayContaining(['name', 'idNumber', 'birthDate', 'occupationCode', 'occupationName']));
    expect(body.holders).toHaveLength(2);
    expect(body.holders[0]).toMatchObject({ name: '王铁人', idType: 'resident-id', gender: 'male', birthDate: '1975-03-08', trade: '--' });
    expect(body.holders[1]).toMatchObject({ name: '赵敏', birthDate: '1975-03-08', trade: '数控车工' });
    const issued = await hr.post('/api/v1/certificate-batches', { issuedOn: '2024-10-01', holders: body.holders });
    expect(issued.statusCode, issued.body).toBe(202);
    const unreadable = await hr.post('/api/v1/certificate-holders/parse', { fileName: '名单.xlsx', content: Buffer.from('not excel').toString('base64') });
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.json().code).toBe('HOLDER_FILE_UNREADABLE');
  });
});
