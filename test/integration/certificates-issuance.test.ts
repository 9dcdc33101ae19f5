// 颁证: numbering per institution site, year and level; one transaction per batch; the batch job and
// its print file; every reason a list is refused. On PostgreSQL, 50 issues at once from two
// connection pools (as two app processes would) draw 50 distinct codes, serials 1..50. A certificate
// rests on a confirmed list (or 复核确认): the holders here stand confirmed on a notice
// (confirmedList), and the free list of earlier versions is gone.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { auditLog } from '../../src/db/schema.ts';
import { issueCertificates, startCertificateBatch } from '../../src/modules/certificates/issue-certificates.ts';
import { readHolderFile } from '../../src/modules/certificates/holder-file.ts';
import { certificateIssueBatches, certificates, certificateSerials } from '../../src/modules/certificates/tables.ts';
import { ID_NUMBER_BINDING } from '../../src/modules/certificates/certificate-records.ts';
import { effectiveTemplate } from '../../src/modules/certificates/template.ts';
import { runJobsOnce } from '../../src/platform/jobs.ts';
import { decryptPersonalData, lookupHash } from '../../src/platform/personal-data.ts';
import { contextFor } from '../support/actors.ts';
import { certificateEnterprise, holder, residentId } from '../support/certificate-factories.ts';
import { buildProvince, buildUser } from '../support/factories.ts';
import { confirmedList, type ConfirmedPerson } from '../support/confirmed-list.ts';
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

/** The people stand confirmed on a notice of the enterprise's plan: what issueCertificates takes. */
async function confirmed(enterpriseId: string, people: ConfirmedPerson[]) {
  const list = await confirmedList(t.handle.db, { enterpriseId, people });
  return { planId: list.planId, holders: list.holders as never };
}

async function loginAs(organisationId: string, role: string) {
  const user = await buildUser(admin, organisationId, [role]);
  return t.login(user.username, user.password);
}

describe('issueCertificates: numbering', () => {
  it('numbers per site and year from 000001, and a new year starts again at 000001', async () => {
    const { enterprise, user, siteCode } = await certificateEnterprise(t, admin, provinceId);
    const context = await contextFor(t.handle.db, user.id, t.clock);
    const first = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-12-30', ...(await confirmed(enterprise.id, [holder(1), holder(2), holder(3)])) });
    expect(first.certificates.map((certificate) => certificate.code)).toEqual([1, 2, 3].map((serial) => `Y000023${siteCode}24T${String(serial).padStart(6, '0')}`));
    const nextYear = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2025-01-02', ...(await confirmed(enterprise.id, [holder(4)])) });
    expect(nextYear.certificates[0].code).toBe(`Y000023${siteCode}25T000001`);
    const sameYear = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-12-31', ...(await confirmed(enterprise.id, [holder(5)])) });
    expect(sameYear.certificates[0].code).toBe(`Y000023${siteCode}24T000004`);
    // Another site has its own sequence.
    const other = await certificateEnterprise(t, admin, provinceId);
    const otherContext = await contextFor(t.handle.db, other.user.id, t.clock);
    const elsewhere = await issueCertificates(t.handle.db, otherContext, { enterpriseId: other.enterprise.id, issuedOn: '2024-12-30', ...(await confirmed(other.enterprise.id, [holder(11)])) });
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
      const list = await confirmed(enterprise.id, Array.from({ length: 50 }, (_, index) => holder(100 + index)));
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          issueCertificates(dbs[index % 2], context, { enterpriseId: enterprise.id, issuedOn: '2024-06-01', planId: list.planId, holders: [(list.holders as unknown as object[])[index]] as never }),
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
    await expect(issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2023-05-01', ...(await confirmed(enterprise.id, [holder(201), holder(202)])) })).rejects.toMatchObject({
      code: 'CERTIFICATE_SERIAL_EXHAUSTED',
      status: 422,
    });
    expect((await t.handle.db.select().from(certificates)).length).toBe(before);
    const last = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2023-05-01', ...(await confirmed(enterprise.id, [holder(201)])) });
    expect(last.certificates[0].code).toBe(`Y000023${siteCode}23T999999`);
    const refused = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2023-05-02', ...(await confirmed(enterprise.id, [holder(203)])) }).catch((error: { code: string; messages: Record<string, string> }) => error);
    expect(refused).toMatchObject({ code: 'CERTIFICATE_SERIAL_EXHAUSTED' });
    expect((refused as { messages: Record<string, string> }).messages['zh-CN']).toContain('已用完');
  });

  it('rolls back the whole batch when one certificate fails inside the transaction', async () => {
    const { enterprise, user, siteCode } = await certificateEnterprise(t, admin, provinceId);
    const context = await contextFor(t.handle.db, user.id, t.clock);
    await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-03-01', ...(await confirmed(enterprise.id, [holder(301)])) });
    // A failure after the serials are drawn and the first rows written (a test trigger refuses the second holder).
    await t.handle.db.execute(sql`create or replace function ptech_test_fail() returns trigger language plpgsql as $$ begin if new.holder_name = '失败者' then raise exception 'boom'; end if; return new; end $$`);
    await t.handle.db.execute(sql`create trigger ptech_test_fail before insert on certificates for each row execute function ptech_test_fail()`);
    try {
      await expect(
        issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-03-02', ...(await confirmed(enterprise.id, [holder(304), holder(305, { name: '失败者' }), holder(306)])) }),
      ).rejects.toThrow();
    } finally {
      await t.handle.db.execute(sql`drop trigger ptech_test_fail on certificates`);
      await t.handle.db.execute(sql`drop function ptech_test_fail()`);
    }
    const rows = await t.handle.db.select().from(certificates).where(eq(certificates.enterpriseId, enterprise.id));
    expect(rows.map((row) => row.code)).toEqual([`Y000023${siteCode}24T000001`]);
    // The serials went back with the rest: the next certificate is 000002.
    const next = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-03-03', ...(await confirmed(enterprise.id, [holder(307)])) });
    expect(next.certificates[0].code).toBe(`Y000023${siteCode}24T000002`);
  });

  it('returns the first certificates again for a retried call with the same idempotency key', async () => {
    const { enterprise, user } = await certificateEnterprise(t, admin, provinceId);
    const context = await contextFor(t.handle.db, user.id, t.clock);
    const input = { enterpriseId: enterprise.id, issuedOn: '2024-04-01', ...(await confirmed(enterprise.id, [holder(401)])), idempotencyKey: 'confirm-list-2024-0001' };
    const first = await issueCertificates(t.handle.db, context, input);
    const again = await issueCertificates(t.handle.db, context, input);
    expect(again.certificates.map((certificate) => certificate.code)).toEqual(first.certificates.map((certificate) => certificate.code));
    await expect(issueCertificates(t.handle.db, context, { ...input, holders: [holder(402)] as never })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});

describe('the batch path (startCertificateBatch: the confirmed list and 复核确认 use it)', () => {
  it('refuses a list with every reason and stores nothing', async () => {
    const { enterprise, user } = await certificateEnterprise(t, admin, provinceId);
    const context = await contextFor(t.handle.db, user.id, t.clock);
    const before = (await t.handle.db.select().from(certificates)).length;
    const badId = residentId(501).slice(0, 17) + (residentId(501).endsWith('0') ? '1' : '0');
    const list = await confirmedList(t.handle.db, { enterpriseId: enterprise.id, people: [holder(501), holder(502), holder(503), holder(504)] });
    const [a, b, c, d] = list.holders;
    const refused = await startCertificateBatch(t.handle.db, context, {
      planId: list.planId,
      issuedOn: '2999-01-01',
      holders: [
        { ...a, idNumber: badId },
        { ...b, gender: 'male', name: ' ' },
        { ...c, occupationCode: '6311', birthDate: '1980-01-01' },
        d,
        { ...d, name: '重复的人' },
        // Neither on a confirmed list nor confirmed by 复核确认: no certificate.
        holder(505),
      ] as never,
    }).catch((error: { code: string; status: number; errors: { path: string; code: string }[]; messages: Record<string, string> }) => error);
    expect(refused).toMatchObject({ code: 'CERTIFICATE_ISSUE_INVALID', status: 422 });
    const body = refused as { errors: { path: string; code: string }[]; messages: Record<string, string> };
    const paths = body.errors.map((error) => `${error.path}:${error.code}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'issuedOn:DATE_IN_FUTURE',
        'holders.0.idNumber:ID_CHECK_DIGIT_MISMATCH',
        'holders.0.idNumber:HOLDER_NOT_APPLICANT',
        'holders.1.name:REQUIRED',
        'holders.1.gender:GENDER_MISMATCH',
        'holders.2.occupationCode:OCCUPATION_CODE_INVALID',
        'holders.2.birthDate:BIRTH_DATE_MISMATCH',
        'holders.4.idNumber:HOLDER_REPEATED',
        'holders.4.applicationId:APPLICATION_REPEATED',
        'holders.5.basis:CERTIFICATE_BASIS_MISSING',
      ]),
    );
    expect(body.messages['zh-CN']).toContain('未发放任何证书');
    expect((await t.handle.db.select().from(certificates)).length).toBe(before);
  });

  it('refuses when the enterprise has no certificate code settings', async () => {
    const { enterprise, user } = await certificateEnterprise(t, admin, provinceId, { institution: null });
    const context = await contextFor(t.handle.db, user.id, t.clock);
    await expect(startCertificateBatch(t.handle.db, context, { issuedOn: '2024-05-01', ...(await confirmed(enterprise.id, [holder(601)])) })).rejects.toMatchObject({ code: 'CERTIFICATE_INSTITUTION_MISSING', status: 422 });
  });

  it('queues a job that issues the batch in one transaction and renders its print file, with progress', async () => {
    const { hr, enterprise, user, siteCode } = await certificateEnterprise(t, admin, provinceId);
    const context = await contextFor(t.handle.db, user.id, t.clock);
    const list = await confirmedList(t.handle.db, { enterpriseId: enterprise.id, people: Array.from({ length: 30 }, (_, index) => holder(700 + index, index === 3 ? { trade: '高压电工' } : {})) });
    const input = { planId: list.planId, issuedOn: '2024-07-01', holders: list.holders as never, idempotencyKey: 'batch-key-0000001' };
    const started = await startCertificateBatch(t.handle.db, context, input);
    expect(started.created).toBe(true);
    const batch = started.batch;
    expect(batch).toMatchObject({ status: 'queued', holderCount: 30, certificateCount: 0, job: { status: 'queued', progress: { done: 0, total: 30 } } });
    // The same request again gets the same batch.
    const again = await startCertificateBatch(t.handle.db, context, input);
    expect(again).toMatchObject({ created: false, batch: { id: batch.id } });
    // Nothing personal waits in the job's payload.
    const [stored] = await t.handle.db.select().from(certificateIssueBatches).where(eq(certificateIssueBatches.id, batch.id));
    expect(stored.holdersEncrypted).not.toContain(residentId(700));
    await runJobsOnce(t.handle.db, t.clock);
    const done = (await hr.get(`/api/v1/certificate-batches/${batch.id}`)).json();
    expect(done).toMatchObject({ status: 'issued', certificateCount: 30, job: { status: 'succeeded', progress: { done: 30, total: 30 } } });
    expect(done.printFileId).toBeTruthy();
    const [issued] = await t.handle.db.select().from(certificateIssueBatches).where(eq(certificateIssueBatches.id, batch.id));
    expect(issued.holdersEncrypted).toBeNull();
    // Written in one statement by the job: every column as issueCertificates writes it, the defaults and the basis too.
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
      applicationId: list.holders[3].applicationId,
      basis: 'confirmed-list',
      basisNoticeId: list.noticeId,
      reReviewHolderId: null,
      planId: list.planId,
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
    const listed = (await hr.get(`/api/v1/certificates?batchId=${batch.id}&limit=100`)).json();
    expect(listed.total).toBe(30);
    expect(listed.items.map((item: { code: string }) => serialOf(item.code)).sort((x: number, y: number) => x - y)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
    expect(listed.items.every((item: { code: string }) => item.code.startsWith(`Y000023${siteCode}24T`))).toBe(true);
    expect(listed.items.find((item: { holderName: string }) => item.holderName === '持证人703')).toMatchObject({ trade: '高压电工', basis: { kind: 'confirmed-list', noticeId: list.noticeId, reReviewHolderId: null } });
  });

  it('fails the job, issuing nothing, when the list became invalid while it waited', async () => {
    const { hr, enterprise, user } = await certificateEnterprise(t, admin, provinceId);
    const context = await contextFor(t.handle.db, user.id, t.clock);
    const list = await confirmed(enterprise.id, [holder(801), holder(802)]);
    const { batch } = await startCertificateBatch(t.handle.db, context, { issuedOn: '2024-08-01', ...list });
    // Meanwhile, one of them was certified.
    await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-08-01', planId: list.planId, holders: [(list.holders as unknown as object[])[1]] as never });
    await runJobsOnce(t.handle.db, t.clock);
    const failed = (await hr.get(`/api/v1/certificate-batches/${batch.id}`)).json();
    expect(failed).toMatchObject({ status: 'failed', certificateCount: 0, job: { status: 'failed', error: { code: 'CERTIFICATE_ISSUE_INVALID' } } });
  });
});

describe('certificates only at the end of the procedure (四(三), 六(三))', () => {
  it('has no free list: POST /api/v1/certificate-batches is gone', async () => {
    const { hr } = await certificateEnterprise(t, admin, provinceId);
    const response = await hr.post('/api/v1/certificate-batches', { planId: null, issuedOn: '2024-05-01', holders: [holder(1001)] });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('ROUTE_NOT_FOUND');
    expect((await hr.post('/api/v1/certificate-holders/parse', { fileName: 'a.xlsx', content: 'AAAA' })).statusCode).toBe(404);
  });

  it('refuses a holder of a notice that was not confirmed, or whose certificate would be dated before the notice ended', async () => {
    const { enterprise, user } = await certificateEnterprise(t, admin, provinceId);
    const context = await contextFor(t.handle.db, user.id, t.clock);
    const list = await confirmedList(t.handle.db, { enterpriseId: enterprise.id, people: [holder(1011)], noticeStart: '2024-06-03', noticeEnd: '2024-06-07' });
    const early = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-06-07', planId: list.planId, holders: list.holders as never }).catch((error: { errors: { code: string }[] }) => error);
    expect((early as { errors: { code: string }[] }).errors.map((error) => error.code)).toEqual(['ISSUED_BEFORE_NOTICE_END']);
    // The notice's candidate not confirmed (a notice still open): nothing rests on it.
    const open = await confirmedList(t.handle.db, { enterpriseId: enterprise.id, people: [holder(1012)] });
    const { noticeCandidates, notices } = await import('../../src/modules/notices/tables.ts');
    await t.handle.db.update(notices).set({ status: 'open', confirmedAt: null }).where(eq(notices.id, open.noticeId));
    const unconfirmed = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-06-10', planId: open.planId, holders: open.holders as never }).catch((error: { errors: { code: string }[] }) => error);
    expect((unconfirmed as { errors: { code: string }[] }).errors.map((error) => error.code)).toEqual(['APPLICATION_NOT_CONFIRMED']);
    expect(await t.handle.db.select().from(noticeCandidates).where(eq(noticeCandidates.noticeId, open.noticeId))).toHaveLength(1);
    const issued = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-06-08', planId: list.planId, holders: list.holders as never });
    expect(issued.certificates[0].basis).toEqual({ kind: 'confirmed-list', noticeId: list.noticeId, reReviewHolderId: null });
  });
});

describe('who sees which certificates', () => {
  it('shows a department its enterprises’ certificates, masked, and nothing to others', async () => {
    const { enterprise, user } = await certificateEnterprise(t, admin, provinceId);
    const issued = await issueCertificates(t.handle.db, await contextFor(t.handle.db, user.id, t.clock), { enterpriseId: enterprise.id, issuedOn: '2024-09-01', ...(await confirmed(enterprise.id, [holder(901)])) });
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

describe('the holder list in Excel (复核确认)', () => {
  it('offers a template and reads a filled one with every reason per row', async () => {
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
    // What the 复核确认 import reads (the list goes through the re-review, never straight to issuance).
    const body = await readHolderFile(Buffer.from(await workbook.xlsx.writeBuffer()), t.clock.today());
    expect(body.rows.map((row) => row.row)).toEqual([2, 3, 4]);
    expect(body.rows[0].errors).toEqual([]);
    expect(body.rows[1].errors.map((error) => error.path)).toEqual(expect.arrayContaining(['name', 'idNumber', 'birthDate', 'occupationCode', 'occupationName']));
    expect(body.holders).toHaveLength(2);
    expect(body.holders[0]).toMatchObject({ name: '王铁人', idType: 'resident-id', gender: 'male', birthDate: '1975-03-08', trade: '--' });
    expect(body.holders[1]).toMatchObject({ name: '赵敏', birthDate: '1975-03-08', trade: '数控车工' });
    await expect(readHolderFile(Buffer.from('not excel'), t.clock.today())).rejects.toMatchObject({ code: 'HOLDER_FILE_UNREADABLE' });
  });
});
