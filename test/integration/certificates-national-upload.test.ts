// 数据上报: the package in the fields DOMAIN.md lists (identity numbers in full), the configurable
// field mapping, manual results, corrections and revocations sent again, and a configured endpoint
// whose answer decides each certificate's result.
import ExcelJS from 'exceljs';
import Fastify, { type FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.ts';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { certificates } from '../../src/modules/certificates/tables.ts';
import { runJobsOnce } from '../../src/platform/jobs.ts';
import { contextFor } from '../support/actors.ts';
import { certificateEnterprise, holder, residentId } from '../support/certificate-factories.ts';
import { buildProvince, buildUser } from '../support/factories.ts';
import { confirmedHolders } from '../support/confirmed-list.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

const DEFAULT_COLUMNS = ['证书编号', '姓名', '证件类型', '证件号码', '性别', '出生日期', '职业编码', '职业名称', '工种/职业方向', '职业技能等级', '发证日期', '评价机构名称', '评价机构代码', '所在省份', '证书状态'];

async function setup(t: TestApp, sequences: number[]) {
  const admin = await t.admin();
  const province = await buildProvince(admin);
  const built = await certificateEnterprise(t, admin, province.id, { name: '大庆油田有限责任公司' });
  const issued = await issueCertificates(t.handle.db, await contextFor(t.handle.db, built.user.id, t.clock), {
    enterpriseId: built.enterprise.id,
    issuedOn: '2024-11-28',
    ...(await confirmedHolders(t.handle.db, built.enterprise.id, sequences.map((sequence) => holder(sequence)))),
  });
  return { admin, ...built, certificates: issued.certificates };
}

async function uploadStatus(t: TestApp, id: string) {
  const [row] = await t.handle.db.select({ uploadStatus: certificates.uploadStatus, reason: certificates.uploadFailureReason }).from(certificates).where(eq(certificates.id, id));
  return row;
}

describe('manual upload (no NATIONAL_UPLOAD_URL)', () => {
  let t: TestApp;
  let hr: TestClient;
  let admin: TestClient;
  let issued: { id: string; code: string }[];
  let batchId: string;

  beforeAll(async () => {
    t = await createTestApp({ jobs: false });
    const built = await setup(t, [1, 2, 3]);
    ({ hr, admin } = built);
    issued = built.certificates;
  }, 120_000);
  afterAll(() => t?.close());

  it('makes a batch of the certificates not yet reported, once', async () => {
    const response = await hr.post('/api/v1/national-uploads', {});
    expect(response.statusCode, response.body).toBe(201);
    const batch = response.json();
    batchId = batch.id;
    expect(batch).toMatchObject({ mode: 'manual', status: 'prepared', itemCount: 3, counts: { pending: 3, reported: 0, failed: 0 } });
    expect(JSON.stringify(batch)).not.toContain(residentId(1));
    expect((await uploadStatus(t, issued[0].id)).uploadStatus).toBe('in-batch');
    const again = await hr.post('/api/v1/national-uploads', {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('NATIONAL_UPLOAD_NOTHING_TO_SEND');
  });

  it('gives the package as JSON and Excel in the default fields, identity numbers in full, audited', async () => {
    const json = await hr.get(`/api/v1/national-uploads/${batchId}/package?format=json`);
    expect(json.statusCode).toBe(200);
    const body = json.json();
    expect(body.count).toBe(3);
    expect(Object.keys(body.records[0])).toEqual(DEFAULT_COLUMNS);
    const first = body.records.find((record: Record<string, string>) => record['证书编号'] === issued[0].code);
    expect(first).toEqual({
      证书编号: issued[0].code,
      姓名: '持证人1',
      证件类型: '居民身份证',
      证件号码: residentId(1),
      性别: '男',
      出生日期: '1975-03-08',
      职业编码: '6-31-01-03',
      职业名称: '电工',
      '工种/职业方向': '--',
      职业技能等级: '特级技师',
      发证日期: '2024-11-28',
      评价机构名称: '大庆油田有限责任公司',
      评价机构代码: issued[0].code.slice(0, 13),
      所在省份: '黑龙江省',
      证书状态: '有效',
    });
    const xlsx = await hr.get(`/api/v1/national-uploads/${batchId}/package?format=xlsx`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual(DEFAULT_COLUMNS);
    expect(sheet.rowCount).toBe(4);
    const ids = [2, 3, 4].map((row) => String(sheet.getRow(row).getCell(4).value));
    expect(ids).toContain(residentId(2));
    const downloads = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, 'national-upload.downloaded'));
    expect(downloads).toHaveLength(2);
  });

  it('records results, refusing unknown certificates and failures without a reason', async () => {
    const bad = await hr.post(`/api/v1/national-uploads/${batchId}/results`, {
      items: [
        { certificateId: issued[0].id, outcome: 'failed' },
        { certificateId: '00000000-0000-4000-8000-000000000000', outcome: 'reported' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((error: { path: string; code: string }) => `${error.path}:${error.code}`)).toEqual(['items.0.reason:REQUIRED', 'items.1.certificateId:NOT_IN_BATCH']);
    const response = await hr.post(`/api/v1/national-uploads/${batchId}/results`, {
      items: [
        { certificateId: issued[0].id, outcome: 'reported' },
        { certificateId: issued[1].id, outcome: 'failed', reason: '姓名与证件号码不一致' },
        { certificateId: issued[2].id, outcome: 'reported' },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'partially-failed', counts: { pending: 0, reported: 2, failed: 1 } });
    expect(await uploadStatus(t, issued[0].id)).toEqual({ uploadStatus: 'reported', reason: null });
    expect(await uploadStatus(t, issued[1].id)).toEqual({ uploadStatus: 'failed', reason: '姓名与证件号码不一致' });
    const twice = await hr.post(`/api/v1/national-uploads/${batchId}/results`, { items: [{ certificateId: issued[0].id, outcome: 'failed', reason: 'x' }] });
    expect(twice.json().errors[0].code).toBe('ALREADY_RECORDED');
  });

  it('sends a corrected failure and a revoked certificate again, in the mapping the ministry set', async () => {
    const corrected = await hr.post(`/api/v1/certificates/${issued[1].id}/correct`, { holderName: '持证人贰', reason: '按国家系统反馈更正姓名' });
    expect(corrected.json().uploadStatus).toBe('pending');
    await hr.post(`/api/v1/certificates/${issued[0].id}/revoke`, { reason: '弄虚作假', basis: 'fraud' });

    // The mapping: HR may read it, only the ministry (or the system administrator) sets it.
    expect((await hr.get('/api/v1/national-upload-mapping')).json()).toMatchObject({ isDefault: true, endpointConfigured: false });
    const custom = [
      { field: 'certificateCode', column: 'zsbh' },
      { field: 'holderName', column: 'xm' },
      { field: 'idNumber', column: 'sfzh' },
      { field: 'gender', column: 'xb', values: { 男: '1', 女: '2' } },
      { field: 'status', column: 'zt', values: { 有效: '1', 已撤销: '0' } },
      { field: 'revokedOn', column: 'cxrq' },
    ];
    expect((await hr.request('PUT', '/api/v1/national-upload-mapping', { columns: custom })).statusCode).toBe(403);
    const ministryUser = await buildUser(admin, admin.me.organisation.id, ['ministry-admin']);
    const ministry = await t.login(ministryUser.username, ministryUser.password);
    const invalid = await ministry.request('PUT', '/api/v1/national-upload-mapping', { columns: [{ field: 'holderName', column: 'xm' }, { field: 'idNumber', column: 'xm' }] });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors.map((error: { code: string }) => error.code).sort()).toEqual(['CERTIFICATE_CODE_MISSING', 'COLUMN_REPEATED']);
    const saved = await ministry.request('PUT', '/api/v1/national-upload-mapping', { columns: custom });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().isDefault).toBe(false);

    const resend = await hr.post('/api/v1/national-uploads', {});
    expect(resend.statusCode).toBe(201);
    const batch = resend.json();
    expect(batch.items.map((item: { certificateId: string }) => item.certificateId).sort()).toEqual([issued[0].id, issued[1].id].sort());
    const records = (await hr.get(`/api/v1/national-uploads/${batch.id}/package?format=json`)).json().records as Record<string, string>[];
    expect(records.find((record) => record.zsbh === issued[0].code)).toEqual({ zsbh: issued[0].code, xm: '持证人1', sfzh: residentId(1), xb: '1', zt: '0', cxrq: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(records.find((record) => record.zsbh === issued[1].code)).toMatchObject({ xm: '持证人贰', xb: '2', zt: '1', cxrq: '' });
    // The first batch keeps the mapping it was made with.
    expect(Object.keys((await hr.get(`/api/v1/national-uploads/${batchId}/package?format=json`)).json().records[0])).toEqual(DEFAULT_COLUMNS);
    // Sending the default back restores it.
    const defaults = (await ministry.get('/api/v1/national-upload-mapping')).json().fields;
    expect(defaults.length).toBeGreaterThan(15);
    const restored = await ministry.request('PUT', '/api/v1/national-upload-mapping', { columns: DEFAULT_COLUMNS.map((column, index) => ({ field: ['certificateCode', 'holderName', 'idType', 'idNumber', 'gender', 'birthDate', 'occupationCode', 'occupationName', 'trade', 'level', 'issuedOn', 'institutionName', 'institutionCode', 'province', 'status'][index], column })) });
    expect(restored.json().isDefault).toBe(true);
    const list = (await hr.get('/api/v1/national-uploads')).json();
    expect(list.items).toHaveLength(2);
  });
});

describe('upload to a configured endpoint (NATIONAL_UPLOAD_URL)', () => {
  let t: TestApp;
  let endpoint: FastifyInstance;
  let hr: TestClient;
  let issued: { id: string; code: string }[];
  const received: { records: Record<string, string>[] }[] = [];
  let refuse = new Set<string>();

  beforeAll(async () => {
    endpoint = Fastify();
    endpoint.post('/upload', async (request) => {
      const body = request.body as { records: Record<string, string>[] };
      received.push(body);
      return { results: body.records.map((record) => ({ certificateCode: record['证书编号'], success: !refuse.has(record['证书编号']), message: refuse.has(record['证书编号']) ? '证件号码校验未通过' : undefined })) };
    });
    await endpoint.listen({ port: 0, host: '127.0.0.1' });
    const address = endpoint.server.address() as { port: number };
    t = await createTestApp({ jobs: false, nationalUploadUrl: `http://127.0.0.1:${address.port}/upload` });
    const built = await setup(t, [11, 12]);
    hr = built.hr;
    issued = built.certificates;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await endpoint?.close();
  });

  it('posts the package, records the answer per certificate, and sends the failures again', async () => {
    refuse = new Set([issued[1].code]);
    const created = await hr.post('/api/v1/national-uploads', {});
    expect(created.json()).toMatchObject({ mode: 'endpoint', status: 'sending' });
    expect((await hr.get('/api/v1/national-upload-mapping')).json().endpointConfigured).toBe(true);
    await runJobsOnce(t.handle.db, t.clock);
    expect(received[0].records.map((record) => record['证件号码']).sort()).toEqual([residentId(11), residentId(12)].sort());
    const batch = (await hr.get(`/api/v1/national-uploads/${created.json().id}`)).json();
    expect(batch).toMatchObject({ status: 'partially-failed', counts: { reported: 1, failed: 1 }, response: { status: 200 } });
    expect(batch.items.find((item: { code: string }) => item.code === issued[1].code)).toMatchObject({ status: 'failed', reason: '证件号码校验未通过' });
    const manual = await hr.post(`/api/v1/national-uploads/${batch.id}/results`, { items: [{ certificateId: issued[1].id, outcome: 'reported' }] });
    expect(manual.json().code).toBe('NATIONAL_UPLOAD_NOT_MANUAL');

    refuse = new Set();
    const again = await hr.post('/api/v1/national-uploads', { certificateIds: [issued[1].id] });
    expect(again.json().itemCount).toBe(1);
    await runJobsOnce(t.handle.db, t.clock);
    expect((await hr.get(`/api/v1/national-uploads/${again.json().id}`)).json()).toMatchObject({ status: 'completed', counts: { reported: 1 } });
    expect((await uploadStatus(t, issued[1].id)).uploadStatus).toBe('reported');
  });

  it('fails every certificate with the reason when the endpoint cannot be reached', async () => {
    await hr.post(`/api/v1/certificates/${issued[0].id}/revoke`, { reason: '退出', basis: 'exit' });
    await endpoint.close();
    const created = await hr.post('/api/v1/national-uploads', {});
    await runJobsOnce(t.handle.db, t.clock);
    const batch = (await hr.get(`/api/v1/national-uploads/${created.json().id}`)).json();
    expect(batch).toMatchObject({ status: 'failed', counts: { failed: 1 }, response: { status: null } });
    expect(batch.items[0].reason).toContain('endpoint unreachable');
    expect((await uploadStatus(t, issued[0].id)).uploadStatus).toBe('failed');
  });
});
