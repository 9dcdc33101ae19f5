// 监督管理与统计 (issue 10): the dashboard figures equal what the data says, for a province with
// several pilot enterprises built through the real acts; a department sees only its own
// enterprises; the tables export as valid xlsx with a Chinese file name; deadlines are flagged.
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { transitionApplication } from '../../src/modules/applications/service.ts';
import { appointHolder, signAppointment } from '../../src/modules/appointments/service.ts';
import { exitAppointment } from '../../src/modules/appointments/exit-appointment.ts';
import { createBan } from '../../src/modules/bans/service.ts';
import { addDays } from '../../src/domain/calendar-date.ts';
import { storeFile } from '../../src/platform/files.ts';
import { samplePdf } from '../support/files.ts';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { createNationalUpload, recordNationalResults } from '../../src/modules/certificates/national-upload.ts';
import { loadDashboard } from '../../src/modules/statistics/dashboard.ts';
import { systemContext } from '../../src/platform/context.ts';
import type { Dashboard } from '../../src/modules/statistics/schemas.ts';
import { contextFor } from '../support/actors.ts';
import { holder } from '../support/certificate-factories.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { acceptPilot, buildEvaluationBody, currentYear, ensureCalendar, login } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { completeContent, evidence, openPlan, residentId, todayInChina } from './applications-fixtures.ts';
import { onDay, testClock } from '../support/clock.ts';
import { confirmedList } from '../support/confirmed-list.ts';

let t: TestApp;
let admin: TestClient;
let ministry: TestClient;
let departmentA: TestClient;
let departmentB: TestClient;
let hrA1: TestClient;
const year = currentYear();
const ids: Record<string, string> = {};
let sequence = 0;

type Act = 'return' | 'mark-ineligible' | 'mark-eligible' | 'start-review' | 'recommend' | 'not-recommend' | 'start-notice' | 'confirm' | 'withdraw';
const PATHS: Record<string, Act[]> = {
  submitted: [],
  returned: ['return'],
  ineligible: ['mark-ineligible'],
  eligible: ['mark-eligible'],
  recommended: ['mark-eligible', 'start-review', 'recommend'],
  'not-recommended': ['mark-eligible', 'start-review', 'not-recommend'],
  'in-notice': ['mark-eligible', 'start-review', 'recommend', 'start-notice'],
  withdrawn: ['mark-eligible', 'start-review', 'recommend', 'start-notice', 'withdraw'],
  confirmed: ['mark-eligible', 'start-review', 'recommend', 'start-notice', 'confirm'],
};

interface Person {
  enterprise: string;
  status: keyof typeof PATHS | 'draft';
  gender: 'male' | 'female';
  birthDate: string;
  occupationCode: string;
}

/** The people of the fixture: what the figures must say is counted from this list. */
const people: Person[] = [
  { enterprise: 'a1', status: 'submitted', gender: 'male', birthDate: '1975-02-02', occupationCode: '6-18-01-01' },
  { enterprise: 'a1', status: 'eligible', gender: 'female', birthDate: '1990-05-01', occupationCode: '6-18-01-01' },
  { enterprise: 'a1', status: 'recommended', gender: 'male', birthDate: '1968-03-03', occupationCode: '6-18-02-04' },
  { enterprise: 'a1', status: 'confirmed', gender: 'female', birthDate: '1980-07-07', occupationCode: '6-18-01-01' },
  { enterprise: 'a1', status: 'withdrawn', gender: 'male', birthDate: '1979-01-09', occupationCode: '6-18-01-01' },
  { enterprise: 'a1', status: 'draft', gender: 'male', birthDate: '1979-01-09', occupationCode: '6-18-01-01' },
  { enterprise: 'a2', status: 'returned', gender: 'male', birthDate: '1985-11-11', occupationCode: '6-18-02-04' },
  { enterprise: 'a2', status: 'ineligible', gender: 'female', birthDate: '1972-12-12', occupationCode: '6-18-01-01' },
  { enterprise: 'a2', status: 'in-notice', gender: 'male', birthDate: '1966-06-06', occupationCode: '6-18-01-01' },
  { enterprise: 'a2', status: 'not-recommended', gender: 'male', birthDate: '1977-04-04', occupationCode: '6-18-02-04' },
  { enterprise: 'b1', status: 'submitted', gender: 'female', birthDate: '1983-08-08', occupationCode: '6-18-01-01' },
  { enterprise: 'b1', status: 'confirmed', gender: 'male', birthDate: '1970-10-10', occupationCode: '6-18-02-04' },
];

async function apply(db: Database, person: Person, planId: string) {
  sequence += 1;
  const idNumber = residentId(person.birthDate, 200 + sequence);
  const user = await buildUser(admin, ids[person.enterprise], ['employee'], { displayName: `职工${sequence}` });
  const client = await login(t, user);
  const created = await client.post('/api/v1/applications', { planId, identity: { name: `职工${sequence}`, idType: 'resident-id', idNumber } });
  if (created.statusCode !== 201) throw new Error(`apply: ${created.statusCode} ${created.body}`);
  const draft = created.json() as { id: string; revision: number };
  const content = await completeContent(client, { occupationCode: person.occupationCode });
  content.identity = { ...content.identity, name: `职工${sequence}`, gender: person.gender, birthDate: person.birthDate };
  const saved = await client.patch(`/api/v1/applications/${draft.id}`, { revision: draft.revision, content });
  if (saved.statusCode !== 200) throw new Error(`save: ${saved.statusCode} ${saved.body}`);
  if (person.status === 'draft') return;
  const submitted = await client.post(`/api/v1/applications/${draft.id}/submit`, { revision: saved.json().revision });
  if (submitted.statusCode !== 200) throw new Error(`submit: ${submitted.statusCode} ${submitted.body}`);
  await db.transaction(async (tx) => {
    for (const act of PATHS[person.status]) {
      await transitionApplication(tx, systemContext(testClock(), 'test: statistics fixture'), { applicationId: draft.id, act, auditAction: 'application.marked-eligible', comment: `测试：${act}` });
    }
  });
}

const reaching: Record<string, string[]> = {
  applications: ['submitted', 'returned', 'ineligible', 'eligible', 'recommended', 'not-recommended', 'in-notice', 'withdrawn', 'confirmed'],
  eligible: ['eligible', 'recommended', 'not-recommended', 'in-notice', 'withdrawn', 'confirmed'],
  reviewed: ['recommended', 'not-recommended', 'in-notice', 'withdrawn', 'confirmed'],
  inNotice: ['in-notice', 'withdrawn', 'confirmed'],
  confirmed: ['confirmed'],
};
const countOf = (filter: (person: Person) => boolean, stage: string) => people.filter((person) => filter(person) && reaching[stage].includes(person.status)).length;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  ministry = await login(t, await buildUser(admin, admin.me.organisation.id, ['ministry-admin']));
  await ensureCalendar(t.handle.db, year);
  const provinceA = await buildProvince(admin, { name: '甲省人力资源和社会保障厅', provinceCode: '23' });
  const provinceB = await buildProvince(admin, { name: '乙省人力资源和社会保障厅', provinceCode: '22' });
  const provinceC = await buildProvince(admin, { name: '丙省人力资源和社会保障厅', provinceCode: '21' });
  ids.provinceA = provinceA.id;
  ids.provinceB = provinceB.id;
  ids.provinceC = provinceC.id;
  ids.a1 = (await buildEnterprise(admin, provinceA.id, { name: '甲省第一机械厂' })).id;
  ids.a2 = (await buildEnterprise(admin, provinceA.id, { name: '甲省第二电机厂' })).id;
  ids.a3 = (await buildEnterprise(admin, provinceA.id, { name: '甲省第三化工厂（非试点）' })).id;
  ids.b1 = (await buildEnterprise(admin, provinceB.id, { name: '乙省汽轮机厂' })).id;
  ids.c1 = (await buildEnterprise(admin, provinceC.id, { name: '丙省锅炉厂' })).id;
  departmentA = (await acceptPilot(t, admin, provinceA.id, [ids.a1, ids.a2], year)).department;
  departmentB = (await acceptPilot(t, admin, provinceB.id, [ids.b1], year)).department;
  // 丙省 has a pilot application still in draft: a follow-up item as the deadline nears.
  const departmentC = await login(t, await buildUser(admin, provinceC.id, ['department-admin']));
  const draft = await departmentC.post('/api/v1/pilot-applications', { year, enterpriseIds: [ids.c1], contactName: '赵强', contactPhone: '024-12345678' });
  if (draft.statusCode !== 201) throw new Error(`pilot draft: ${draft.statusCode} ${draft.body}`);

  const plans: Record<string, string> = {};
  for (const key of ['a1', 'a2', 'b1']) {
    const body = await buildEvaluationBody(admin, ids[key]);
    const hr = await login(t, await buildUser(admin, ids[key], ['enterprise-admin']));
    if (key === 'a1') hrA1 = hr;
    plans[key] = await openPlan(t, hr, body.id);
  }
  for (const person of people) await apply(t.handle.db, person, plans[person.enterprise]);
  // 甲省第一机械厂 puts its recommended candidate on notice; a colleague raises two objections:
  // one dismissed, one upheld (the candidate is withdrawn).
  const started = await hrA1.post('/api/v1/notices', { planId: plans.a1, startDate: todayInChina(), contact: '人力资源部 0451-82870000' });
  if (started.statusCode !== 201) throw new Error(`notice: ${started.statusCode} ${started.body}`);
  const notice = started.json() as { id: string; candidates: { id: string }[] };
  const colleague = await login(t, await buildUser(admin, ids.a1, ['employee']));
  const file = await evidence(colleague, '证据.pdf');
  const objections: string[] = [];
  for (const content of ['业绩材料与实际不符，请核实。', '带徒人数与实际不符，请核实。']) {
    const raised = await colleague.post(`/api/v1/notices/${notice.id}/objections`, { candidateId: notice.candidates[0].id, name: '赵同事', contact: '13900000000', content, evidenceFileIds: [file.fileId] });
    if (raised.statusCode !== 201) throw new Error(`objection: ${raised.statusCode} ${raised.body}`);
    objections.push(raised.json().id);
  }
  for (const [index, outcome] of (['dismissed', 'upheld'] as const).entries()) {
    const decided = await hrA1.post(`/api/v1/notices/${notice.id}/objections/${objections[index]}/finding`, { outcome, reasons: '经调查核实。' });
    if (decided.statusCode !== 200) throw new Error(`finding: ${decided.statusCode} ${decided.body}`);
  }
  people.find((person) => person.enterprise === 'a1' && person.status === 'recommended')!.status = 'withdrawn';
  // Holders confirmed under last year's plan (its applications are not this year's figures; the
  // certificates, dated this year, are): a certificate rests on a confirmed list.
  const certifiable = async (holders: ReturnType<typeof holder>[]) => {
    const list = await confirmedList(t.handle.db, { enterpriseId: ids.a1, people: holders, year: year - 1 });
    return { planId: list.planId, holders: list.holders as never };
  };
  // 甲省第一机械厂 issues three certificates (two men and a woman born in 1975, 电工 6-31-01-03),
  // reports the first to the national system, revokes the second, appoints the first and the third,
  // and the third leaves (an exit).
  const hrContext = await contextFor(t.handle.db, hrA1.me.id, t.clock);
  const issued = await issueCertificates(t.handle.db, hrContext, { enterpriseId: ids.a1, issuedOn: todayInChina(), ...(await certifiable([holder(1), holder(2), holder(3)])) });
  const upload = await createNationalUpload(t.handle.db, hrContext, {});
  await recordNationalResults(t.handle.db, hrContext, upload.id, { items: [{ certificateId: issued.certificates[0].id, outcome: 'reported' }] });
  const revoked = await hrA1.post(`/api/v1/certificates/${issued.certificates[1].id}/revoke`, { reason: '测试：申报材料弄虚作假', basis: 'fraud' });
  if (revoked.statusCode !== 200) throw new Error(`revoke: ${revoked.statusCode} ${revoked.body}`);
  const today = todayInChina();
  for (const certificate of [issued.certificates[0], issued.certificates[2]]) {
    const drafted = await appointHolder(t.handle.db, hrContext, { certificateId: certificate.id, post: '首席焊接技能专家', duties: '技术攻关、带徒传技', treatment: '比照正高级职称人员', termStart: today, termEnd: addDays(today, 3 * 365) });
    const scan = await storeFile(t.handle.db, hrContext, { name: '聘任协议签字扫描件.pdf', bytes: samplePdf(certificate.id) });
    await signAppointment(t.handle.db, hrContext, drafted.id, { signedOn: today, signedFileId: scan.id });
    if (certificate === issued.certificates[2]) await exitAppointment(t.handle.db, hrContext, drafted.id, { category: 'left', reason: '测试：本人调离企业', endedOn: today, evidenceFileIds: [] });
  }
  // One ban recorded by 甲省第一机械厂 for the year.
  const [enterprise] = ((await t.handle.db.execute(sql`select path from organisations where id = ${ids.a1}`)) as unknown as { rows: { path: string }[] }).rows;
  await t.handle.db.transaction((tx) =>
    createBan(tx, systemContext(testClock(), 'test'), {
      subjectType: 'person',
      idType: 'resident-id',
      number: residentId('1979-01-09', 999),
      subjectName: '弄虚作假者',
      basis: '测试：申报材料弄虚作假',
      organisationId: ids.a1,
      organisationPath: enterprise.path,
      yearDisqualified: year,
    }),
  );
}, 240_000);
afterAll(() => t?.close());

describe('GET /api/v1/statistics/dashboard', () => {
  it('gives a department the figures of its own pilot enterprises, equal to the data', async () => {
    const response = await departmentA.get(`/api/v1/statistics/dashboard?year=${year}`);
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = response.json() as Dashboard;
    expect(dashboard.enterprises.map((row) => row.organisationId).sort()).toEqual([ids.a1, ids.a2].sort());
    for (const key of ['a1', 'a2']) {
      const row = dashboard.enterprises.find((candidate) => candidate.organisationId === ids[key])!;
      expect(row.pilotStatus).toBe('accepted');
      expect(row.planStatus).toBe('published');
      expect(row.planVersion).toBe(1);
      for (const stage of Object.keys(reaching)) expect(row[stage as keyof typeof row], `${key} ${stage}`).toBe(countOf((person) => person.enterprise === key, stage));
    }
    const inA = (person: Person) => person.enterprise.startsWith('a');
    for (const stage of Object.keys(reaching)) expect(dashboard.totals[stage as keyof Dashboard['totals']], stage).toBe(countOf(inA, stage));
    expect(dashboard.totals.pilotEnterprises).toBe(2);
    expect(dashboard.totals.plansPublished).toBe(2);
    expect(dashboard.totals.bans).toBe(1);
    expect(dashboard.totals).toMatchObject({ objections: 2, upheldObjections: 1 });
    expect(dashboard.enterprises.find((row) => row.organisationId === ids.a2)).toMatchObject({ objections: 0, upheldObjections: 0 });
    expect(dashboard.totals).toMatchObject({ certified: 3, reported: 1, revoked: 1, appointed: 2, exits: 1 });
    expect(dashboard.enterprises.find((row) => row.organisationId === ids.a1)).toMatchObject({ certified: 3, reported: 1, revoked: 1, appointed: 2, exits: 1 });
    expect(dashboard.occupations.find((row) => row.code === '6-31-01-03')).toMatchObject({ applications: 0, certified: 3 });
    // Units below the department: its enterprises, each with its own figures.
    expect(dashboard.units.find((unit) => unit.organisationId === ids.a1)?.applications).toBe(countOf((person) => person.enterprise === 'a1', 'applications'));
    expect(dashboard.units.some((unit) => unit.organisationId === ids.b1)).toBe(false);

    const genders = Object.fromEntries(dashboard.genders.map((row) => [row.gender, row.applications]));
    expect(genders.male).toBe(people.filter((person) => inA(person) && person.status !== 'draft' && person.gender === 'male').length);
    expect(dashboard.genders.map((row) => [row.gender, row.certified])).toEqual([
      ['male', 2],
      ['female', 1],
    ]);
    expect(dashboard.ages.find((row) => row.band === (year - 1975 < 55 ? '45-54' : '55-plus'))?.certified).toBe(3);
    expect(genders.female).toBe(people.filter((person) => inA(person) && person.status !== 'draft' && person.gender === 'female').length);
    const ageOf = (birth: string) => year - Number(birth.slice(0, 4));
    const band = (age: number) => (age < 35 ? 'under-35' : age < 45 ? '35-44' : age < 55 ? '45-54' : '55-plus');
    for (const row of dashboard.ages) {
      expect(row.applications, row.band).toBe(people.filter((person) => inA(person) && person.status !== 'draft' && band(ageOf(person.birthDate)) === row.band).length);
    }
    for (const code of ['6-18-01-01', '6-18-02-04']) {
      const row = dashboard.occupations.find((candidate) => candidate.code === code)!;
      expect(row.applications).toBe(countOf((person) => inA(person) && person.occupationCode === code, 'applications'));
      expect(row.confirmed).toBe(countOf((person) => inA(person) && person.occupationCode === code, 'confirmed'));
    }
    const production = dashboard.industries.find((row) => row.group === '6')!;
    expect(production.name['zh-CN']).toBe('生产制造及有关人员');
    expect(production.applications).toBe(countOf(inA, 'applications'));

    // Structure ratio: the plan's quota 6-18-01-01 is at most 3 and 5% of 40 高级技师 → 2.
    const quota = dashboard.quotas.find((row) => row.enterpriseId === ids.a1 && row.occupationCode === '6-18-01-01')!;
    expect(quota.seniorTechnicians).toBe(40);
    expect(quota.cap).toBe(2);
    expect(quota.principalTechnicians).toBe(1);
    expect(quota.ratio).toBe(2.5);
    expect(quota.overQuota).toBe(false);
    expect(quota.recommended).toBe(2); // the withdrawn and the confirmed one were both recommended
  });

  it('shows another province’s department none of them, and refuses to drill into them', async () => {
    const dashboard = (await departmentB.get(`/api/v1/statistics/dashboard?year=${year}`)).json() as Dashboard;
    expect(dashboard.enterprises.map((row) => row.organisationId)).toEqual([ids.b1]);
    expect(dashboard.totals.applications).toBe(countOf((person) => person.enterprise === 'b1', 'applications'));
    expect(dashboard.totals.bans).toBe(0);
    for (const foreign of [ids.a1, ids.provinceA]) {
      expect((await departmentB.get(`/api/v1/statistics/dashboard?organisationId=${foreign}`)).statusCode).toBe(404);
      expect((await departmentB.get(`/api/v1/statistics/export?table=enterprises&organisationId=${foreign}`)).statusCode).toBe(404);
    }
  });

  it('lets the ministry see every province and drill down to a province and an enterprise', async () => {
    const top = (await ministry.get(`/api/v1/statistics/dashboard?year=${year}`)).json() as Dashboard;
    const provinceRow = top.units.find((unit) => unit.organisationId === ids.provinceA)!;
    expect(provinceRow.applications).toBe(countOf((person) => person.enterprise.startsWith('a'), 'applications'));
    expect(top.units.find((unit) => unit.organisationId === ids.provinceB)!.confirmed).toBe(1);
    expect(top.totals.applications).toBe(countOf(() => true, 'applications'));
    expect(top.enterprises).toHaveLength(3);

    const province = (await ministry.get(`/api/v1/statistics/dashboard?year=${year}&organisationId=${ids.provinceA}`)).json() as Dashboard;
    const own = (await departmentA.get(`/api/v1/statistics/dashboard?year=${year}`)).json() as Dashboard;
    expect(province.totals).toEqual(own.totals);
    expect(province.trail.map((step) => step.id)).toEqual([admin.me.organisation.id, ids.provinceA]);

    const enterprise = (await ministry.get(`/api/v1/statistics/dashboard?year=${year}&organisationId=${ids.a2}`)).json() as Dashboard;
    expect(enterprise.totals.applications).toBe(countOf((person) => person.enterprise === 'a2', 'applications'));
    expect(enterprise.organisation.name).toBe('甲省第二电机厂');
  });

  it('gives an enterprise its own figures only', async () => {
    const dashboard = (await hrA1.get(`/api/v1/statistics/dashboard?year=${year}`)).json() as Dashboard;
    expect(dashboard.totals.applications).toBe(countOf((person) => person.enterprise === 'a1', 'applications'));
    expect(dashboard.enterprises.map((row) => row.organisationId)).toEqual([ids.a1]);
    expect((await hrA1.get(`/api/v1/statistics/dashboard?organisationId=${ids.a2}`)).statusCode).toBe(404);
  });

  it('flags the overdue and the at-risk for follow-up', async () => {
    const context = await contextFor(t.handle.db, ministry.me.id, t.clock);
    const early = await loadDashboard(t.handle.db, onDay(context, `${year}-03-01`), { year });
    expect(early.followUps).toEqual([]);
    // 11 days before the deadline (31 December, as the test opened the year): 丙省's draft is at risk;
    // the plans' timetable had certificates issued by 18 December: nobody has, so every pilot is overdue.
    const late = await loadDashboard(t.handle.db, onDay(context, `${year}-12-20`), { year });
    const byOrganisation = new Map(late.followUps.map((item) => [item.organisationId, item]));
    expect(byOrganisation.get(ids.provinceC)).toMatchObject({ kind: 'pilot-application-not-submitted', severity: 'at-risk', dueDate: `${year}-12-31`, daysLeft: 11 });
    for (const key of ['a2', 'b1']) expect(byOrganisation.get(ids[key]), key).toMatchObject({ kind: 'pilot-not-completed', severity: 'overdue', dueDate: `${year}-12-18` });
    // 甲省第一机械厂 has issued its certificates: nothing to follow up.
    expect(byOrganisation.has(ids.a1)).toBe(false);
    expect(late.enterprises.find((row) => row.organisationId === ids.a1)?.followUp).toBeNull();
    const after = await loadDashboard(t.handle.db, onDay(context, `${year + 1}-01-02`), { year });
    expect(after.followUps.find((item) => item.organisationId === ids.provinceC)?.severity).toBe('overdue');
  });

  it('refuses those without the statistics permission', async () => {
    const employee = await login(t, await buildUser(admin, ids.a1, ['employee']));
    expect((await employee.get('/api/v1/statistics/dashboard')).statusCode).toBe(403);
    expect((await employee.get('/api/v1/statistics/export?table=units')).statusCode).toBe(403);
  });
});

describe('GET /api/v1/statistics/export', () => {
  it('gives each table as a valid xlsx with a Chinese file name and the dashboard’s figures', async () => {
    const dashboard = (await departmentA.get(`/api/v1/statistics/dashboard?year=${year}`)).json() as Dashboard;
    for (const table of ['units', 'enterprises', 'occupations', 'industries', 'ages', 'genders', 'quotas', 'followUps'] as const) {
      const response = await departmentA.get(`/api/v1/statistics/export?year=${year}&table=${table}`);
      expect(response.statusCode, `${table}: ${response.body.slice(0, 200)}`).toBe(200);
      expect(response.headers['content-type']).toContain('spreadsheetml');
      expect(decodeURIComponent(String(response.headers['content-disposition']).split("UTF-8''")[1])).toMatch(/^特级技师评聘统计_甲省人力资源和社会保障厅_.+_\d{4}年\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      expect(sheet.rowCount, table).toBe(2 + dashboard[table].length);
    }
    const response = await departmentA.get(`/api/v1/statistics/export?year=${year}&table=enterprises`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(2).values as unknown[]).slice(1);
    const names = [3, 4].map((row) => sheet.getRow(row).getCell(1).value);
    expect(names.sort()).toEqual(['甲省第一机械厂', '甲省第二电机厂']);
    const applicationsColumn = header.indexOf('申报人数') + 1;
    const a1Row = [3, 4].find((row) => sheet.getRow(row).getCell(1).value === '甲省第一机械厂')!;
    expect(sheet.getRow(a1Row).getCell(applicationsColumn).value).toBe(countOf((person) => person.enterprise === 'a1', 'applications'));
    // No identity number anywhere in the workbook.
    const text = JSON.stringify(sheet.getSheetValues());
    expect(text).not.toMatch(/\d{17}[\dX]/);
  });
});

describe('GET /api/v1/audit as a supervision search', () => {
  it('finds a department’s records by organisation, person, action and time, and nothing of another province', async () => {
    type Entry = { organisationId: string | null; actorName: string | null; action: string; at: string };
    const search = async (client: TestClient, query: string) => {
      const response = await client.get(`/api/v1/audit?limit=500&${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { items: Entry[]; total: number };
    };
    const submitted = await search(departmentA, `organisationId=${ids.a1}&action=application.submitted`);
    expect(submitted.total).toBe(people.filter((person) => person.enterprise === 'a1' && person.status !== 'draft').length);
    expect(submitted.items.every((entry) => entry.organisationId === ids.a1)).toBe(true);

    const person = submitted.items[0].actorName!;
    const byPerson = await search(departmentA, `actor=${encodeURIComponent(person)}&action=application.`);
    expect(byPerson.total).toBeGreaterThan(0);
    expect(byPerson.items.every((entry) => entry.actorName?.includes(person) && entry.action.startsWith('application.'))).toBe(true);

    const at = new Date(submitted.items[0].at).getTime();
    const window = `from=${new Date(at - 1000).toISOString()}&to=${new Date(at + 1000).toISOString()}`;
    expect((await search(departmentA, `organisationId=${ids.a1}&action=application.submitted&${window}`)).items.map((entry) => entry.at)).toContain(submitted.items[0].at);
    expect((await search(departmentA, `action=application.submitted&from=${new Date(t.clock.now().getTime() + 86_400_000).toISOString()}`)).total).toBe(0);

    const foreign = await search(departmentB, 'action=application.submitted');
    expect(foreign.total).toBe(people.filter((entry) => entry.enterprise === 'b1' && entry.status !== 'draft').length);
    expect(foreign.items.every((entry) => entry.organisationId === ids.b1)).toBe(true);
    expect((await departmentB.get(`/api/v1/audit?organisationId=${ids.a1}`)).statusCode).toBe(404);
  });
});
