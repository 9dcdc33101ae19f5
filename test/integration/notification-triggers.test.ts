// Each role is told in the app what it must act on (issue 10): the ministry a pilot application to
// decide, the department its returned (or accepted) application and a plan filed with it, every
// employee a plan to read, HR an objection to answer, the experts their scores to give. (An
// applicant's returned application and an agreement to renew are proven in applications.test.ts
// and appointments.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { acceptPilot, buildEvaluationBody, currentYear, ensureCalendar, login, openPilotYear } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { evidence, openPlan, todayInChina } from './applications-fixtures.ts';
import { recommendedApplicants } from './notices-fixtures.ts';
import { transitionApplication, transitionApplications } from '../../src/modules/applications/service.ts';
import { systemContext } from '../../src/platform/context.ts';
import { testClock } from '../support/clock.ts';
import { buildReviewSetup } from './review-fixtures.ts';

let t: TestApp;
let admin: TestClient;
let ministry: TestClient;
const year = currentYear();

interface Item {
  kind: string;
  title: { 'zh-CN': string; en: string };
  body: { 'zh-CN': string; en: string };
  link: string | null;
  read: boolean;
}
async function inbox(client: TestClient): Promise<{ items: Item[]; unreadCount: number }> {
  const response = await client.get('/api/v1/notifications?limit=100');
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const kinds = async (client: TestClient) => (await inbox(client)).items.map((item) => item.kind);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  ministry = await login(t, await buildUser(admin, admin.me.organisation.id, ['ministry-admin']));
  await ensureCalendar(t.handle.db, year);
}, 60_000);
afterAll(() => t?.close());

describe('pilot applications', () => {
  it('tells the ministry of a submitted application and the department of its return and its acceptance', async () => {
    await openPilotYear(admin, year);
    const province = await buildProvince(admin, { name: '辽宁省人力资源和社会保障厅', provinceCode: '21' });
    const enterprise = await buildEnterprise(admin, province.id);
    const department = await login(t, await buildUser(admin, province.id, ['department-admin']));
    const created = await department.post('/api/v1/pilot-applications', { year, enterpriseIds: [enterprise.id], contactName: '李明', contactPhone: '024-82345678' });
    const id = created.json().id as string;
    expect((await department.post(`/api/v1/pilot-applications/${id}/submit`)).statusCode).toBe(200);
    const submitted = (await inbox(ministry)).items.find((item) => item.kind === 'pilot-application.submitted');
    expect(submitted).toMatchObject({ read: false, link: '/pilots', title: { 'zh-CN': '试点申请待备案' } });
    expect(await kinds(department)).toEqual([]);

    expect((await ministry.post(`/api/v1/pilot-applications/${id}/return`, { reason: '企业名单缺少备案文号' })).statusCode).toBe(200);
    const returned = (await inbox(department)).items[0];
    expect(returned.kind).toBe('pilot-application.returned');
    expect(returned.body['zh-CN']).toContain('企业名单缺少备案文号');
    expect((await department.post(`/api/v1/pilot-applications/${id}/submit`)).statusCode).toBe(200);
    expect((await ministry.post(`/api/v1/pilot-applications/${id}/accept`, { note: '同意' })).statusCode).toBe(200);
    expect(await kinds(department)).toEqual(['pilot-application.accepted', 'pilot-application.returned']);
  });
});

describe('work plans and notices', () => {
  let group: { id: string };
  let hr: TestClient;
  let department: TestClient;
  let employee: TestClient;
  let subsidiaryEmployee: TestClient;
  let outsider: TestClient;
  let planId: string;

  beforeAll(async () => {
    const province = await buildProvince(admin, { name: '黑龙江省人力资源和社会保障厅' });
    group = await buildEnterprise(admin, province.id, { name: '哈尔滨电气集团有限公司' });
    const subsidiary = await buildEnterprise(admin, group.id, { name: '哈尔滨汽轮机厂有限责任公司' });
    const other = await buildEnterprise(admin, province.id, { name: '哈尔滨锅炉厂有限责任公司' });
    department = (await acceptPilot(t, admin, province.id, [group.id, other.id], year)).department;
    hr = await login(t, await buildUser(admin, group.id, ['enterprise-admin']));
    employee = await login(t, await buildUser(admin, group.id, ['employee']));
    subsidiaryEmployee = await login(t, await buildUser(admin, subsidiary.id, ['employee']));
    outsider = await login(t, await buildUser(admin, other.id, ['employee']));
    planId = await openPlan(t, hr, (await buildEvaluationBody(admin, group.id)).id);
  }, 120_000);

  it('gives every employee the plan covers a plan to read, and nobody else', async () => {
    for (const client of [employee, subsidiaryEmployee]) {
      const [item] = (await inbox(client)).items;
      expect(item).toMatchObject({ kind: 'plan.published', link: `/published-plans/${planId}`, title: { 'zh-CN': '新的工作方案待阅读' } });
      expect(item.body['zh-CN']).toContain('哈尔滨电气集团有限公司');
    }
    expect(await kinds(outsider)).toEqual([]);
    expect(await kinds(hr)).toEqual([]);
  });

  it('gives the supervising department a plan filed with it to read', async () => {
    expect(await kinds(department)).not.toContain('plan.filed');
    const filed = await hr.post(`/api/v1/plans/${planId}/file`, {});
    expect(filed.statusCode, filed.body).toBe(200);
    const item = (await inbox(department)).items.find((candidate) => candidate.kind === 'plan.filed');
    expect(item).toMatchObject({ link: `/plans/${planId}`, read: false });
    expect(item!.body['zh-CN']).toContain('第1版');
  });

  it('gives HR an objection to answer', async () => {
    const signIn = (username: string, password: string) => t.login(username, password);
    await recommendedApplicants(t.handle.db, signIn, admin, group.id, planId, ['王建国']);
    const started = await hr.post('/api/v1/notices', { planId, startDate: todayInChina(), contact: '集团人力资源部 0451-82870000' });
    expect(started.statusCode, started.body).toBe(201);
    const notice = started.json() as { id: string; candidates: { id: string }[] };
    const file = await evidence(employee, '证据.pdf');
    const objection = await employee.post(`/api/v1/notices/${notice.id}/objections`, {
      candidateId: notice.candidates[0].id,
      name: '赵同事',
      contact: '13900000000',
      content: '该同志的业绩材料与实际不符，请核实。',
      evidenceFileIds: [file.fileId],
    });
    expect(objection.statusCode, objection.body).toBe(201);
    const item = (await inbox(hr)).items.find((candidate) => candidate.kind === 'notice.objection-raised');
    expect(item).toMatchObject({ link: `/notices/${notice.id}`, title: { 'zh-CN': '收到公示异议待办理' } });
    expect(item!.body['zh-CN']).toContain('王建国');
    expect(await kinds(outsider)).not.toContain('notice.objection-raised');
  });

});

describe('an application', () => {
  it('tells the applicant of each step after screening: review, recommendation, notice, confirmation, certificate', async () => {
    const signIn = (username: string, password: string) => t.login(username, password);
    const province = await buildProvince(admin, { name: '江苏省人力资源和社会保障厅', provinceCode: '32' });
    const enterprise = await buildEnterprise(admin, province.id, { name: '徐州工程机械集团有限公司' });
    await acceptPilot(t, admin, province.id, [enterprise.id], year);
    const hr = await login(t, await buildUser(admin, enterprise.id, ['enterprise-admin']));
    const employee = await login(t, await buildUser(admin, enterprise.id, ['employee']));
    const otherPlan = await openPlan(t, hr, (await buildEvaluationBody(admin, enterprise.id)).id);
    const [applicant] = await recommendedApplicants(t.handle.db, signIn, admin, enterprise.id, otherPlan, ['李卫东']);
    const mine = async () => (await inbox(applicant.client)).items.filter((item) => item.kind.startsWith('application.'));
    // (Acts in one transaction may share a millisecond: compared without their order.)
    expect((await mine()).map((item) => item.kind).sort()).toEqual(['application.recommend', 'application.start-review']);
    const recommended = (await mine()).find((item) => item.kind === 'application.recommend');
    expect(recommended).toMatchObject({ link: '/my-application', read: false, title: { 'zh-CN': '您已被评审委员会确定为拟推荐人选' } });
    expect(recommended?.body.en).toContain('Next');

    const started = await hr.post('/api/v1/notices', { planId: otherPlan, startDate: todayInChina(), contact: '集团人力资源部 0451-82870000' });
    expect(started.statusCode, started.body).toBe(201);
    expect((await mine()).find((item) => item.kind === 'application.start-notice')).toMatchObject({ title: { 'zh-CN': '您已列入拟推荐人选公示' } });

    // The notice's end date is days away on the tests' clock: its confirmation and the certificate
    // are the service calls the notice and the batch make (the notification is theirs).
    await t.handle.db.transaction(async (tx) => {
      const context = systemContext(testClock(), 'test: the notice ended');
      await transitionApplication(tx, context, { applicationId: applicant.applicationId, act: 'confirm', auditAction: 'application.confirmed' });
      await transitionApplications(tx, context, { act: 'certify', auditAction: 'application.certified', items: [{ applicationId: applicant.applicationId }] });
    });
    const titles = new Map((await mine()).map((item) => [item.kind, item.title['zh-CN']]));
    expect(titles.get('application.confirm')).toBe('公示期满，您已被核准为特级技师人选');
    expect(titles.get('application.certify')).toBe('您的特级技师证书已颁发');
    expect(titles.size).toBe(5);
    // Nobody else is told of this applicant's steps.
    expect((await kinds(employee)).filter((kind) => kind.startsWith('application.'))).toEqual([]);
  }, 120_000);
});

describe('review', () => {
  it('gives each expert of the committee scores to give when the review starts', async () => {
    const province = await buildProvince(admin, { name: '吉林省人力资源和社会保障厅', provinceCode: '22' });
    const setup = await buildReviewSetup(t, admin, province.id, { applicants: [{ key: 'A', department: '总装车间' }], experts: 8 });
    const members = setup.experts.slice(0, 7);
    const created = await setup.bodyAdmin.post('/api/v1/review/committees', {
      commissionId: setup.commissionId,
      name: '焊工评审委员会',
      occupationCodes: ['6-18-01-01'],
      chairId: members[0].id,
      memberIds: members.map((expert) => expert.id),
    });
    expect(created.statusCode, created.body).toBe(201);
    for (const expert of members) expect(await kinds(expert.client)).toEqual([]);
    const started = await setup.bodyAdmin.post(`/api/v1/review/committees/${created.json().id}/start`);
    expect(started.statusCode, started.body).toBe(200);
    for (const expert of members) {
      const [item] = (await inbox(expert.client)).items;
      expect(item).toMatchObject({ kind: 'review.scoring-started', link: `/review/committees/${created.json().id}`, title: { 'zh-CN': '评审已开始，请独立评分' } });
    }
    // The expert of the pool outside the committee is not told.
    expect(await kinds(setup.experts[7].client)).toEqual([]);
  }, 120_000);
});
