// 证书查询 and revocation: the public answer (with the QR code's token: exactly the national query's
// fields, the ID number's last 4 only; a code alone: no holder, so walking the sequential codes lists
// nobody), 404 for an unknown code, 400 with every reason for a malformed one, the look-up by code,
// name and ID number limited per person in the database whatever the address, rate limits per
// client, and a revoked certificate verifiable as revoked.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, rateLimitCounters } from '../../src/db/schema.ts';
import { buildApp } from '../../src/server.ts';
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
let issued: { id: string; code: string; verifyUrl: string }[];

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

const tokenOf = (certificate: { verifyUrl: string }) => new URL(certificate.verifyUrl).searchParams.get('t')!;
const withToken = (certificate: { code: string; verifyUrl: string }) => `/api/v1/public/certificates/${certificate.code}?t=${encodeURIComponent(tokenOf(certificate))}`;

describe('GET /api/v1/public/certificates/:code', () => {
  it("with the QR code's token answers what the national query shows: the holder and only the last 4 of the ID number", async () => {
    // The QR code's link carries an unguessable token beside the code.
    // And the issuer's key id and Ed25519 signature over code, name and date (issue 20).
    expect(issued[0].verifyUrl).toMatch(new RegExp(`/verify/${issued[0].code}\\?t=[A-Za-z0-9_-]{22}&k=[A-Za-z0-9_-]{16}&s=[A-Za-z0-9_-]{86}$`));
    const response = await publicGet(withToken(issued[0]));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['code', 'disclosure', 'holderName', 'idNumberMasked', 'occupation', 'level', 'issuer', 'issuedOn', 'status', 'revokedOn', 'basis', 'issuerId', 'qrSignature'].sort());
    const id = residentId(1);
    expect(body).toEqual({
      code: issued[0].code,
      disclosure: 'full',
      holderName: '张建国',
      // No region digits: the last 4 characters only.
      idNumberMasked: `${'*'.repeat(14)}${id.slice(-4)}`,
      occupation: '电工（高压电工）',
      level: '特级技师',
      issuer: '哈尔滨电机厂有限责任公司',
      issuedOn: '2024-12-18',
      status: 'valid',
      revokedOn: null,
      // 发证依据: the confirmed list after the notice.
      basis: 'confirmed-list',
      issuerId: body.issuerId,
      // Only the token was given, not the QR code's signature.
      qrSignature: null,
    });
    // Outside the certificate's own code (whose site digits may happen to read like a region code).
    const besidesCode = response.body.replaceAll(body.code, '');
    expect(besidesCode).not.toContain(id);
    expect(besidesCode).not.toContain(id.slice(0, 6));
    // People type codes in lower case and with spaces.
    expect((await publicGet(`/api/v1/public/certificates/${encodeURIComponent(` ${issued[0].code.toLowerCase()} `)}?t=${tokenOf(issued[0])}`)).json()).toMatchObject({ code: issued[0].code, disclosure: 'full' });
  });

  it('without the token (or with a wrong one) shows the certificate and no holder', async () => {
    for (const url of [`/api/v1/public/certificates/${issued[0].code}`, `/api/v1/public/certificates/${issued[0].code}?t=${tokenOf(issued[1])}`, `/api/v1/public/certificates/${issued[0].code}?t=`]) {
      const response = await publicGet(url);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        code: issued[0].code,
        disclosure: 'code-only',
        holderName: null,
        idNumberMasked: null,
        occupation: '电工（高压电工）',
        level: '特级技师',
        issuer: '哈尔滨电机厂有限责任公司',
        issuedOn: '2024-12-18',
        status: 'valid',
        revokedOn: null,
        basis: 'confirmed-list',
        issuerId: response.json().issuerId,
        qrSignature: null,
      });
    }
  });

  it('walking the sequential codes without tokens lists no holder (issue 22, item 1)', async () => {
    // The attack: codes are the site's prefix and a serial, so an attacker asks for serial 1, 2, 3 …
    const prefix = issued[0].code.slice(0, 16);
    const walked = await Promise.all(Array.from({ length: 20 }, (_, index) => publicGet(`/api/v1/public/certificates/${prefix}${String(index + 1).padStart(6, '0')}`, `10.1.0.${index}`)));
    const found = walked.filter((response) => response.statusCode === 200);
    expect(found.length).toBeGreaterThanOrEqual(2);
    for (const response of walked) expect([200, 404]).toContain(response.statusCode);
    for (const response of found) {
      expect(response.json()).toMatchObject({ disclosure: 'code-only', holderName: null, idNumberMasked: null });
      const besidesCode = response.body.replaceAll(response.json().code, '');
      for (const secret of ['张建国', '李秀英', residentId(1).slice(-4), residentId(2).slice(-4), residentId(1).slice(0, 6)]) expect(besidesCode).not.toContain(secret);
    }
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
  it('finds a certificate by its code, name and ID number, and nothing for another name or code', async () => {
    const found = await publicPost('/api/v1/public/certificates/search', { code: issued[1].code, name: '李秀英', idNumber: residentId(2) });
    expect(found.statusCode).toBe(200);
    expect(found.json().items).toEqual([expect.objectContaining({ code: issued[1].code, disclosure: 'full', holderName: '李秀英', idNumberMasked: `${'*'.repeat(14)}${residentId(2).slice(-4)}`, occupation: '车工', status: 'valid' })]);
    expect(Object.keys(found.json().items[0]).sort()).toEqual(['basis', 'code', 'disclosure', 'holderName', 'idNumberMasked', 'issuedOn', 'issuer', 'issuerId', 'level', 'occupation', 'qrSignature', 'revokedOn', 'status']);
    const lowerX = await publicPost('/api/v1/public/certificates/search', { code: issued[1].code.toLowerCase(), name: '李秀英', idType: 'resident-id', idNumber: residentId(2).toLowerCase() });
    expect(lowerX.json().items).toHaveLength(1);
    expect((await publicPost('/api/v1/public/certificates/search', { code: issued[1].code, name: '王五', idNumber: residentId(2) })).json().items).toEqual([]);
    expect((await publicPost('/api/v1/public/certificates/search', { code: issued[0].code, name: '李秀英', idNumber: residentId(2) })).json().items).toEqual([]);
  });

  it('refuses name and ID number without the certificate code', async () => {
    const response = await publicPost('/api/v1/public/certificates/search', { name: '李秀英', idNumber: residentId(2) });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain('code');
  });

  it('refuses a malformed ID number with its reasons', async () => {
    const response = await publicPost('/api/v1/public/certificates/search', { code: issued[1].code, name: '李秀英', idNumber: '230102197503080021' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ path: 'idNumber', code: 'ID_CHECK_DIGIT_MISMATCH' });
  });
});

describe('the look-up is limited per person, whatever the address (issue 22, item 1)', () => {
  it('stops a birth-date guess loop against one holder spread over many addresses; the count is in the database', async () => {
    const limited = await createTestApp({ jobs: false, publicRateLimitPerMinute: 1000, trustProxy: true, publicLookupPerPersonPerDay: 5 });
    try {
      const admin2 = await limited.admin();
      const built = await certificateEnterprise(limited, admin2, (await buildProvince(admin2)).id);
      const { certificates: [target, other] } = await issueCertificates(limited.handle.db, await contextFor(limited.handle.db, built.user.id, limited.clock), {
        enterpriseId: built.enterprise.id,
        issuedOn: '2024-12-18',
        ...(await confirmedHolders(limited.handle.db, built.enterprise.id, [holder(41, { name: '赵国强' }), holder(42, { name: '钱多多' })])),
      });
      const real = residentId(41);
      // Guesses: the same region, year and sequence, another birth day each (a valid check digit each time).
      const year = real.slice(6, 10);
      const guesses = Array.from({ length: 12 }, (_, index) => residentId(41, `${year}${String(index + 1).padStart(2, '0')}${String(10 + index).padStart(2, '0')}`)).filter((guess) => guess !== real);
      const lookUp = (payload: Record<string, unknown>, address: string) =>
        limited.app.inject({ method: 'POST', url: '/api/v1/public/certificates/search', payload, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': address } });
      // Twelve guesses at once, each from its own address: the count is raised before anything is looked at, so exactly 5 are answered.
      const first = await Promise.all(guesses.map((idNumber, index) => lookUp({ code: target.code, name: '赵国强', idNumber }, `203.0.113.${index + 1}`)));
      const statuses = first.map((response) => response.statusCode);
      expect(statuses.filter((status) => status === 200)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(guesses.length - 5);
      for (const response of first.filter((response) => response.statusCode === 200)) expect(response.json().items).toEqual([]);
      // Now even the right number, from an address never seen, is refused for this person …
      const right = await lookUp({ code: target.code, name: '赵国强', idNumber: real }, '198.51.100.77');
      expect(right.statusCode).toBe(429);
      expect(right.json()).toMatchObject({ code: 'PUBLIC_LOOKUP_LIMITED' });
      expect(right.json().messages['zh-CN']).toContain('每日上限（5 次）');
      // … and so is the same name against another code (the name is counted too).
      expect((await lookUp({ code: other.code, name: '赵国强', idNumber: real }, '198.51.100.78')).statusCode).toBe(429);
      // Another holder is answered.
      const someoneElse = await lookUp({ code: other.code, name: '钱多多', idNumber: residentId(42) }, '198.51.100.79');
      expect(someoneElse.statusCode).toBe(200);
      expect(someoneElse.json().items).toHaveLength(1);
      // The counts are rows of rate_limit_counters (shared by every process), keyed by hashes: no name, no number.
      const rows = (await limited.handle.db.execute(sql`select key, count from rate_limit_counters where key like 'public-lookup%'`)) as unknown as { rows: { key: string; count: number }[] };
      expect(rows.rows.length).toBeGreaterThanOrEqual(3);
      for (const row of rows.rows) {
        expect(row.key).not.toContain('赵国强');
        expect(row.key).not.toContain(real);
      }
      // The next day the holder can be looked up again.
      limited.clock.advance(24 * 3600 * 1000);
      const nextDay = await lookUp({ code: target.code, name: '赵国强', idNumber: real }, '198.51.100.80');
      expect(nextDay.statusCode).toBe(200);
      expect(nextDay.json().items).toEqual([expect.objectContaining({ code: target.code, holderName: '赵国强', disclosure: 'full' })]);
    } finally {
      await limited.close();
    }
  }, 120_000);
});

describe('rate limits on the public endpoints', () => {
  it('holds a read’s limit across processes by leases of the allowance: no process answers past it together', async () => {
    const limited = await createTestApp({ jobs: false, publicRateLimitPerMinute: 3 });
    // A second app process on the same database (its own counter, as another server behind the same address).
    const other = await buildApp(limited.config, { db: limited.handle.db, logger: false, clock: limited.clock });
    try {
      const url = `/api/v1/public/certificates/${issued[0].code}`;
      const get = (app: typeof other, ip: string) => app.inject({ method: 'GET', url, remoteAddress: ip });
      const stored = async () => (await limited.handle.db.select().from(rateLimitCounters)).find((row) => row.key === `GET /api/v1/public/certificates/:code 10.8.8.8`)?.count ?? 0;
      for (let index = 0; index < 2; index += 1) expect((await get(limited.app, '10.8.8.8')).statusCode).toBe(404);
      expect(await stored()).toBe(2);
      // The other process takes the last unit of the window; past it, both refuse.
      expect((await get(other, '10.8.8.8')).statusCode).toBe(404);
      const refused = await get(other, '10.8.8.8');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().code).toBe('RATE_LIMITED');
      expect((await get(limited.app, '10.8.8.8')).statusCode).toBe(429);
      // Refusals once the window is used up cost no more writes; another client is still answered.
      const spent = await stored();
      for (let index = 0; index < 5; index += 1) expect((await get(other, '10.8.8.8')).statusCode).toBe(429);
      expect(await stored()).toBe(spent);
      expect((await get(other, '10.8.8.9')).statusCode).toBe(404);
      // A burst of 20 at once over both processes: 3 answered, in all.
      const burst = await Promise.all(Array.from({ length: 20 }, (_, index) => get(index % 2 ? other : limited.app, '10.8.8.10')));
      expect(burst.filter((response) => response.statusCode === 404)).toHaveLength(3);
      // The next minute is a new window.
      limited.clock.advance(60_000);
      expect((await get(limited.app, '10.8.8.8')).statusCode).toBe(404);
    } finally {
      await other.close();
      await limited.close();
    }
  });

  it('refuses a client past PUBLIC_RATE_LIMIT_PER_MINUTE with 429, others still answered', async () => {
    const limited = await createTestApp({ jobs: false, publicRateLimitPerMinute: 3 });
    try {
      const get = (ip: string) => limited.app.inject({ method: 'GET', url: `/api/v1/public/certificates/${issued[0].code}`, remoteAddress: ip });
      for (let index = 0; index < 3; index += 1) expect((await get('10.9.9.9')).statusCode).toBe(404);
      const refused = await get('10.9.9.9');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().code).toBe('RATE_LIMITED');
      expect((await get('10.9.9.10')).statusCode).toBe(404);
      const search = (ip: string, index: number) => limited.app.inject({ method: 'POST', url: '/api/v1/public/certificates/search', remoteAddress: ip, payload: { code: issued[0].code, name: `张${index}`, idNumber: residentId(9 + index) } });
      for (let index = 0; index < 3; index += 1) expect((await search('10.9.9.11', index)).statusCode).toBe(200);
      expect((await search('10.9.9.11', 3)).statusCode).toBe(429);
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
    expect((await publicGet(withToken(issued[0]))).json()).toMatchObject({ holderName: '张建國', occupation: '电工' });
  });
});
