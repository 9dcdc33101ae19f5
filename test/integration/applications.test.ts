import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications, applicationVersions } from '../../src/modules/applications/tables.ts';
import { auditLog } from '../../src/db/schema.ts';
import { listEligibleApplications } from '../../src/modules/applications/service.ts';
import { createBan, findActiveBan } from '../../src/modules/bans/service.ts';
import { contextFor } from '../support/actors.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { upload } from '../support/files.ts';
import { currentYear, login, pilotGroup } from '../support/pilot-factories.ts';
import { createTestApp, TestClient, type TestApp } from '../support/test-app.ts';
import { testEngine } from '../support/test-db.ts';
import { completeContent, confirmingReview, evidence, goodRow, importRegister, openPlan, registerWorkbook, SCREENING_CONDITIONS, setWindow, todayInChina } from './applications-fixtures.ts';
import { addDays } from '../../src/domain/calendar-date.ts';

let t: TestApp;
let admin: TestClient;
let setup: Awaited<ReturnType<typeof pilotGroup>>;
let planId: string;
let province: { id: string };
const year = currentYear();
const employees: Record<string, { id: string; client?: TestClient }> = {};

const rows = {
  good1: goodRow(1),
  good2: goodRow(2),
  good3: goodRow(3),
  recent: goodRow(4, { postSince: `${year - 2}-10-31` }),
  otherOccupation: goodRow(5, { occupationCode: '6-18-01-03' }),
  banned: goodRow(6),
  noAccount: goodRow(7),
  race: goodRow(8),
  // An older 职业资格 number (13 digits): kept, for HR to check against the certificate.
  olderNumber: goodRow(9, { certificateNumber: '2301001123456' }),
};

async function registerRow(name: string) {
  const list = (await setup.hr.get(`/api/v1/register?q=${encodeURIComponent(name)}`)).json();
  return list.items[0] as { id: string; user: unknown };
}

async function accountFor(key: keyof typeof rows) {
  const row = await registerRow(rows[key].name!);
  const username = `emp-${key}-${Math.floor(Math.random() * 1e6)}`;
  const response = await setup.hr.post(`/api/v1/register/${row.id}/user`, { username });
  if (response.statusCode !== 201) throw new Error(`account: ${response.body}`);
  employees[key] = { id: row.id, client: await TestClient.firstLogIn(t.app, username, response.json().initialPassword, 'Password-2021-ok') };
  return employees[key].client!;
}

async function startApplication(client: TestClient) {
  const response = await client.post('/api/v1/applications', { planId });
  if (response.statusCode !== 201) throw new Error(`apply: ${response.statusCode} ${response.body}`);
  return response.json() as { id: string; revision: number; content: Record<string, unknown>; status: string };
}

async function fillAndSubmit(client: TestClient, id: string, overrides: Record<string, unknown> = {}) {
  const current = (await client.get(`/api/v1/applications/${id}`)).json();
  const saved = await client.patch(`/api/v1/applications/${id}`, { revision: current.revision, content: await completeContent(client, overrides) });
  if (saved.statusCode !== 200) throw new Error(`save: ${saved.statusCode} ${saved.body}`);
  return client.post(`/api/v1/applications/${id}/submit`, { revision: saved.json().revision });
}

async function reviewAll(id: string) {
  let last;
  for (const condition of SCREENING_CONDITIONS) {
    last = await setup.hr.post(`/api/v1/applications/${id}/conditions/${condition}/review`, confirmingReview(condition));
    expect(last.statusCode, last.body).toBe(200);
  }
  return last!.json();
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  province = await buildProvince(admin, { provinceCode: '23' });
  setup = await pilotGroup(t, admin, province.id, year);
  planId = await openPlan(t, setup.hr, setup.body.id);
  const job = await importRegister(setup.hr, await registerWorkbook(Object.values(rows)));
  expect(job.result).toMatchObject({ outcome: 'imported' });
  for (const key of ['good1', 'good2', 'good3', 'recent', 'banned', 'race'] as const) await accountFor(key);
}, 180_000);
afterAll(() => t?.close());

describe('the applicant', () => {
  it('starts a draft filled from the register, saves it, and submits a complete application: the rules run per condition', async () => {
    const client = employees.good1.client!;
    const plans = (await client.get('/api/v1/my/plans')).json();
    expect(plans.items.find((item: { plan: { id: string } }) => item.plan.id === planId)).toMatchObject({ plan: { open: true }, application: null });
    const draft = await startApplication(client);
    expect(draft.status).toBe('draft');
    expect(draft.content).toMatchObject({ occupationCode: '6-18-01-01', post: { since: '2010-10-31' }, qualification: { certificateNumber: 'Y000023000001101000123', kind: 'skill-level' } });

    // Submitting an incomplete draft names every missing item and stores nothing.
    const incomplete = await client.post(`/api/v1/applications/${draft.id}/submit`, { revision: draft.revision });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().code).toBe('APPLICATION_INCOMPLETE');
    const paths = incomplete.json().errors.map((error: { path: string }) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['qualification.evidence', 'achievements', 'health.fit', 'integrity.pledge', 'identity.phone']));
    expect((await client.get(`/api/v1/applications/${draft.id}`)).json().status).toBe('draft');

    const submitted = await fillAndSubmit(client, draft.id);
    expect(submitted.statusCode, submitted.body).toBe(200);
    const body = submitted.json();
    // Every condition the rules decide is met; front-line work waits for HR (三's lead-in).
    expect(body).toMatchObject({ status: 'submitted', currentVersion: 1, automaticEligible: false, priority: false, eligibility: { outcome: 'to-check' } });
    expect(body.eligibility.conditions.map((condition: { id: string; state: string }) => `${condition.id}:${condition.state}`)).toEqual([
      'qualification:met',
      'yearsInPost:met',
      'occupation:met',
      'frontLine:to-check',
      'conduct:met',
      'performance:met',
      'health:met',
      'notBanned:met',
    ]);
    // The applicant sees status and timeline, not HR's working view of the conditions.
    expect(body.conditions).toBeNull();
    expect(body.events.map((event: { act: string }) => event.act)).toEqual(['created', 'submitted']);
    const version = (await client.get(`/api/v1/applications/${draft.id}/versions/1`)).json();
    expect(version.content.honours[0].id).toBe('national-technical-expert');
    // Submitted: frozen for the applicant.
    expect((await client.patch(`/api/v1/applications/${draft.id}`, { revision: body.revision, content: await completeContent(client) })).json().code).toBe('APPLICATION_NOT_EDITABLE');
  });

  it('may hold one application per plan; a second is refused, by user and by ID number', async () => {
    const client = employees.good1.client!;
    const again = await client.post('/api/v1/applications', { planId });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('APPLICATION_EXISTS');
    const onBehalf = await setup.hr.post('/api/v1/applications', { planId, employeeId: employees.good1.id });
    expect(onBehalf.json().code).toBe('APPLICATION_EXISTS');
  });

  it('refuses concurrent duplicates with the unique index: exactly one application is made', async () => {
    const client = employees.race.client!;
    const responses = await Promise.all(Array.from({ length: 5 }, () => client.post('/api/v1/applications', { planId })));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses, `${testEngine()}: ${responses.map((response) => response.body.slice(0, 80)).join(' | ')}`).toEqual([201, 409, 409, 409, 409]);
    expect(responses.filter((response) => response.statusCode === 409).every((response) => response.json().code === 'APPLICATION_EXISTS')).toBe(true);
    const [{ count }] = await t.handle.db.select({ count: sql<number>`count(*)::int` }).from(applications).where(and(eq(applications.planId, planId), eq(applications.name, rows.race.name!)));
    expect(count).toBe(1);

    // Two submissions of the same draft at once: one version is frozen, the other is refused.
    const id = responses.find((response) => response.statusCode === 201)!.json().id as string;
    const current = (await client.get(`/api/v1/applications/${id}`)).json();
    const saved = (await client.patch(`/api/v1/applications/${id}`, { revision: current.revision, content: await completeContent(client) })).json();
    const submits = await Promise.all([0, 1].map(() => client.post(`/api/v1/applications/${id}/submit`, { revision: saved.revision })));
    expect(submits.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    expect((await t.handle.db.select().from(applicationVersions).where(eq(applicationVersions.applicationId, id))).length).toBe(1);
  });

  it('cannot submit outside the plan’s window', async () => {
    const client = employees.good3.client!;
    const draft = await startApplication(client);
    await setWindow(t, planId, addDays(todayInChina(), 5), addDays(todayInChina(), 30));
    try {
      const response = await fillAndSubmit(client, draft.id);
      expect(response.statusCode).toBe(422);
      expect(response.json().code).toBe('APPLICATION_WINDOW_CLOSED');
    } finally {
      await setWindow(t, planId, addDays(todayInChina(), -1), addDays(todayInChina(), 30));
    }
    expect((await fillAndSubmit(client, draft.id)).statusCode).toBe(200);
  });

  it('backs statements with PDF, JPG or PNG only, and only with files the applicant may use', async () => {
    const client = employees.good2.client!;
    const refused = await upload(client, { name: '证书.exe', bytes: Buffer.from('MZ\x90\x00 not a document') });
    expect(refused.statusCode).toBe(415);
    expect(refused.json().code).toBe('FILE_TYPE_NOT_ALLOWED');
    const draft = await startApplication(client);
    const foreign = await evidence(employees.good3.client!, '他人材料.pdf');
    const content = await completeContent(client, { health: { fit: true, evidence: [foreign] } });
    const saved = await client.patch(`/api/v1/applications/${draft.id}`, { revision: draft.revision, content });
    expect(saved.statusCode).toBe(400);
    expect(saved.json().errors[0].code).toBe('EVIDENCE_NOT_FOUND');
  });
});

describe('screening by HR', () => {
  let id: string;

  beforeAll(async () => {
    const mine = (await employees.good1.client!.get('/api/v1/my/applications')).json().items;
    id = mine[0].id;
  });

  it('lists submitted applications with filters, and shows each condition with the rules core’s reason', async () => {
    const list = (await setup.hr.get(`/api/v1/applications?planId=${planId}&status=submitted`)).json().items;
    expect(list.map((item: { id: string }) => item.id)).toContain(id);
    expect((await setup.hr.get(`/api/v1/applications?planId=${planId}&occupationCode=6-18-02-04`)).json().items).toEqual([]);
    const detail = (await setup.hr.get(`/api/v1/applications/${id}`)).json();
    expect(detail.conditions).toHaveLength(8);
    expect(detail.conditions[1].automaticReason['zh-CN']).toContain('满5年');
    expect(detail.conditions[3]).toMatchObject({ id: 'frontLine', automaticState: 'to-check', state: 'to-check' });
    expect(detail.conditions[3].automaticReason['zh-CN']).toContain('总装车间');
    expect(detail.allowedActs).toEqual(expect.arrayContaining(['review', 'return', 'reject', 'mark-eligible']));
    expect(detail.idNumberMasked).toContain('*');
  });

  it('refuses to mark eligible before every condition is reviewed; an override needs a reason and is recorded with it', async () => {
    const early = await setup.hr.post(`/api/v1/applications/${id}/mark-eligible`, {});
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('SCREENING_INCOMPLETE');
    const noReason = await setup.hr.post(`/api/v1/applications/${id}/conditions/health/review`, { decision: 'override' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('reason');
    await reviewAll(id);
    const overridden = (await setup.hr.post(`/api/v1/applications/${id}/conditions/health/review`, { decision: 'override', reason: '体检报告显示不能胜任' })).json();
    const health = overridden.conditions.find((condition: { id: string }) => condition.id === 'health');
    expect(health).toMatchObject({ automaticMet: true, met: false, review: { decision: 'overridden', reason: '体检报告显示不能胜任' } });
    const notMet = await setup.hr.post(`/api/v1/applications/${id}/mark-eligible`, {});
    expect(notMet.json().code).toBe('SCREENING_CONDITIONS_NOT_MET');
    expect(notMet.json().messages['zh-CN']).toContain('适应工作岗位需要的身体条件');
  });

  it('never overrides a fact: years in post and a 技师 (level 2) certificate cannot be marked met with a reason', async () => {
    for (const condition of ['yearsInPost', 'qualification', 'occupation', 'notBanned']) {
      const overridden = await setup.hr.post(`/api/v1/applications/${id}/conditions/${condition}/review`, { decision: 'override', reason: '经研究同意' });
      expect(overridden.statusCode, condition).toBe(422);
      expect(overridden.json().code).toBe('FACT_NOT_OVERRIDABLE');
      expect(overridden.json().messages['zh-CN']).toContain('以证明材料更正事实');
      const decided = await setup.hr.post(`/api/v1/applications/${id}/conditions/${condition}/review`, { decision: 'decide', met: false, reason: '经研究' });
      expect(decided.json().code).toBe('FACT_NOT_OVERRIDABLE');
    }
    // Front-line work cannot be merely "confirmed": there is no result of the rules to confirm.
    expect((await setup.hr.post(`/api/v1/applications/${id}/conditions/frontLine/review`, { decision: 'confirm' })).json().code).toBe('CONDITION_TO_BE_DECIDED');
  });

  it('returns it for correction; the applicant is notified, corrects and resubmits a new version; HR marks it eligible', async () => {
    const returned = await setup.hr.post(`/api/v1/applications/${id}/return`, { comment: '请补充近三年的体检报告' });
    expect(returned.statusCode).toBe(200);
    expect(returned.json().status).toBe('returned');
    const client = employees.good1.client!;
    const notifications = (await client.get('/api/v1/notifications')).json();
    expect(notifications.unreadCount).toBeGreaterThan(0);
    const notice = notifications.items.find((item: { kind: string }) => item.kind === 'application.return');
    expect(notice.body['zh-CN']).toContain('请补充近三年的体检报告');
    expect((await client.post(`/api/v1/notifications/${notice.id}/read`)).json().unreadCount).toBe(notifications.unreadCount - 1);

    const view = (await client.get(`/api/v1/applications/${id}`)).json();
    expect(view.status).toBe('returned');
    expect(view.returnComment).toBe('请补充近三年的体检报告');
    expect(view.allowedActs).toEqual(['edit', 'submit']);
    const resubmitted = await fillAndSubmit(client, id);
    expect(resubmitted.json()).toMatchObject({ status: 'submitted', currentVersion: 2 });

    // Version 2 is reviewed afresh.
    expect((await setup.hr.post(`/api/v1/applications/${id}/mark-eligible`, {})).json().code).toBe('SCREENING_INCOMPLETE');
    await reviewAll(id);
    const eligible = await setup.hr.post(`/api/v1/applications/${id}/mark-eligible`, { comment: '材料齐全，符合条件' });
    expect(eligible.statusCode).toBe(200);
    expect(eligible.json().status).toBe('eligible');
    const events = (await client.get(`/api/v1/applications/${id}`)).json().events as { act: string; comment: string | null; commentEn: string | null }[];
    const timeline = events.map((event) => event.act);
    expect(timeline[0]).toBe('created');
    // What the system writes comes in both languages; what HR typed is kept as typed, once.
    expect(events.find((event) => event.act === 'submitted' && event.comment)).toMatchObject({ comment: '按退回意见修改后重新提交', commentEn: 'Resubmitted after the corrections asked for' });
    expect(events.find((event) => event.act === 'condition-reviewed')?.commentEn).toMatch(/: (confirmed|found|changed to) (met|not met)/);
    expect(events.find((event) => event.act === 'mark-eligible')).toMatchObject({ comment: '材料齐全，符合条件', commentEn: null });
    expect(timeline).toEqual(expect.arrayContaining(['submitted', 'condition-reviewed', 'return', 'mark-eligible']));
    expect(timeline.at(-1)).toBe('mark-eligible');
    expect((await client.get('/api/v1/notifications?unread=true')).json().items[0].kind).toBe('application.mark-eligible');
    const readAll = await client.post('/api/v1/notifications/read-all', { before: t.clock.now().toISOString() });
    expect(readAll.json().unreadCount).toBe(0);
  });

  it('finds an application ineligible with a reason the applicant reads', async () => {
    const client = employees.good2.client!;
    const [mine] = (await client.get('/api/v1/my/applications')).json().items;
    const submitted = await fillAndSubmit(client, mine.id);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect((await setup.hr.post(`/api/v1/applications/${mine.id}/reject`, { reason: '' })).statusCode).toBe(400);
    const rejected = await setup.hr.post(`/api/v1/applications/${mine.id}/reject`, { reason: '业绩材料不能证明绝技绝活' });
    expect(rejected.json().status).toBe('ineligible');
    const view = (await client.get(`/api/v1/applications/${mine.id}`)).json();
    expect(view).toMatchObject({ status: 'ineligible', decisionReason: '业绩材料不能证明绝技绝活', allowedActs: [] });
    // No act leads out of ineligible.
    expect((await setup.hr.post(`/api/v1/applications/${mine.id}/return`, { comment: '再看看' })).statusCode).toBe(409);
  });

  it('is HR’s of the plan’s enterprise only: employees, other enterprises and departments cannot screen', async () => {
    expect((await employees.good2.client!.post(`/api/v1/applications/${id}/return`, { comment: '越权退回' })).statusCode).toBe(403);
    const outsider = await buildEnterprise(admin, province.id, { name: '同省其他企业' });
    const outsiderHr = await login(t, await buildUser(admin, outsider.id, ['enterprise-admin']));
    expect((await outsiderHr.get(`/api/v1/applications/${id}`)).statusCode).toBe(404);
    expect((await outsiderHr.post(`/api/v1/applications/${id}/reject`, { reason: '越权' })).statusCode).toBe(404);
    // The supervising department reads, but does not screen.
    expect((await setup.pilot.department.get(`/api/v1/applications/${id}`)).statusCode).toBe(200);
    expect((await setup.pilot.department.post(`/api/v1/applications/${id}/reject`, { reason: '越权' })).statusCode).toBe(403);
  });
});

describe('bans (section 六(四))', () => {
  const BAN_FROM = `${currentYear()}-09-01`;
  it('an active ban recorded by another enterprise of the same province refuses submission, by ID number', async () => {
    const elsewhere = await buildEnterprise(admin, province.id, { name: '发现弄虚作假的企业' });
    const elsewhereHr = await buildUser(admin, elsewhere.id, ['enterprise-admin']);
    const context = await contextFor(t.handle.db, elsewhereHr.id, t.clock);
    // A draft started before the ban was recorded (fraud found elsewhere meanwhile).
    const client = employees.banned.client!;
    const draft = await startApplication(client);
    await t.handle.db.transaction((tx) =>
      createBan(tx, context, {
        subjectType: 'person',
        idType: 'resident-id',
        number: rows.banned.idNumber!,
        subjectName: rows.banned.name!,
        basis: '2024年申报材料弄虚作假，经核实取消资格',
        // From before the plan's cut-off (31 October), so that screening finds it running then.
        fromDate: BAN_FROM,
        organisationId: elsewhere.id,
        organisationPath: context.actor.organisationPath,
      }),
    );
    const ban = await findActiveBan(t.handle.db, 'resident-id', rows.banned.idNumber!.toLowerCase(), todayInChina());
    expect(ban?.untilDate).toBe(addDays(`${Number(BAN_FROM.slice(0, 4)) + 5}${BAN_FROM.slice(4)}`, -1));

    const response = await fillAndSubmit(client, draft.id);
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('APPLICANT_BANNED');
    expect(response.json().messages['zh-CN']).toContain('弄虚作假');
    expect((await client.get(`/api/v1/applications/${draft.id}`)).json().status).toBe('draft');
    // A new draft is refused at once, naming the ban's basis and end (六(四)).
    const again = await client.post('/api/v1/applications', { planId });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'APPLICANT_BANNED', name: rows.banned.name, basis: '2024年申报材料弄虚作假，经核实取消资格', until: ban!.untilDate });

    // Listed for the recording enterprise and the department above it, not for another enterprise.
    const elsewhereClient = await t.login(elsewhereHr.username, elsewhereHr.password);
    expect((await elsewhereClient.get('/api/v1/bans')).json().items.map((item: { subjectName: string }) => item.subjectName)).toContain(rows.banned.name);
    const departmentList = (await setup.pilot.department.get('/api/v1/bans?active=true')).json().items;
    expect(departmentList[0]).toMatchObject({ subjectName: rows.banned.name, active: true, subjectType: 'person' });
    expect(departmentList[0].subjectNumberMasked).toContain('*');
    expect((await setup.hr.get('/api/v1/bans')).json().items).toEqual([]);
    expect((await employees.good1.client!.get('/api/v1/bans')).statusCode).toBe(403);
  });
});

describe('the plan as a whole', () => {
  it('screens the register against the plan: what the register decides, what the applicant supplies, and the reasons for everyone else', async () => {
    const response = await setup.hr.get(`/api/v1/application-plans/${planId}/candidates?limit=100`);
    expect(response.statusCode).toBe(200);
    const { items, counts } = response.json();
    const byName = Object.fromEntries(items.map((item: { name: string }) => [item.name, item]));
    expect(byName[rows.noAccount.name!]).toMatchObject({ outcome: 'meets', hasAccount: false, invited: false });
    const pending = byName[rows.noAccount.name!].conditions.filter((condition: { state: string }) => condition.state === 'pending').map((condition: { id: string }) => condition.id);
    expect(pending).toEqual(['frontLine', 'conduct', 'performance', 'health']);
    expect(byName[rows.noAccount.name!].conditions.find((condition: { id: string }) => condition.id === 'conduct').reason['zh-CN']).toContain('待申报人提供');
    expect(byName[rows.recent.name!].outcome).toBe('not-met');
    expect(byName[rows.recent.name!].conditions.find((condition: { id: string }) => condition.id === 'yearsInPost')).toMatchObject({ state: 'not-met' });
    expect(byName[rows.otherOccupation.name!].conditions.find((condition: { id: string }) => condition.id === 'occupation').state).toBe('not-met');
    expect(byName[rows.banned.name!].conditions.find((condition: { id: string }) => condition.id === 'notBanned').state).toBe('not-met');
    expect(byName[rows.good1.name!].applicationStatus).toBe('eligible');
    expect(byName[rows.olderNumber.name!]).toMatchObject({ outcome: 'meets' });
    expect(byName[rows.olderNumber.name!].conditions[0]).toMatchObject({ id: 'qualification', state: 'to-check' });
    expect(byName[rows.olderNumber.name!].conditions[0].reason['zh-CN']).toContain('2301001123456');
    expect(counts.all).toBe(items.length);
    const onlyMeets = (await setup.hr.get(`/api/v1/application-plans/${planId}/candidates?outcome=meets`)).json();
    expect(onlyMeets.items.every((item: { outcome: string }) => item.outcome === 'meets')).toBe(true);
  });

  it('invites those who meet the register’s conditions: a notification and an invitation on their page', async () => {
    const recent = employees.recent;
    const result = (await setup.hr.post(`/api/v1/application-plans/${planId}/invitations`, { employeeIds: [recent.id, (await registerRow(rows.noAccount.name!)).id] })).json();
    expect(result).toEqual({ invited: 2, alreadyInvited: 0, withoutAccount: 1 });
    const again = (await setup.hr.post(`/api/v1/application-plans/${planId}/invitations`, { employeeIds: [recent.id] })).json();
    expect(again).toEqual({ invited: 0, alreadyInvited: 1, withoutAccount: 0 });
    const plans = (await recent.client!.get('/api/v1/my/plans')).json().items;
    expect(plans.find((item: { plan: { id: string } }) => item.plan.id === planId).invited).toBe(true);
    expect((await recent.client!.get('/api/v1/notifications')).json().items[0].kind).toBe('application.invited');
  });

  it('HR applies on behalf of a register employee without an account', async () => {
    const row = await registerRow(rows.noAccount.name!);
    const created = await setup.hr.post('/api/v1/applications', { planId, employeeId: row.id });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().events[0]).toMatchObject({ comment: '人力资源部门代为填报', commentEn: 'Filled in by the HR department for the applicant' });
    const submitted = await fillAndSubmit(setup.hr, created.json().id);
    expect(submitted.statusCode, submitted.body).toBe(200);
  });

  it('shows the quota of each occupation against the eligible applicants', async () => {
    const overview = (await setup.hr.get(`/api/v1/application-plans/${planId}`)).json();
    const quota = overview.quotas.find((entry: { occupationCode: string }) => entry.occupationCode === '6-18-01-01');
    expect(quota).toMatchObject({ cap: 2, eligible: 1 });
    expect(quota.pending).toBeGreaterThanOrEqual(1);
    expect(overview.counts.eligible).toBe(1);
  });

  it('exports the screened list, and hands it over only once everything is screened', async () => {
    const exported = await setup.hr.get(`/api/v1/application-plans/${planId}/export`);
    expect(exported.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('资格审核名单')!;
    const names = sheet.getColumn(2).values.filter(Boolean);
    expect(names).toEqual(expect.arrayContaining([rows.good1.name, rows.good2.name]));
    expect(sheet.getColumn(4).values).toContain(rows.good1.idNumber);

    const pending = await setup.hr.post(`/api/v1/application-plans/${planId}/handover`, {});
    expect(pending.statusCode).toBe(409);
    expect(pending.json().code).toBe('HANDOVER_PENDING');
    for (const item of (await setup.hr.get(`/api/v1/applications?planId=${planId}&status=submitted`)).json().items) {
      await setup.hr.post(`/api/v1/applications/${item.id}/reject`, { reason: '名额所限，材料不足' });
    }
    const handed = await setup.hr.post(`/api/v1/application-plans/${planId}/handover`, { note: '移交集团考评机构' });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json().handovers[0]).toMatchObject({ count: 1, note: '移交集团考评机构', evaluationBodyId: setup.body.id });

    const eligible = await listEligibleApplications(t.handle.db, planId);
    expect(eligible.map((entry) => entry.name)).toEqual([rows.good1.name]);
    expect(eligible[0]).toMatchObject({ version: 2, priority: true });
    expect(eligible[0].conditions.every((condition) => condition.met && condition.review)).toBe(true);
  });
});

describe('facts are corrected with evidence, never overridden (六(四), 三)', () => {
  it('HR corrects a wrong post start with evidence: the rules run again, the correction is kept with before and after, and audited', async () => {
    const client = employees.recent.client!;
    const draft = await startApplication(client);
    const submitted = (await fillAndSubmit(client, draft.id, { post: { since: `${year - 2}-10-31`, history: [], evidence: [] } })).json();
    expect(submitted.eligibility.conditions.find((condition: { id: string }) => condition.id === 'yearsInPost').state).toBe('not-met');
    // Confirmed as not met first: the correction sets that review aside.
    expect((await setup.hr.post(`/api/v1/applications/${draft.id}/conditions/yearsInPost/review`, { decision: 'confirm' })).statusCode).toBe(200);

    const letter = await evidence(setup.hr, '聘任文件（2010年）.pdf');
    const noEvidence = await setup.hr.post(`/api/v1/applications/${draft.id}/fact-corrections`, { postSince: '2010-10-31', note: '名册登记有误', evidenceFileIds: [] });
    expect(noEvidence.statusCode).toBe(400);
    const corrected = await setup.hr.post(`/api/v1/applications/${draft.id}/fact-corrections`, { postSince: '2010-10-31', note: '名册误登为近年日期，以2010年聘任文件为准', evidenceFileIds: [letter.fileId] });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const body = corrected.json();
    const yearsInPost = body.conditions.find((condition: { id: string }) => condition.id === 'yearsInPost');
    expect(yearsInPost).toMatchObject({ automaticState: 'met', corrected: true, review: null });
    expect(body.corrections).toEqual([
      expect.objectContaining({ conditionIds: ['yearsInPost'], before: { postSince: `${year - 2}-10-31` }, after: { postSince: '2010-10-31' }, evidence: [letter], correctorName: expect.any(String) }),
    ]);
    expect(body.events.at(-1)).toMatchObject({ act: 'fact-corrected' });
    const unchanged = await setup.hr.post(`/api/v1/applications/${draft.id}/fact-corrections`, { postSince: '2010-10-31', note: '再次更正', evidenceFileIds: [letter.fileId] });
    expect(unchanged.json().code).toBe('FACT_CORRECTION_UNCHANGED');

    // Shown as corrected to the supervising department, with before and after.
    const seen = (await setup.pilot.department.get(`/api/v1/applications/${draft.id}`)).json();
    expect(seen.corrections[0].before).toEqual({ postSince: `${year - 2}-10-31` });
    const [entry] = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'application.fact-corrected'), eq(auditLog.targetId, draft.id)));
    expect(entry.before).toMatchObject({ postSince: `${year - 2}-10-31` });
    expect(entry.after).toMatchObject({ postSince: '2010-10-31', evidence: [letter.fileId] });

    // With every condition reviewed (front-line work decided by HR), it is eligible.
    await reviewAll(draft.id);
    expect((await setup.hr.post(`/api/v1/applications/${draft.id}/mark-eligible`, {})).json().status).toBe('eligible');
  });

  it('an older qualification number is checked by HR against the certificate, with a note; a level 2 certificate can only be corrected', async () => {
    const client = await accountFor('olderNumber');
    const draft = await startApplication(client);
    const content = await completeContent(client, { qualification: { kind: 'vocational-qualification', certificateNumber: '2301001123456', level: 1, issuer: '黑龙江省职业技能鉴定指导中心', issuedOn: '2008-06-30', evidence: [await evidence(client, '高级技师证书.pdf')] } });
    const current = (await client.get(`/api/v1/applications/${draft.id}`)).json();
    const saved = (await client.patch(`/api/v1/applications/${draft.id}`, { revision: current.revision, content })).json();
    const submitted = (await client.post(`/api/v1/applications/${draft.id}/submit`, { revision: saved.revision })).json();
    expect(submitted.eligibility.conditions[0]).toMatchObject({ id: 'qualification', state: 'to-check' });
    const url = `/api/v1/applications/${draft.id}/conditions/qualification/review`;
    expect((await setup.hr.post(url, { decision: 'confirm' })).json().code).toBe('CONDITION_TO_BE_DECIDED');
    expect((await setup.hr.post(url, { decision: 'decide', met: true })).statusCode).toBe(400);
    const checked = (await setup.hr.post(url, { decision: 'decide', met: true, reason: '已核对证书原件：高级技师，黑龙江省职业技能鉴定指导中心2008年颁发' })).json();
    expect(checked.conditions[0]).toMatchObject({ state: 'met', review: { decision: 'decided' } });
  });
});
