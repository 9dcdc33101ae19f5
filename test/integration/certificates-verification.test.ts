// 证书查询 and revocation: the public answer (exactly its fields, the ID number masked), 404 for an
// unknown code, 400 with every reason for a malformed one, search by name and ID number, rate
// limits per client, and a revoked certificate verifiable as revoked.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.ts';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { revokeCertificate } from '../../src/modules/certificates/manage-certificates.ts';
import { contextFor } from '../support/actors.ts';
import { certificateEnterprise, holder, residentId } from '../support/certificate-factories.ts';
import { buildProvince, buildUser } from '../support/factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { confirmedHolders } from '../support/confirmed-list.ts';

let t: TestApp;
let admin: TestClient;
let provinceId: string;
let hr: TestClient;
let enterpriseId: string;
let issued: { id: string; code: string }[];

beforeAll(async () => {
  t = await createTestApp({ jobs: false, publicRateLimitPerMinute: 1000 });
  admin = await t.admin();
  provinceId = (await buildProvince(admin)).id;
  const built = await certificateEnterprise(t, admin, provinceId, { name: '哈尔滨电机厂有限责任公司' });
  hr = built.hr;
  enterpriseId = built.enterprise.id;
  const result = await issueCertificates(t.handle.db, await contextFor(t.handle.db, built.user.id, t.clock), {
    enterpriseId,
    issuedOn: '2024-12-18',
    ...(await confirmedHolders(t.handle.db, enterpriseId, [holder(1, { name: '张建国', trade: '高压电工' }), holder(2, { name: '李秀英', occupationCode: '6-18-01-01', occupationName: '车工' })])),
  });
  issued = result.certificates;
}, 120_000);
afterAll(() => t?.close());

const publicGet = (url: string, ip = '10.0.0.1') => t.app.inject({ method: 'GET', url, remoteAddress: ip });
const publicPost = (url: string, payload: unknown, ip = '10.0.0.1') => t.app.inject({ method: 'POST', url, payload: payload as never, remoteAddress: ip });

describe('GET /api/v1/public/certificates/:code', () => {
  it('answers exactly the public fields, without a session, the ID number masked', async () => {
    const response = await publicGet(`/api/v1/public/certificates/${issued[0].code}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['code', 'holderName', 'idNumberMasked', 'occupation', 'level', 'issuer', 'issuedOn', 'status', 'revokedOn', 'basis'].sort());
    const id = residentId(1);
    expect(body).toEqual({
      code: issued[0].code,
      holderName: '张建国',
      idNumberMasked: `${id.slice(0, 6)}${'*'.repeat(8)}${id.slice(-4)}`,
      occupation: '电工（高压电工）',
      level: '特级技师',
      issuer: '哈尔滨电机厂有限责任公司',
      issuedOn: '2024-12-18',
      status: 'valid',
      revokedOn: null,
      // 发证依据: the confirmed list after the notice.
      basis: 'confirmed-list',
    });
    expect(response.body).not.toContain(id);
    // People type codes in lower case and with spaces.
    expect((await publicGet(`/api/v1/public/certificates/${encodeURIComponent(` ${issued[0].code.toLowerCase()} `)}`)).json().code).toBe(issued[0].code);
  });

  it('answers 404 for a well-formed code nobody holds', async () => {
    const unknown = `${issued[0].code.slice(0, 16)}999999`;
    const response = await publicGet(`/api/v1/public/certificates/${unknown}`);
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('NOT_FOUND');
  });

  it('answers 400 with every reason for a malformed code', async () => {
    const response = await publicGet('/api/v1/public/certificates/X00009900000125Q00000');
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('CERTIFICATE_CODE_INVALID');
    expect(body.errors.map((error: { code: string }) => error.code)).toEqual(['CODE_LENGTH', 'CATEGORY_INVALID', 'PROVINCE_CODE_INVALID', 'LEVEL_INVALID']);
    expect(body.errors[0].messages['zh-CN']).toContain('22位');
  });
});

describe('POST /api/v1/public/certificates/search', () => {
  it('finds certificates by name and ID number, and nothing for another name', async () => {
    const found = await publicPost('/api/v1/public/certificates/search', { name: '李秀英', idNumber: residentId(2) });
    expect(found.statusCode).toBe(200);
    expect(found.json().items).toEqual([expect.objectContaining({ code: issued[1].code, occupation: '车工', status: 'valid' })]);
    expect(Object.keys(found.json().items[0]).sort()).toEqual(['basis', 'code', 'holderName', 'idNumberMasked', 'issuedOn', 'issuer', 'level', 'occupation', 'revokedOn', 'status']);
    const lowerX = await publicPost('/api/v1/public/certificates/search', { name: '李秀英', idType: 'resident-id', idNumber: residentId(2).toLowerCase() });
    expect(lowerX.json().items).toHaveLength(1);
    expect((await publicPost('/api/v1/public/certificates/search', { name: '王五', idNumber: residentId(2) })).json().items).toEqual([]);
  });

  it('refuses a malformed ID number with its reasons', async () => {
    const response = await publicPost('/api/v1/public/certificates/search', { name: '李秀英', idNumber: '230102197503080021' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ path: 'idNumber', code: 'ID_CHECK_DIGIT_MISMATCH' });
  });
});

describe('rate limits on the public endpoints', () => {
  it('refuses a client past PUBLIC_RATE_LIMIT_PER_MINUTE with 429, others still answered', async () => {
    const limited = await createTestApp({ jobs: false, publicRateLimitPerMinute: 3 });
    try {
      const get = (ip: string) => limited.app.inject({ method: 'GET', url: `/api/v1/public/certificates/${issued[0].code}`, remoteAddress: ip });
      for (let index = 0; index < 3; index += 1) expect((await get('10.9.9.9')).statusCode).toBe(404);
      const refused = await get('10.9.9.9');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().code).toBe('RATE_LIMITED');
      expect((await get('10.9.9.10')).statusCode).toBe(404);
      const search = (ip: string) => limited.app.inject({ method: 'POST', url: '/api/v1/public/certificates/search', remoteAddress: ip, payload: { name: '张三', idNumber: residentId(9) } });
      for (let index = 0; index < 3; index += 1) expect((await search('10.9.9.11')).statusCode).toBe(200);
      expect((await search('10.9.9.11')).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('revocation (退出机制)', () => {
  it('revokes with a reason; the certificate stays verifiable as revoked; the act is audited', async () => {
    const foreign = await certificateEnterprise(t, admin, provinceId);
    expect((await foreign.hr.post(`/api/v1/certificates/${issued[1].id}/revoke`, { reason: '越权撤销', basis: 'fraud' })).statusCode).toBe(404);
    expect((await hr.post(`/api/v1/certificates/${issued[1].id}/revoke`, { reason: ' ', basis: 'fraud' })).statusCode).toBe(400);
    const response = await hr.post(`/api/v1/certificates/${issued[1].id}/revoke`, { reason: '经核查申报材料弄虚作假', basis: 'fraud' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'revoked', revocationReason: '经核查申报材料弄虚作假', revocationBasis: 'fraud', uploadStatus: 'pending', allowedActs: ['print'] });
    const verified = (await publicGet(`/api/v1/public/certificates/${issued[1].code}`)).json();
    expect(verified.status).toBe('revoked');
    expect(verified.revokedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const again = await hr.post(`/api/v1/certificates/${issued[1].id}/revoke`, { reason: '再次撤销', basis: 'fraud' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVALID_TRANSITION');
    const [entry] = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'certificate.revoked'), eq(auditLog.targetId, issued[1].id)));
    expect(entry.after).toMatchObject({ status: 'revoked', reason: '经核查申报材料弄虚作假', basis: 'fraud' });
    // A revoked certificate cannot be corrected.
    expect((await hr.post(`/api/v1/certificates/${issued[1].id}/correct`, { holderName: '李秀英', reason: '更正姓名' })).json().code).toBe('CERTIFICATE_REVOKED');
  });

  it('lets the supervising department revoke in its scope, and the exit module call revokeCertificate in its own transaction', async () => {
    const built = await certificateEnterprise(t, admin, provinceId);
    const result = await issueCertificates(t.handle.db, await contextFor(t.handle.db, built.user.id, t.clock), { enterpriseId: built.enterprise.id, issuedOn: '2024-10-10', ...(await confirmedHolders(t.handle.db, built.enterprise.id, [holder(31), holder(32)])) });
    const user = await buildUser(admin, provinceId, ['department-admin']);
    const department = await t.login(user.username, user.password);
    expect((await department.post(`/api/v1/certificates/${result.certificates[0].id}/revoke`, { reason: '退出：解除聘任', basis: 'exit' })).statusCode).toBe(200);
    const context = await contextFor(t.handle.db, built.user.id, t.clock);
    const revoked = await t.handle.db.transaction((tx) => revokeCertificate(tx, context, result.certificates[1].id, { reason: '弄虚作假', basis: 'fraud' }));
    expect(revoked.status).toBe('revoked');
    expect((await publicGet(`/api/v1/public/certificates/${result.certificates[1].code}`)).json().status).toBe('revoked');
  });
});

describe('correction', () => {
  it('corrects the holder data, keeps the code, and lists every reason a correction is wrong', async () => {
    const bad = await hr.post(`/api/v1/certificates/${issued[0].id}/correct`, { gender: 'female', birthDate: '1999-01-01', reason: '更正' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((error: { code: string }) => error.code).sort()).toEqual(['BIRTH_DATE_MISMATCH', 'GENDER_MISMATCH']);
    const response = await hr.post(`/api/v1/certificates/${issued[0].id}/correct`, { holderName: '张建國', trade: '', reason: '国家系统反馈姓名有误' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ code: issued[0].code, holderName: '张建國', trade: '--' });
    expect((await publicGet(`/api/v1/public/certificates/${issued[0].code}`)).json()).toMatchObject({ holderName: '张建國', occupation: '电工' });
  });
});
