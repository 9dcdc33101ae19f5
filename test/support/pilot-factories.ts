// Builders for the pilot filing and work plan tests: an open pilot year, an accepted pilot, a
// complete plan. Years are the current one (China's calendar) so that deadlines lie ahead.
import { loadCalendars, saveCalendar } from '../../src/platform/calendar-store.ts';
import { systemContext } from '../../src/platform/context.ts';
import type { Database } from '../../src/db/client.ts';
import { testClock } from './clock.ts';
import { buildEnterprise, buildUser } from './factories.ts';
import type { TestApp, TestClient } from './test-app.ts';

/** The year of the test's day (TEST_NOW), not of the machine's clock. */
export function currentYear(): number {
  return Number(testClock().today().slice(0, 4));
}

/**
 * The year runs the 2021 model nationally (a department files its pilot application with the
 * ministry), with the deadline on 31 December so that submitting is open today. A year nobody set
 * runs the filed-enterprise model, where no pilot application is filed.
 */
export async function openPilotYear(ministry: TestClient, year = currentYear()) {
  const response = await ministry.post('/api/v1/jurisdiction-settings', { year, model: 'ministry-pilot-filing', deadline: `${year}-12-31`, note: '测试：2021年试点模式，延长申报期' });
  if (response.statusCode !== 200) throw new Error(`jurisdiction setting: ${response.statusCode} ${response.body}`);
}

/** Sets a jurisdiction's setting for a year (the ministry's national one, or a province's own). */
export async function setJurisdiction(client: TestClient, body: Record<string, unknown>) {
  const response = await client.post('/api/v1/jurisdiction-settings', body);
  if (response.statusCode !== 200) throw new Error(`jurisdiction setting: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** A working-day calendar for the year when none is held (chinese-days ends at its last published year). */
export async function ensureCalendar(db: Database, year: number) {
  const held = await loadCalendars(db);
  if (held.some((calendar) => calendar.year === year)) return;
  await saveCalendar(db, systemContext(testClock(), 'test'), { year, holidays: [`${year}-01-01`], workdays: [], source: 'test' });
}

export async function login(t: TestApp, user: { username: string; password: string }) {
  return t.login(user.username, user.password);
}

/** A department administrator's client for a department. */
export async function departmentAdmin(t: TestApp, admin: TestClient, departmentId: string) {
  return login(t, await buildUser(admin, departmentId, ['department-admin']));
}

/** Files and accepts a pilot for the enterprises (the department's admin submits, the ministry accepts). */
export async function acceptPilot(t: TestApp, admin: TestClient, departmentId: string, enterpriseIds: string[], year = currentYear()) {
  await openPilotYear(admin, year);
  const department = await departmentAdmin(t, admin, departmentId);
  const created = await department.post('/api/v1/pilot-applications', {
    year,
    enterpriseIds,
    contactName: '李明',
    contactPhone: '0451-82345678',
  });
  if (created.statusCode !== 201) throw new Error(`pilot application: ${created.statusCode} ${created.body}`);
  const id = created.json().id as string;
  const submitted = await department.post(`/api/v1/pilot-applications/${id}/submit`);
  if (submitted.statusCode !== 200) throw new Error(`submit: ${submitted.statusCode} ${submitted.body}`);
  const accepted = await admin.post(`/api/v1/pilot-applications/${id}/accept`, { note: '同意备案' });
  if (accepted.statusCode !== 200) throw new Error(`accept: ${accepted.statusCode} ${accepted.body}`);
  return { id, department };
}

export async function buildEvaluationBody(client: TestClient, parentId: string, bodyType: 'internal' | 'industry' = 'internal', name = '集团职业技能等级认定考评机构') {
  const response = await client.post('/api/v1/organisations', { parentId, kind: 'evaluation-body', name, bodyType });
  if (response.statusCode !== 201) throw new Error(`body: ${response.statusCode} ${response.body}`);
  return response.json() as { id: string };
}

/** A complete, consistent plan for the year. */
export function completePlanContent(year: number, evaluationBodyId: string, overrides: Record<string, unknown> = {}) {
  return {
    title: `${year}年特级技师评聘工作方案`,
    preamble: '为加强高技能人才队伍建设，畅通技能人才职业发展通道，制定本方案。',
    occupations: ['6-18-01-01', '6-18-02-04'],
    eligibility: { cutoffDate: `${year}-10-31`, minYearsInPost: 5, minYearsPolicyDocument: null, additionalConditions: null },
    evaluation: {
      method: '材料评审、现场答辩与综合评议相结合',
      dimensions: [
        { code: 'performance', name: '业绩贡献', weight: 40 },
        { code: 'innovation', name: '技术创新', weight: 20 },
        { code: 'mentoring', name: '传技带徒', weight: 20 },
        { code: 'defence', name: '答辩/现场考核', weight: 20 },
      ],
      aggregation: 'trimmed-mean',
    },
    organisation: { form: 'own-body', evaluationBodyId },
    committee: { size: 7, quorum: { numerator: 2, denominator: 3 }, voteThreshold: { numerator: 2, denominator: 3 }, secretBallot: true },
    quotas: [
      { occupationCode: '6-18-01-01', maxCount: 3, ratioPercent: 5, seniorTechnicianCount: 40 },
      { occupationCode: '6-18-02-04', maxCount: 2, ratioPercent: null, seniorTechnicianCount: null },
    ],
    timetable: {
      applicationFrom: `${year}-11-02`,
      applicationTo: `${year}-11-13`,
      reviewFrom: `${year}-11-16`,
      reviewTo: `${year}-11-27`,
      publicityFrom: `${year}-12-01`,
      publicityTo: `${year}-12-10`,
      issuanceDate: `${year}-12-18`,
    },
    publicity: { workingDays: 5, scope: '本企业内部' },
    contact: { name: '王工', phone: '0451-86543210' },
    otherProvisions: null,
    ...overrides,
  };
}

/** A province, a group under it (filed), a subsidiary, the group's own evaluation body, and an accepted pilot for the group. */
export async function pilotGroup(t: TestApp, admin: TestClient, provinceId: string, year = currentYear()) {
  const group = await buildEnterprise(admin, provinceId, { name: `哈尔滨电气集团${Math.floor(Math.random() * 1e6)}` });
  const subsidiary = await buildEnterprise(admin, group.id, { name: `哈尔滨汽轮机厂${Math.floor(Math.random() * 1e6)}` });
  const body = await buildEvaluationBody(admin, group.id);
  await ensureCalendar(t.handle.db, year);
  const pilot = await acceptPilot(t, admin, provinceId, [group.id], year);
  const hr = await login(t, await buildUser(admin, group.id, ['enterprise-admin']));
  return { group, subsidiary, body, pilot, hr };
}
