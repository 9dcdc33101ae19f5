import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plans, planVersions } from '../../src/modules/plans/tables.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { buildEvaluationBody, completePlanContent, currentYear, ensureCalendar, login, openPilotYear, pilotGroup } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

let t: TestApp;
let admin: TestClient;
let province: { id: string };
let setup: Awaited<ReturnType<typeof pilotGroup>>;
const year = currentYear();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  province = await buildProvince(admin, { name: '黑龙江省人力资源和社会保障厅', provinceCode: '23' });
  await ensureCalendar(t.handle.db, year);
  setup = await pilotGroup(t, admin, province.id, year);
});
afterAll(() => t?.close());

async function storedCounts() {
  return { plans: (await t.handle.db.select().from(plans)).length, versions: (await t.handle.db.select().from(planVersions)).length };
}

async function newPlan(client: TestClient, body: Record<string, unknown>) {
  const response = await client.post('/api/v1/plans', body);
  if (response.statusCode !== 201) throw new Error(`plan: ${response.statusCode} ${response.body}`);
  return response.json() as { id: string; revision: number; [key: string]: unknown };
}

describe('POST /api/v1/plans', () => {
  it('a pilot enterprise drafts a plan with the notice’s defaults', async () => {
    const options = (await setup.hr.get('/api/v1/plans/options')).json();
    expect(options.pilotYears).toContain(year);
    expect(options.evaluationBodies.find((body: { id: string }) => body.id === setup.body.id)).toMatchObject({ bodyType: 'internal', belongsToEnterprise: true });
    const plan = await newPlan(setup.hr, { year, kind: 're-review' });
    expect(plan).toMatchObject({ status: 'draft', kind: 're-review', currentVersion: 0, allowedActs: ['edit', 'publish'] });
    const content = plan.content as { eligibility: { minYearsInPost: number }; committee: { quorum: unknown; voteThreshold: unknown }; publicity: { workingDays: number } };
    expect(content.eligibility.minYearsInPost).toBe(5);
    expect(content.committee.quorum).toEqual({ numerator: 2, denominator: 3 });
    expect(content.committee.voteThreshold).toEqual({ numerator: 2, denominator: 3 });
    expect(content.publicity.workingDays).toBe(5);
    const again = await setup.hr.post('/api/v1/plans', { year, kind: 're-review' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PLAN_EXISTS');
  });

  it('where the year runs the 2021 model, refuses an enterprise that is not a pilot of that year', async () => {
    const outsider = await buildEnterprise(admin, province.id, { name: '齐齐哈尔某企业' });
    const hr = await login(t, await buildUser(admin, outsider.id, ['enterprise-admin']));
    const before = await storedCounts();
    const response = await hr.post('/api/v1/plans', { year });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('PLAN_NOT_PILOT');
    expect(response.json().messages['zh-CN']).toContain(`${year}`);
    // Nor in another year of that model in which the group is not a pilot.
    await openPilotYear(admin, year - 1);
    expect((await setup.hr.post('/api/v1/plans', { year: year - 1 })).json().code).toBe('PLAN_NOT_PILOT');
    const options = (await setup.hr.get('/api/v1/plans/options')).json();
    expect(options.years.find((item: { year: number }) => item.year === year - 1)).toMatchObject({
      model: 'ministry-pilot-filing',
      mayDraftPlan: false,
      requirements: [{ code: 'ministry-pilot-accepted', met: false }],
    });
    expect(options.pilotYears).not.toContain(year - 1);
    expect(await storedCounts()).toEqual(before);
  });

  it('a subsidiary of an accepted group is a pilot enterprise too', async () => {
    const hr = await login(t, await buildUser(admin, setup.subsidiary.id, ['enterprise-admin']));
    const plan = await newPlan(hr, { year });
    expect(plan.enterpriseId).toBe(setup.subsidiary.id);
  });

  it('employees and departments cannot draft plans', async () => {
    const employee = await login(t, await buildUser(admin, setup.group.id, ['employee']));
    expect((await employee.post('/api/v1/plans', { year })).statusCode).toBe(403);
    expect((await setup.pilot.department.post('/api/v1/plans', { year, enterpriseId: setup.group.id })).statusCode).toBe(403);
  });
});

describe('validation', () => {
  it('refuses an inconsistent plan with every reason, field by field, in Chinese and English, and stores nothing', async () => {
    const plan = await newPlan(setup.hr, { year: year, kind: 'evaluation', enterpriseId: setup.group.id });
    const bad = completePlanContent(year, setup.body.id, {
      occupations: ['6-18-01-01', '9-99-99-99'],
      eligibility: { cutoffDate: `${year}-10-31`, minYearsInPost: 4, minYearsPolicyDocument: null, additionalConditions: null },
      evaluation: {
        method: '材料评审与答辩',
        dimensions: [
          { code: 'performance', name: '业绩贡献', weight: 50 },
          { code: 'innovation', name: '技术创新', weight: 30 },
          { code: 'mentoring', name: '传技带徒', weight: 0 },
        ],
        aggregation: 'mean',
      },
      committee: { size: 6, quorum: { numerator: 0, denominator: 3 }, voteThreshold: { numerator: 4, denominator: 3 }, secretBallot: true },
      quotas: [{ occupationCode: '6-18-01-01', maxCount: 2, ratioPercent: null, seniorTechnicianCount: null }],
      timetable: {
        applicationFrom: `${year}-11-02`,
        applicationTo: `${year}-11-20`,
        reviewFrom: `${year}-11-10`,
        reviewTo: `${year}-11-27`,
        publicityFrom: `${year}-12-01`,
        publicityTo: `${year}-12-03`,
        issuanceDate: `${year + 1}-01-10`,
      },
      publicity: { workingDays: 3, scope: '本企业内部' },
    });
    const before = await storedCounts();
    const stored = (await setup.hr.get(`/api/v1/plans/${plan.id}`)).json();

    const validation = await setup.hr.post(`/api/v1/plans/${plan.id}/validate`, { content: bad });
    expect(validation.statusCode).toBe(200);
    const result = validation.json();
    expect(result.valid).toBe(false);
    const byPath = Object.fromEntries(result.errors.map((error: { path: string; code: string }) => [error.path, error.code]));
    expect(byPath).toMatchObject({
      'occupations.1': 'OCCUPATION_UNKNOWN',
      'eligibility.minYearsPolicyDocument': 'MIN_YEARS_POLICY_REQUIRED',
      'evaluation.dimensions.2.weight': 'WEIGHT_INVALID',
      'committee.size': 'COMMITTEE_EVEN',
      'committee.quorum': 'FRACTION_OUT_OF_RANGE',
      'committee.voteThreshold': 'FRACTION_OUT_OF_RANGE',
      'timetable.reviewFrom': 'TIMETABLE_ORDER',
      // The next year's calendar is not held: the only bound of a date.
      'timetable.issuanceDate': 'CALENDAR_MISSING',
      'publicity.workingDays': 'PUBLICITY_TOO_SHORT',
    });
    for (const error of result.errors) {
      expect(error.messages['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(error.messages.en).toMatch(/[a-z]/);
    }
    expect(result.errors.find((error: { path: string }) => error.path === 'timetable.issuanceDate').messages['zh-CN']).toContain(`${year + 1}年尚无节假日安排`);

    // Validating stored nothing.
    expect(await storedCounts()).toEqual(before);
    expect((await setup.hr.get(`/api/v1/plans/${plan.id}`)).json().revision).toBe(stored.revision);

    // Saving a draft is allowed; publishing it is refused with the same reasons, and nothing is published.
    expect((await setup.hr.patch(`/api/v1/plans/${plan.id}`, { content: bad })).statusCode).toBe(200);
    const publish = await setup.hr.post(`/api/v1/plans/${plan.id}/publish`, {});
    expect(publish.statusCode).toBe(422);
    expect(publish.json().code).toBe('PLAN_INVALID');
    expect(publish.json().errors.length).toBe(result.errors.length);
    expect((await storedCounts()).versions).toBe(before.versions);
    expect((await setup.hr.get(`/api/v1/plans/${plan.id}`)).json().status).toBe('draft');
  });

  it('the publicity window must hold the plan’s working days; a committee below 5, an evaluation body of the wrong kind, a missing quota', async () => {
    const industry = await buildEvaluationBody(admin, province.id, 'industry', '黑龙江省机械工业行业协会');
    const plan = (await setup.hr.get(`/api/v1/plans?year=${year}&enterpriseId=${setup.group.id}`)).json().items.find((item: { kind: string }) => item.kind === 'evaluation');
    const content = completePlanContent(year, industry.id, {
      organisation: { form: 'own-body', evaluationBodyId: industry.id },
      committee: { size: 3, quorum: { numerator: 2, denominator: 3 }, voteThreshold: { numerator: 2, denominator: 3 }, secretBallot: true },
      quotas: [{ occupationCode: '6-18-01-01', maxCount: null, ratioPercent: 5, seniorTechnicianCount: null }],
      timetable: { ...completePlanContent(year, industry.id).timetable, publicityFrom: `${year}-12-04`, publicityTo: `${year}-12-07` },
    });
    const result = (await setup.hr.post(`/api/v1/plans/${plan.id}/validate`, { content })).json();
    const byPath = Object.fromEntries(result.errors.map((error: { path: string; code: string }) => [error.path, error.code]));
    expect(byPath).toMatchObject({
      'organisation.evaluationBodyId': 'EVALUATION_BODY_NOT_OWN',
      'committee.size': 'COMMITTEE_TOO_SMALL',
      'timetable.publicityTo': 'PUBLICITY_WINDOW_TOO_SHORT',
    });
    // A share without a typed number is taken of the register; an occupation without a quota is not
    // refused (六(二) asks for a reasonable ratio, not a number for every occupation).
    expect(byPath['quotas.0.seniorTechnicianCount']).toBeUndefined();
    expect(byPath.quotas).toBeUndefined();
    // Commissioning the industry organisation is fine.
    const commissioned = (await setup.hr.post(`/api/v1/plans/${plan.id}/validate`, { content: completePlanContent(year, industry.id, { organisation: { form: 'commissioned-industry', evaluationBodyId: industry.id } }) })).json();
    expect(commissioned).toEqual({ valid: true, errors: [] });
  });

  it('another minimum of years in post needs the policy document it relies on', async () => {
    const plan = (await setup.hr.get(`/api/v1/plans?year=${year}&enterpriseId=${setup.group.id}`)).json().items.find((item: { kind: string }) => item.kind === 'evaluation');
    const content = completePlanContent(year, setup.body.id, {
      eligibility: { cutoffDate: `${year}-10-31`, minYearsInPost: 4, minYearsPolicyDocument: '《黑龙江省特级技师评聘工作实施办法》', minYearsPolicyNumber: '黑人社规〔2022〕5号', additionalConditions: null },
    });
    expect((await setup.hr.post(`/api/v1/plans/${plan.id}/validate`, { content })).json()).toEqual({ valid: true, errors: [] });
    // One year and the document "无" is no citation.
    const none = completePlanContent(year, setup.body.id, { eligibility: { cutoffDate: `${year}-10-31`, minYearsInPost: 1, minYearsPolicyDocument: '无', additionalConditions: null } });
    const refused = (await setup.hr.post(`/api/v1/plans/${plan.id}/validate`, { content: none })).json();
    expect(refused.valid).toBe(false);
    expect(refused.errors.map((error: { code: string }) => error.code)).toEqual(['MIN_YEARS_POLICY_REQUIRED']);
  });
});

describe('publishing, versions, filing', () => {
  it('publishes to every employee of the group and its subsidiaries; a revision makes a new immutable version with a diff; the department sees it once filed', async () => {
    const plan = (await setup.hr.get(`/api/v1/plans?year=${year}&enterpriseId=${setup.group.id}`)).json().items.find((item: { kind: string }) => item.kind === 'evaluation');
    const saved = await setup.hr.patch(`/api/v1/plans/${plan.id}`, { content: completePlanContent(year, setup.body.id) });
    expect(saved.statusCode).toBe(200);
    const published = await setup.hr.post(`/api/v1/plans/${plan.id}/publish`, { revision: saved.json().revision });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', currentVersion: 1, hasUnpublishedChanges: false, allowedActs: ['edit', 'file', 'close'] });

    // Publishing the same content again is refused.
    expect((await setup.hr.post(`/api/v1/plans/${plan.id}/publish`, {})).json().code).toBe('PLAN_UNCHANGED');

    // Employees of the group and of its subsidiary read it; an employee elsewhere does not.
    const groupEmployee = await login(t, await buildUser(admin, setup.group.id, ['employee']));
    const subsidiaryEmployee = await login(t, await buildUser(admin, setup.subsidiary.id, ['employee']));
    for (const employee of [groupEmployee, subsidiaryEmployee]) {
      const list = (await employee.get('/api/v1/published-plans')).json().items;
      expect(list.map((item: { id: string }) => item.id)).toContain(plan.id);
      const view = (await employee.get(`/api/v1/published-plans/${plan.id}`)).json();
      expect(view).toMatchObject({ version: 1, latestVersion: 1, names: { occupations: { '6-18-01-01': '车工', '6-18-02-04': '焊工' } } });
      expect(view.sections.map((section: { heading: string }) => section.heading)).toContain('三、申报条件');
      expect(JSON.stringify(view.sections)).toContain('车工（6-18-01-01）');
      expect(JSON.stringify(view.sections)).toContain('三分之二');
      const pdf = await employee.get(`/api/v1/published-plans/${plan.id}/versions/1/pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      // Employees never see the working copy or the management routes.
      expect((await employee.get(`/api/v1/plans/${plan.id}`)).statusCode).toBe(403);
    }
    const elsewhere = await buildEnterprise(admin, province.id, { name: '大庆某企业' });
    const stranger = await login(t, await buildUser(admin, elsewhere.id, ['employee']));
    expect((await stranger.get(`/api/v1/published-plans/${plan.id}`)).statusCode).toBe(404);
    expect((await stranger.get('/api/v1/published-plans')).json().items).toEqual([]);

    // The supervising department sees the published plan (not the working copy), and its filing state.
    const department = setup.pilot.department;
    const beforeFiling = (await department.get(`/api/v1/plans/${plan.id}`)).json();
    expect(beforeFiling).toMatchObject({ status: 'published', filing: null, content: null, allowedActs: [] });
    const filed = await setup.hr.post(`/api/v1/plans/${plan.id}/file`, {});
    expect(filed.json().filing).toMatchObject({ departmentId: province.id, departmentName: '黑龙江省人力资源和社会保障厅', filedVersion: 1, status: 'submitted' });
    expect((await department.get(`/api/v1/plans/${plan.id}`)).json().filingActs).toEqual(['accept-filing', 'return-filing']);
    expect((await setup.hr.post(`/api/v1/plans/${plan.id}/file`, {})).json().code).toBe('PLAN_ALREADY_FILED');
    const filedList = (await department.get(`/api/v1/plans?filed=true&year=${year}`)).json().items;
    expect(filedList.map((item: { id: string }) => item.id)).toContain(plan.id);
    expect((await department.get(`/api/v1/plans/${plan.id}/versions/1/pdf`)).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/plans/${plan.id}`)).statusCode).toBe(200);

    // A revision: the working copy changes without touching version 1 until published.
    const revisedContent = completePlanContent(year, setup.body.id, {
      occupations: ['6-18-01-01', '6-18-02-04', '6-31-01-03'],
      quotas: [
        { occupationCode: '6-18-01-01', maxCount: 3, ratioPercent: 5, seniorTechnicianCount: 40 },
        { occupationCode: '6-18-02-04', maxCount: 2, ratioPercent: null, seniorTechnicianCount: null },
        { occupationCode: '6-31-01-03', maxCount: 1, ratioPercent: null, seniorTechnicianCount: null },
      ],
      publicity: { workingDays: 7, scope: '本企业内部' },
      timetable: { ...completePlanContent(year, setup.body.id).timetable, publicityTo: `${year}-12-11` },
    });
    await setup.hr.patch(`/api/v1/plans/${plan.id}`, { content: revisedContent });
    expect((await groupEmployee.get(`/api/v1/published-plans/${plan.id}`)).json().content.occupations).toHaveLength(2);
    const revised = await setup.hr.post(`/api/v1/plans/${plan.id}/publish`, { changeNote: '增加电工，公示期延长至7个工作日' });
    expect(revised.statusCode, revised.body).toBe(200);
    expect(revised.json()).toMatchObject({ status: 'published', currentVersion: 2, allowedActs: ['edit', 'file', 'close'] });
    expect(revised.json().versions.map((version: { version: number; changeNote: string | null }) => [version.version, version.changeNote])).toEqual([
      [1, null],
      [2, '增加电工，公示期延长至7个工作日'],
    ]);
    const versionOne = (await groupEmployee.get(`/api/v1/published-plans/${plan.id}/versions/1`)).json();
    expect(versionOne.content.occupations).toEqual(['6-18-01-01', '6-18-02-04']);
    const latest = (await groupEmployee.get(`/api/v1/published-plans/${plan.id}`)).json();
    expect(latest.version).toBe(2);

    const diff = (await groupEmployee.get(`/api/v1/published-plans/${plan.id}/diff?from=1&to=2`)).json();
    const changed = Object.fromEntries(diff.changes.map((change: { path: string; before: string | null; after: string | null }) => [change.path, [change.before, change.after]]));
    expect(changed).toEqual({
      'occupations.6-31-01-03': [null, '6-31-01-03 电工'],
      'quotas.6-31-01-03': [null, '不超过1人'],
      'timetable.publicityTo': [`${year}-12-10`, `${year}-12-11`],
      'publicity.workingDays': ['5', '7'],
    });
    expect(diff.changes[0].label['zh-CN']).toContain('实施范围');

    // The department's filing is of version 1; the enterprise may file version 2.
    expect((await setup.hr.get(`/api/v1/plans/${plan.id}`)).json().filing.filedVersion).toBe(1);

    // The audit log has one entry per change.
    const actions = (await admin.get(`/api/v1/audit?targetId=${plan.id}&limit=100`)).json().items.map((entry: { action: string }) => entry.action);
    expect(actions.filter((action: string) => action === 'plan.published')).toHaveLength(1);
    expect(actions.filter((action: string) => action === 'plan.revised')).toHaveLength(1);
    expect(actions.filter((action: string) => action === 'plan.filed')).toHaveLength(1);

    // Closing ends it: no more changes.
    const closed = await setup.hr.post(`/api/v1/plans/${plan.id}/close`, { reason: '本年度评聘工作已完成' });
    expect(closed.json()).toMatchObject({ status: 'closed', allowedActs: [] });
    expect((await setup.hr.patch(`/api/v1/plans/${plan.id}`, { content: { title: '改' } })).json().code).toBe('PLAN_CLOSED');
    expect((await setup.hr.post(`/api/v1/plans/${plan.id}/publish`, {})).json().code).toBe('INVALID_TRANSITION');
    // Employees still read what was published.
    expect((await groupEmployee.get(`/api/v1/published-plans/${plan.id}`)).statusCode).toBe(200);
  });

  it('a draft stays with the enterprise: departments, the ministry and employees do not see it', async () => {
    const hr = await login(t, await buildUser(admin, setup.subsidiary.id, ['enterprise-admin']));
    const draft = (await hr.get(`/api/v1/plans?year=${year}`)).json().items.find((item: { status: string }) => item.status === 'draft');
    expect(draft).toBeTruthy();
    expect((await setup.pilot.department.get(`/api/v1/plans/${draft.id}`)).statusCode).toBe(404);
    expect((await setup.pilot.department.get('/api/v1/plans')).json().items.map((item: { id: string }) => item.id)).not.toContain(draft.id);
    const ministry = await login(t, await buildUser(admin, admin.me.organisation.id, ['ministry-admin']));
    expect((await ministry.get(`/api/v1/plans/${draft.id}`)).statusCode).toBe(404);
    const employee = await login(t, await buildUser(admin, setup.subsidiary.id, ['employee']));
    expect((await employee.get(`/api/v1/published-plans/${draft.id}`)).statusCode).toBe(404);
    // The group's enterprise administrator manages below: the subsidiary's plan is in scope.
    expect((await setup.hr.get(`/api/v1/plans/${draft.id}`)).statusCode).toBe(200);
  });

  it('two editors at once: a save over a newer revision is refused', async () => {
    const hr = await login(t, await buildUser(admin, setup.subsidiary.id, ['enterprise-admin']));
    const draft = (await hr.get(`/api/v1/plans?year=${year}`)).json().items.find((item: { status: string }) => item.status === 'draft');
    const current = (await hr.get(`/api/v1/plans/${draft.id}`)).json();
    expect((await hr.patch(`/api/v1/plans/${draft.id}`, { revision: current.revision, content: { title: '第一位编辑' } })).statusCode).toBe(200);
    const stale = await hr.patch(`/api/v1/plans/${draft.id}`, { revision: current.revision, content: { title: '第二位编辑' } });
    expect(stale.statusCode).toBe(409);
    expect((await hr.get(`/api/v1/plans/${draft.id}`)).json().content.title).toBe('第一位编辑');
  });

  it('a plan that departs from the notice under a provincial document is flagged to the supervising department', async () => {
    const hr = await login(t, await buildUser(admin, setup.subsidiary.id, ['enterprise-admin']));
    const draft = (await hr.get(`/api/v1/plans?year=${year}`)).json().items.find((item: { status: string }) => item.status === 'draft');
    const current = (await hr.get(`/api/v1/plans/${draft.id}`)).json();
    const content = completePlanContent(year, setup.body.id, {
      eligibility: { cutoffDate: `${year}-10-31`, minYearsInPost: 4, minYearsPolicyDocument: '《黑龙江省特级技师评聘工作实施办法》', minYearsPolicyNumber: '黑人社规〔2022〕5号', additionalConditions: null },
    });
    const saved = await hr.patch(`/api/v1/plans/${draft.id}`, { revision: current.revision, content });
    expect(saved.statusCode, saved.body).toBe(200);
    const published = await hr.post(`/api/v1/plans/${draft.id}/publish`, {});
    expect(published.statusCode, published.body).toBe(200);
    const dashboard = (await setup.pilot.department.get(`/api/v1/statistics/dashboard?year=${year}`)).json();
    const flagged = dashboard.deviations.find((row: { planId: string }) => row.planId === draft.id);
    expect(flagged).toMatchObject({ enterpriseId: setup.subsidiary.id, deviations: [{ code: 'MIN_YEARS_IN_POST', value: 4, noticeValue: 5, documentNumber: '黑人社规〔2022〕5号' }] });
    expect(flagged.deviations[0].message['zh-CN']).toContain('通知规定5年');
  });
});
