// 谁查询了我的证书 (issue 20): the holder sees each verification of their certificate — when, and
// which organisation if a signed-in user made it; anonymous public look-ups are counted per day,
// not identified (no address, no browser kept).
import { eq } from 'drizzle-orm';
import { flushLookupCounts } from '../../src/modules/certificates/verification-log.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { certificateLookupDays, certificateVerifications } from '../../src/modules/certificates/tables.ts';
import { contextFor } from '../support/actors.ts';
import { certificateEnterprise, holder } from '../support/certificate-factories.ts';
import { confirmedHolders } from '../support/confirmed-list.ts';
import { buildProvince, buildUser } from '../support/factories.ts';
import { createTestApp, TestClient, type TestApp } from '../support/test-app.ts';
import { goodRow, importRegister, registerWorkbook } from './applications-fixtures.ts';

let t: TestApp;
let enterprise: Awaited<ReturnType<typeof certificateEnterprise>>;
let holderClient: TestClient;
let colleague: TestClient;
let otherHr: TestClient;
let otherEnterpriseName: string;
let department: TestClient;
let departmentName: string;
let certificate: { id: string; code: string; verifyUrl: string };
let other: { id: string; code: string };

const person = holder(1, { name: '张建国' });
const anonymous = (url: string, ip: string) => t.app.inject({ method: 'GET', url, remoteAddress: ip, headers: { 'user-agent': 'Mozilla/5.0 (look-up test)' } });

/** A register row of the person, and an employee account linked to it. */
async function employeeAccount(row: ReturnType<typeof goodRow>): Promise<TestClient> {
  const list = (await enterprise.hr.get(`/api/v1/register?q=${encodeURIComponent(row.name!)}`)).json();
  const username = `holder-${Math.floor(Math.random() * 1e6)}`;
  const response = await enterprise.hr.post(`/api/v1/register/${list.items[0].id}/user`, { username });
  if (response.statusCode !== 201) throw new Error(`account: ${response.body}`);
  return TestClient.firstLogIn(t.app, username, response.json().initialPassword, 'Password-2021-ok');
}

beforeAll(async () => {
  t = await createTestApp({ publicRateLimitPerMinute: 1000 });
  const admin = await t.admin();
  const province = await buildProvince(admin, { name: '黑龙江省人力资源和社会保障厅', provinceCode: '23' });
  enterprise = await certificateEnterprise(t, admin, province.id, { name: '哈尔滨电机厂有限责任公司' });
  const rows = [
    goodRow(1, { name: person.name, idNumber: person.idNumber, birthDate: person.birthDate, gender: '男' }),
    goodRow(2, { name: '李同事', idNumber: holder(2).idNumber, birthDate: holder(2).birthDate, gender: '女' }),
  ];
  const job = await importRegister(enterprise.hr, await registerWorkbook(rows));
  expect(job.result).toMatchObject({ outcome: 'imported' });
  holderClient = await employeeAccount(rows[0]);
  colleague = await employeeAccount(rows[1]);
  const issued = await issueCertificates(t.handle.db, await contextFor(t.handle.db, enterprise.user.id, t.clock), {
    enterpriseId: enterprise.enterprise.id,
    issuedOn: '2024-12-18',
    ...(await confirmedHolders(t.handle.db, enterprise.enterprise.id, [person, holder(3, { name: '王其他' })])),
  });
  [certificate, other] = issued.certificates;

  // Another province's enterprise (a prospective employer) and a department, signed in.
  const otherProvince = await buildProvince(admin, { name: '吉林省人力资源和社会保障厅', provinceCode: '22' });
  const otherEnterprise = await certificateEnterprise(t, admin, otherProvince.id, { name: '长春一汽集团' });
  otherHr = otherEnterprise.hr;
  otherEnterpriseName = '长春一汽集团';
  const departmentUser = await buildUser(admin, otherProvince.id, ['department-admin']);
  department = await t.login(departmentUser.username, departmentUser.password);
  departmentName = '吉林省人力资源和社会保障厅';
}, 180_000);
afterAll(() => t?.close());

describe('GET /api/v1/my/certificates/:id/verifications', () => {
  it('shows the holder each signed-in look-up with its organisation, and anonymous ones as a count per day', async () => {
    // Three anonymous look-ups from two addresses (the QR code's link and a typed code)…
    const token = new URL(certificate.verifyUrl).searchParams.get('t')!;
    expect((await anonymous(`/api/v1/public/certificates/${certificate.code}?t=${token}`, '203.0.113.7')).statusCode).toBe(200);
    expect((await anonymous(`/api/v1/public/certificates/${certificate.code}`, '203.0.113.7')).statusCode).toBe(200);
    expect((await anonymous(`/api/v1/public/certificates/${certificate.code}`, '198.51.100.9')).statusCode).toBe(200);
    // …an employer's HR signed in, by the code…
    const byHr = await otherHr.get(`/api/v1/public/certificates/${certificate.code}?t=${token}`);
    expect(byHr.statusCode).toBe(200);
    t.clock.advance(60_000);
    // …and a department by code, name and ID number.
    const searched = await department.post('/api/v1/public/certificates/search', { code: certificate.code, name: person.name, idNumber: person.idNumber });
    expect(searched.statusCode, searched.body).toBe(200);
    expect(searched.json().items).toHaveLength(1);
    // A search that does not find the holder is no verification of their certificate.
    expect((await department.post('/api/v1/public/certificates/search', { code: certificate.code, name: '别人', idNumber: person.idNumber })).json().items).toEqual([]);

    const mine = await holderClient.get('/api/v1/my/certificates');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items.map((item: { code: string }) => item.code)).toEqual([certificate.code]);
    expect(mine.json().items[0]).toMatchObject({ holderName: '张建国', status: 'valid', level: '特级技师', issuerName: '哈尔滨电机厂有限责任公司' });

    const response = await holderClient.get(`/api/v1/my/certificates/${certificate.id}/verifications`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.signedIn.map((entry: { organisationName: string; channel: string }) => [entry.organisationName, entry.channel])).toEqual([
      [departmentName, 'search'],
      [otherEnterpriseName, 'code'],
    ]);
    expect(body.signedIn[0].at > body.signedIn[1].at).toBe(true);
    expect(body.anonymousDays).toEqual([{ day: t.clock.today(), count: 3 }]);
    expect(body.totals).toEqual({ signedIn: 2, anonymous: 3 });
    // Which organisation, never who, nor from where.
    const text = JSON.stringify(body);
    for (const secret of [String(otherHr.me.username), String(department.me.username), '203.0.113.7', '198.51.100.9', 'Mozilla']) expect(text).not.toContain(secret);
    const stored = JSON.stringify([...(await t.handle.db.select().from(certificateVerifications)), ...(await t.handle.db.select().from(certificateLookupDays))]);
    for (const secret of ['203.0.113.7', '198.51.100.9', 'Mozilla', otherHr.me.id, department.me.id]) expect(stored).not.toContain(secret);
  });

  it('counts look-ups made at the same moment, none lost', async () => {
    const day = t.clock.today();
    const [row] = await t.handle.db.select().from(certificateLookupDays).where(eq(certificateLookupDays.certificateId, other.id));
    expect(row).toBeUndefined();
    const answers = await Promise.all(Array.from({ length: 25 }, (_, index) => anonymous(`/api/v1/public/certificates/${other.code}`, `192.0.2.${index + 1}`)));
    expect(answers.every((answer) => answer.statusCode === 200)).toBe(true);
    // Written together a moment later (or at once before the holder's page reads them).
    await flushLookupCounts(t.handle.db);
    const [counted] = await t.handle.db.select().from(certificateLookupDays).where(eq(certificateLookupDays.certificateId, other.id));
    expect(counted).toMatchObject({ day, count: 25 });
  });

  it('is the holder’s own: a colleague, HR and another employer are refused', async () => {
    expect((await colleague.get(`/api/v1/my/certificates/${certificate.id}/verifications`)).statusCode).toBe(404);
    expect((await colleague.get('/api/v1/my/certificates')).json().items).toEqual([]);
    expect((await enterprise.hr.get(`/api/v1/my/certificates/${certificate.id}/verifications`)).statusCode).toBe(403);
    expect((await otherHr.get('/api/v1/my/certificates')).statusCode).toBe(403);
    expect((await holderClient.get(`/api/v1/my/certificates/${other.id}/verifications`)).statusCode).toBe(404);
  });
  // Last: a day later every session has ended.
  it('counts another day apart', async () => {
    const before = t.clock.now();
    t.clock.advance(24 * 60 * 60 * 1000);
    try {
      expect((await anonymous(`/api/v1/public/certificates/${certificate.code}`, '203.0.113.7')).statusCode).toBe(200);
      // A day later the session has ended: the holder signs in again.
      const again = await t.login(String(holderClient.me.username), 'Password-2021-ok');
      const body = (await again.get(`/api/v1/my/certificates/${certificate.id}/verifications`)).json();
      expect(body.anonymousDays.map((entry: { count: number }) => entry.count)).toEqual([1, 3]);
      expect(body.anonymousDays[0].day > body.anonymousDays[1].day).toBe(true);
    } finally {
      t.clock.set(before);
    }
  });

});
