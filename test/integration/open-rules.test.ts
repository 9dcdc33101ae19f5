// Issue 21, "what the notice leaves open stays open": who may evaluate is the jurisdiction's
// setting (the filed-enterprise default, provincial plan filing, or the 2021 ministry filing), a
// timetable may cross the year end where the calendars are held, scoring weights are any positive
// numbers, and the statistics follow the model of each enterprise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plans } from '../../src/modules/plans/tables.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { buildEvaluationBody, completePlanContent, currentYear, departmentAdmin, ensureCalendar, login, setJurisdiction } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

let t: TestApp;
let admin: TestClient;
const year = currentYear();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  await ensureCalendar(t.handle.db, year);
});
afterAll(() => t?.close());

function check<T = Record<string, unknown>>(response: { statusCode: number; body: string; json(): unknown }, status: number, what: string): T {
  if (response.statusCode !== status) throw new Error(`${what}: ${response.statusCode} ${response.body}`);
  return response.json() as T;
}

/** A filed group under the province, its own evaluation body and its HR administrator. */
async function filedGroup(provinceId: string, name: string) {
  const group = await buildEnterprise(admin, provinceId, { name });
  const body = await buildEvaluationBody(admin, group.id, 'internal', `${name}考评机构`);
  const hr = await login(t, await buildUser(admin, group.id, ['enterprise-admin']));
  return { group, body, hr };
}

async function publishedPlan(hr: TestClient, bodyId: string, planYear = year, overrides: Record<string, unknown> = {}) {
  const plan = check<{ id: string }>(await hr.post('/api/v1/plans', { year: planYear, content: completePlanContent(planYear, bodyId, overrides) }), 201, 'plan');
  check(await hr.post(`/api/v1/plans/${plan.id}/publish`, {}), 200, 'publish');
  return plan.id;
}

describe('the default model: a filed enterprise evaluates, no filing with the ministry', () => {
  it('drafts, publishes and commissions its review without any pilot application; its plan says which model applies and that nothing is missing', async () => {
    const province = await buildProvince(admin, { name: '四川省人力资源和社会保障厅', provinceCode: '51' });
    const { group, body, hr } = await filedGroup(province.id, '东方电气集团');
    const options = check<{ pilotYears: number[]; years: { year: number; model: string; modelSource: string }[] }>(await hr.get('/api/v1/plans/options'), 200, 'options');
    expect(options.pilotYears).toEqual(expect.arrayContaining([year - 1, year, year + 1]));
    expect(options.years.find((item) => item.year === year)).toMatchObject({ model: 'filed-enterprise', modelSource: 'default' });

    const planId = await publishedPlan(hr, body.id);
    const plan = check<{ standing: Record<string, unknown> }>(await hr.get(`/api/v1/plans/${planId}`), 200, 'plan');
    expect(plan.standing).toMatchObject({
      model: 'filed-enterprise',
      modelName: { 'zh-CN': '已备案职业技能等级认定企业自主开展（无需另行报备）' },
      modelSource: 'default',
      province: { id: province.id },
      requirements: [{ code: 'enterprise-filed', gate: 'plan', met: true }],
      mayDraftPlan: true,
      mayStartReview: true,
    });
    check(await hr.post('/api/v1/review/commissions', { planId }), 201, 'commission');
    expect((await admin.get(`/api/v1/pilot-enterprises?year=${year}`)).json().items.map((item: { enterpriseId: string }) => item.enterpriseId)).not.toContain(group.id);

    // The dashboard counts it as taking part, with no pilot application due.
    const dashboard = check<{ model: string; deadline: string | null; totals: { pilotEnterprises: number; plansPublished: number }; enterprises: Record<string, unknown>[]; followUps: unknown[] }>(
      await admin.get(`/api/v1/statistics/dashboard?year=${year}&organisationId=${province.id}`),
      200,
      'dashboard',
    );
    expect(dashboard).toMatchObject({ model: 'filed-enterprise', deadline: null, totals: { pilotEnterprises: 1, plansPublished: 1 } });
    expect(dashboard.enterprises).toEqual([expect.objectContaining({ organisationId: group.id, model: 'filed-enterprise', pilotStatus: 'not-required', planStatus: 'published', pilotEnterprises: 1 })]);
  });

  it('a subsidiary of a filed group may evaluate too; an enterprise filed nowhere may not, and is told why', async () => {
    const province = await buildProvince(admin, { name: '贵州省人力资源和社会保障厅', provinceCode: '52' });
    const { group } = await filedGroup(province.id, '贵州航天集团');
    const notFiled = { filed: false, level: null, authority: null, number: null };
    const subsidiary = await buildEnterprise(admin, group.id, { name: '贵州航天电器', filing: notFiled, institution: null });
    const subsidiaryHr = await login(t, await buildUser(admin, subsidiary.id, ['enterprise-admin']));
    check(await subsidiaryHr.post('/api/v1/plans', { year }), 201, 'subsidiary plan');

    const loner = await buildEnterprise(admin, province.id, { name: '某未备案企业丙', filing: notFiled, institution: null });
    const lonerHr = await login(t, await buildUser(admin, loner.id, ['enterprise-admin']));
    const before = (await t.handle.db.select().from(plans)).length;
    const refused = await lonerHr.post('/api/v1/plans', { year });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'PLAN_ENTERPRISE_NOT_FILED' });
    expect(refused.json().messages['zh-CN']).toContain('第二部分第（一）项');
    expect((await t.handle.db.select().from(plans)).length).toBe(before);
    const options = (await lonerHr.get('/api/v1/plans/options')).json();
    expect(options.pilotYears).toEqual([]);
    expect(options.years[0].requirements).toEqual([expect.objectContaining({ code: 'enterprise-filed', met: false })]);
  });
});

describe('provincial plan filing: the review waits for the province to accept the plan', () => {
  it('returned, revised, filed again, accepted: only then is the review commissioned; every answer audited, the dashboard follows it', async () => {
    const province = await buildProvince(admin, { name: '江苏省人力资源和社会保障厅', provinceCode: '32' });
    const department = await departmentAdmin(t, admin, province.id);
    await setJurisdiction(department, { year, model: 'provincial-plan-filing', deadline: `${year}-12-10`, note: '企业方案报省厅备案后组织评审' });
    const { group, body, hr } = await filedGroup(province.id, '徐工集团');
    const planId = await publishedPlan(hr, body.id);

    const plan = check<{ standing: { model: string; modelSource: string; modelSetBy: string; requirements: unknown[]; mayStartReview: boolean } }>(await hr.get(`/api/v1/plans/${planId}`), 200, 'plan');
    expect(plan.standing).toMatchObject({ model: 'provincial-plan-filing', modelSource: 'provincial', modelSetBy: '江苏省人力资源和社会保障厅', mayStartReview: false });
    expect(plan.standing.requirements).toEqual([
      expect.objectContaining({ code: 'enterprise-filed', met: true }),
      expect.objectContaining({ code: 'plan-filing-accepted', gate: 'review', met: false }),
    ]);
    const early = await hr.post('/api/v1/review/commissions', { planId });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'PLAN_FILING_NOT_ACCEPTED', year, version: 1 });

    // Filed with the province, which returns it with a reason.
    expect(check<{ filing: Record<string, unknown> }>(await hr.post(`/api/v1/plans/${planId}/file`, {}), 200, 'file').filing).toMatchObject({ departmentId: province.id, status: 'submitted' });
    // Only the department it was filed with answers.
    expect((await hr.post(`/api/v1/plans/${planId}/filing/accept`, {})).statusCode).toBe(403);
    const other = await departmentAdmin(t, admin, (await buildProvince(admin, { name: '浙江省人力资源和社会保障厅', provinceCode: '33' })).id);
    expect((await other.post(`/api/v1/plans/${planId}/filing/accept`, {})).statusCode).toBe(404);
    const returned = check<{ filing: Record<string, unknown>; filingActs: string[] }>(await department.post(`/api/v1/plans/${planId}/filing/return`, { reason: '请补充评审委员会组成办法' }), 200, 'return');
    expect(returned.filing).toMatchObject({ status: 'returned', decisionNote: '请补充评审委员会组成办法' });
    expect(returned.filingActs).toEqual([]);
    expect((await department.post(`/api/v1/plans/${planId}/filing/accept`, {})).json().code).toBe('INVALID_TRANSITION');
    expect((await hr.post('/api/v1/review/commissions', { planId })).json().code).toBe('PLAN_FILING_NOT_ACCEPTED');
    const followUps = (await department.get(`/api/v1/statistics/dashboard?year=${year}`)).json();
    expect(followUps.enterprises).toEqual([expect.objectContaining({ organisationId: group.id, model: 'provincial-plan-filing', planFilingStatus: 'returned', pilotStatus: 'not-required' })]);
    // (The system's own follow-ups, such as next year's holiday calendar, are not the enterprise's.)
    const ofGroup = (items: { organisationId: string | null }[]) => items.filter((item) => item.organisationId === group.id);
    expect(ofGroup(followUps.followUps)).toEqual([expect.objectContaining({ kind: 'plan-filing-not-accepted', severity: 'at-risk', organisationId: group.id, dueDate: `${year}-12-10` })]);

    // Revised, filed again (version 2), accepted.
    check(await hr.patch(`/api/v1/plans/${planId}`, { content: { otherProvisions: '评审委员会由本企业考评机构从专家库中随机抽取组成。' } }), 200, 'revise');
    check(await hr.post(`/api/v1/plans/${planId}/publish`, { changeNote: '按省厅意见补充' }), 200, 'publish v2');
    check(await hr.post(`/api/v1/plans/${planId}/file`, {}), 200, 'file v2');
    const accepted = check<{ filing: Record<string, unknown>; standing: { mayStartReview: boolean } }>(await department.post(`/api/v1/plans/${planId}/filing/accept`, { note: '同意备案' }), 200, 'accept');
    expect(accepted.filing).toMatchObject({ status: 'accepted', filedVersion: 2, decisionNote: '同意备案' });
    expect(accepted.standing.mayStartReview).toBe(true);
    check(await hr.post('/api/v1/review/commissions', { planId }), 201, 'commission');
    const actions = (await admin.get(`/api/v1/audit?targetId=${planId}&limit=100`)).json().items.map((entry: { action: string }) => entry.action);
    expect(actions.filter((action: string) => action === 'plan.filing-returned')).toHaveLength(1);
    expect(actions.filter((action: string) => action === 'plan.filing-accepted')).toHaveLength(1);
    // The enterprise was told each answer.
    const notified = (await hr.get('/api/v1/notifications')).json().items.map((item: { kind: string }) => item.kind);
    expect(notified).toEqual(expect.arrayContaining(['plan.filing-returned', 'plan.filing-accepted']));
    // Accepted: what is followed up next is the plan's own issuance date, not the year's end.
    expect(ofGroup((await department.get(`/api/v1/statistics/dashboard?year=${year}`)).json().followUps)).toEqual([
      expect.objectContaining({ kind: 'issuance-not-done', severity: 'at-risk', organisationId: group.id, dueDate: `${year}-12-18` }),
    ]);
  });
});

describe('timetables may cross the year end', () => {
  it('a plan of this year whose notice ends in January validates once next year’s calendar is held; until then CALENDAR_MISSING says who loads it', async () => {
    const province = await buildProvince(admin, { name: '山西省人力资源和社会保障厅', provinceCode: '14' });
    const { body, hr } = await filedGroup(province.id, '太原重工');
    const content = completePlanContent(year, body.id, {
      eligibility: { cutoffDate: `${year + 1}-01-31`, minYearsInPost: 5, minYearsPolicyDocument: null, additionalConditions: null },
      timetable: {
        applicationFrom: `${year}-11-02`,
        applicationTo: `${year}-11-13`,
        reviewFrom: `${year}-11-16`,
        reviewTo: `${year}-12-18`,
        publicityFrom: `${year}-12-28`,
        publicityTo: `${year + 1}-01-08`,
        issuanceDate: `${year + 1}-01-15`,
      },
    });
    const plan = check<{ id: string }>(await hr.post('/api/v1/plans', { year, content }), 201, 'plan');
    const missing = check<{ valid: boolean; errors: { path: string; code: string; messages: { 'zh-CN': string } }[] }>(await hr.post(`/api/v1/plans/${plan.id}/validate`, {}), 200, 'validate');
    expect(missing.errors.map((error) => `${error.path}:${error.code}`)).toEqual(['timetable.publicityTo:CALENDAR_MISSING', 'timetable.issuanceDate:CALENDAR_MISSING']);
    expect(missing.errors[0].messages['zh-CN']).toContain('系统管理员或人社部管理员');
    expect((await hr.post(`/api/v1/plans/${plan.id}/publish`, {})).json().code).toBe('PLAN_INVALID');

    await ensureCalendar(t.handle.db, year + 1);
    expect(check(await hr.post(`/api/v1/plans/${plan.id}/validate`, {}), 200, 'validate')).toEqual({ valid: true, errors: [] });
    expect(check<{ status: string }>(await hr.post(`/api/v1/plans/${plan.id}/publish`, {}), 200, 'publish').status).toBe('published');
  });
});

describe('scoring weights are any positive numbers', () => {
  it('decimals that do not add up to 100 publish; the page suggests 100; zero is refused', async () => {
    const province = await buildProvince(admin, { name: '陕西省人力资源和社会保障厅', provinceCode: '61' });
    const { body, hr } = await filedGroup(province.id, '陕西鼓风机集团');
    const dimensions = [
      { code: 'performance', name: '业绩贡献', weight: 2.5 },
      { code: 'innovation', name: '技术创新', weight: 1.5 },
      { code: 'defence', name: '现场答辩', weight: 1 },
    ];
    const planId = await publishedPlan(hr, body.id, year, { evaluation: { method: '材料评审与答辩', dimensions, aggregation: 'mean' } });
    expect((await hr.get(`/api/v1/plans/${planId}/versions/1`)).json().content.evaluation.dimensions).toEqual(dimensions);
    const bad = await hr.post(`/api/v1/plans/${planId}/validate`, { content: { evaluation: { dimensions: [{ code: 'performance', name: '业绩贡献', weight: 0 }] } } });
    expect(bad.json().errors.map((error: { path: string; code: string }) => `${error.path}:${error.code}`)).toEqual(['evaluation.dimensions.0.weight:WEIGHT_INVALID']);
  });
});

describe('the 2021 model still works where a year is set to it', () => {
  it('a department files its list with the ministry by the deadline; only listed enterprises draft plans; the dashboard shows the pilot and what is overdue', async () => {
    const pilotYear = year + 1;
    await ensureCalendar(t.handle.db, pilotYear);
    await setJurisdiction(admin, { year: pilotYear, model: 'ministry-pilot-filing', deadline: `${pilotYear}-09-30`, note: '参照2021年试点' });
    const province = await buildProvince(admin, { name: '辽宁省人力资源和社会保障厅', provinceCode: '21' });
    const department = await departmentAdmin(t, admin, province.id);
    const listed = await filedGroup(province.id, '沈阳机床集团');
    const unlisted = await filedGroup(province.id, '大连重工集团');

    // Before the list is accepted, even a filed enterprise may not draft a plan of that year.
    expect((await listed.hr.post('/api/v1/plans', { year: pilotYear })).json().code).toBe('PLAN_NOT_PILOT');
    const application = check<{ id: string; deadline: Record<string, unknown> }>(
      await department.post('/api/v1/pilot-applications', { year: pilotYear, enterpriseIds: [listed.group.id], contactName: '赵', contactPhone: '024-1' }),
      201,
      'pilot application',
    );
    expect(application.deadline).toMatchObject({ model: 'ministry-pilot-filing', deadline: `${pilotYear}-09-30`, open: true });
    let dashboard = (await admin.get(`/api/v1/statistics/dashboard?year=${pilotYear}`)).json();
    expect(dashboard).toMatchObject({ model: 'ministry-pilot-filing', deadline: `${pilotYear}-09-30` });
    check(await department.post(`/api/v1/pilot-applications/${application.id}/submit`), 200, 'submit');
    check(await admin.post(`/api/v1/pilot-applications/${application.id}/accept`, { note: '同意' }), 200, 'accept');

    const planId = check<{ id: string; standing: Record<string, unknown> }>(await listed.hr.post('/api/v1/plans', { year: pilotYear, content: completePlanContent(pilotYear, listed.body.id) }), 201, 'plan');
    expect(planId.standing).toMatchObject({ model: 'ministry-pilot-filing', requirements: [{ code: 'ministry-pilot-accepted', met: true }] });
    expect((await unlisted.hr.post('/api/v1/plans', { year: pilotYear })).json().code).toBe('PLAN_NOT_PILOT');

    dashboard = (await admin.get(`/api/v1/statistics/dashboard?year=${pilotYear}&organisationId=${province.id}`)).json();
    expect(dashboard.totals.pilotEnterprises).toBe(1);
    expect(dashboard.enterprises).toEqual([expect.objectContaining({ organisationId: listed.group.id, model: 'ministry-pilot-filing', pilotStatus: 'accepted', planStatus: 'draft' })]);
    // Past the year's end with no plan published, as in 2021: overdue.
    t.clock.set(`${pilotYear + 1}-01-05`);
    try {
      dashboard = (await (await t.admin()).get(`/api/v1/statistics/dashboard?year=${pilotYear}&organisationId=${province.id}`)).json();
      expect(dashboard.followUps.filter((item: { organisationId: string | null }) => item.organisationId === listed.group.id)).toEqual([
        expect.objectContaining({ kind: 'plan-not-published', severity: 'overdue', dueDate: `${pilotYear}-12-31` }),
      ]);
    } finally {
      t.clock.set('2026-12-04T10:00:00+08:00');
    }
  });
});
