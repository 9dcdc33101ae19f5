import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pilotApplications } from '../../src/modules/pilots/tables.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { currentYear, departmentAdmin, login, openPilotYear } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

let t: TestApp;
let admin: TestClient;
const year = currentYear();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  await openPilotYear(admin, year);
});
afterAll(() => t?.close());

async function applicationCount() {
  return (await t.handle.db.select().from(pilotApplications)).length;
}

async function province(name: string, provinceCode: string) {
  const department = await buildProvince(admin, { name, provinceCode });
  const client = await departmentAdmin(t, admin, department.id);
  return { department, client };
}

describe('POST /api/v1/pilot-applications', () => {
  it('a province puts forward filed enterprises of its own scope, and the candidates table shows who qualifies', async () => {
    const { department, client } = await province('辽宁省人力资源和社会保障厅', '21');
    const filed = await buildEnterprise(admin, department.id, { name: '沈阳鼓风机集团' });
    const national = await buildEnterprise(admin, department.id, {
      name: '鞍钢集团',
      filing: { filed: true, level: 'national', authority: '人力资源社会保障部', number: 'RS-1' },
      institution: { category: 'Y', institutionCode: '0012', provinceCode: '21', siteCode: '000001' },
    });
    const notFiled = await buildEnterprise(admin, department.id, { name: '某未备案企业', filing: { filed: false, level: null, authority: null, number: null }, institution: null });

    const candidates = (await client.get('/api/v1/pilot-applications/candidates')).json().items as { id: string; eligible: boolean; problem: { code: string } | null }[];
    expect(candidates.find((item) => item.id === filed.id)?.eligible).toBe(true);
    expect(candidates.find((item) => item.id === national.id)?.eligible).toBe(true);
    expect(candidates.find((item) => item.id === notFiled.id)).toMatchObject({ eligible: false, problem: { code: 'NOT_FILED' } });

    const response = await client.post('/api/v1/pilot-applications', {
      year,
      enterpriseIds: [filed.id, national.id, filed.id],
      contactName: '张华',
      contactPhone: '024-12345678',
      remarks: '两家企业均已在人社部门备案',
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ status: 'draft', year, departmentId: department.id, allowedActs: ['edit', 'submit'] });
    expect(body.enterprises.map((item: { id: string }) => item.id).sort()).toEqual([filed.id, national.id].sort());
    expect(body.history).toMatchObject([{ act: 'create', toStatus: 'draft' }]);
  });

  it('refuses an enterprise that is not filed at provincial level or above, and one outside its scope, naming each, storing nothing', async () => {
    const { department, client } = await province('吉林省人力资源和社会保障厅', '22');
    const other = await buildProvince(admin, { name: '内蒙古自治区人力资源和社会保障厅', provinceCode: '15' });
    const outside = await buildEnterprise(admin, other.id, { name: '包头钢铁集团' });
    const notFiled = await buildEnterprise(admin, department.id, { name: '长春某企业', filing: { filed: false, level: null, authority: null, number: null }, institution: null });
    const before = await applicationCount();
    const response = await client.post('/api/v1/pilot-applications', { year, enterpriseIds: [notFiled.id, outside.id] });
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.code).toBe('PILOT_APPLICATION_INVALID');
    expect(problem.errors.map((error: { path: string; code: string }) => [error.path, error.code])).toEqual([
      ['enterpriseIds.0', 'NOT_FILED'],
      ['enterpriseIds.1', 'OUTSIDE_SCOPE'],
    ]);
    expect(problem.errors[0].messages['zh-CN']).toContain('长春某企业');
    // Nothing outside the scope leaks, not even the name.
    expect(problem.errors[1].messages['zh-CN']).not.toContain('包头钢铁集团');
    expect(await applicationCount()).toBe(before);
  });

  it('a central enterprise’s HR body chooses among its own subsidiaries', async () => {
    const central = await admin.post('/api/v1/organisations', {
      parentId: admin.me.organisation.id,
      kind: 'department',
      name: '中国航空工业集团有限公司人力资源部',
      departmentType: 'central-enterprise',
    });
    const subsidiary = await buildEnterprise(admin, central.json().id, {
      name: '沈阳飞机工业（集团）有限公司',
      filing: { filed: true, level: 'national', authority: '人力资源社会保障部', number: 'AV-1' },
      institution: { category: 'Y', institutionCode: '0101', provinceCode: '21', siteCode: '000101' },
    });
    const { department: foreign } = await province('河北省人力资源和社会保障厅', '13');
    const stranger = await buildEnterprise(admin, foreign.id, { name: '河北某集团' });
    const client = await departmentAdmin(t, admin, central.json().id);
    expect((await client.post('/api/v1/pilot-applications', { year, enterpriseIds: [stranger.id] })).statusCode).toBe(422);
    const response = await client.post('/api/v1/pilot-applications', { year, enterpriseIds: [subsidiary.id], contactName: '赵工', contactPhone: '010-1' });
    expect(response.statusCode).toBe(201);
    expect(response.json().departmentType).toBe('central-enterprise');
  });

  it('one application per department and year', async () => {
    const { department, client } = await province('山西省人力资源和社会保障厅', '14');
    const enterprise = await buildEnterprise(admin, department.id);
    expect((await client.post('/api/v1/pilot-applications', { year, enterpriseIds: [enterprise.id] })).statusCode).toBe(201);
    const again = await client.post('/api/v1/pilot-applications', { year, enterpriseIds: [enterprise.id] });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PILOT_APPLICATION_EXISTS');
  });

  it('only a department files: the ministry’s own administrator cannot', async () => {
    const response = await admin.post('/api/v1/pilot-applications', { year, enterpriseIds: [] });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('PILOT_DEPARTMENT_ONLY');
  });
});

describe('submitting, accepting, returning', () => {
  it('draft → submitted → returned with a reason → edited and submitted again → accepted; both sides see the status and its history', async () => {
    const { department, client } = await province('江苏省人力资源和社会保障厅', '32');
    const first = await buildEnterprise(admin, department.id, { name: '徐工集团' });
    const second = await buildEnterprise(admin, department.id, { name: '中天科技集团' });
    const created = (await client.post('/api/v1/pilot-applications', { year, enterpriseIds: [first.id] })).json();

    // Incomplete: no contact yet.
    const incomplete = await client.post(`/api/v1/pilot-applications/${created.id}/submit`);
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().errors.map((error: { path: string }) => error.path).sort()).toEqual(['contactName', 'contactPhone']);

    expect((await client.patch(`/api/v1/pilot-applications/${created.id}`, { contactName: '陈静', contactPhone: '025-83276543' })).statusCode).toBe(200);
    const submitted = await client.post(`/api/v1/pilot-applications/${created.id}/submit`);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', allowedActs: [] });
    // Submitted: the department can no longer change it.
    const locked = await client.patch(`/api/v1/pilot-applications/${created.id}`, { remarks: '补充' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().code).toBe('INVALID_TRANSITION');

    // The ministry sees it and returns it.
    const listed = (await admin.get(`/api/v1/pilot-applications?year=${year}&status=submitted`)).json().items;
    expect(listed.find((item: { id: string }) => item.id === created.id)).toMatchObject({ departmentName: '江苏省人力资源和社会保障厅', enterpriseCount: 1, allowedActs: ['accept', 'return'] });
    expect((await admin.post(`/api/v1/pilot-applications/${created.id}/return`, { reason: '' })).statusCode).toBe(400);
    const returned = await admin.post(`/api/v1/pilot-applications/${created.id}/return`, { reason: '请补充中天科技集团的备案材料' });
    expect(returned.json()).toMatchObject({ status: 'returned', returnReason: '请补充中天科技集团的备案材料' });

    // The department sees why, edits, submits again; the ministry accepts.
    const seen = (await client.get(`/api/v1/pilot-applications/${created.id}`)).json();
    expect(seen).toMatchObject({ status: 'returned', returnReason: '请补充中天科技集团的备案材料', allowedActs: ['edit', 'submit'] });
    expect((await client.patch(`/api/v1/pilot-applications/${created.id}`, { enterpriseIds: [first.id, second.id] })).statusCode).toBe(200);
    expect((await client.post(`/api/v1/pilot-applications/${created.id}/submit`)).json().status).toBe('submitted');
    const accepted = await admin.post(`/api/v1/pilot-applications/${created.id}/accept`, { note: '同意备案' });
    // Accepted: the ministry may still amend the list; the department may do nothing more.
    expect(accepted.json()).toMatchObject({ status: 'accepted', decisionNote: '同意备案', allowedActs: ['amend'] });
    expect((await client.get(`/api/v1/pilot-applications/${created.id}`)).json().allowedActs).toEqual([]);

    const history = (await client.get(`/api/v1/pilot-applications/${created.id}`)).json().history;
    expect(history.map((entry: { act: string; toStatus: string }) => `${entry.act}:${entry.toStatus}`)).toEqual([
      'create:draft',
      'submit:submitted',
      'return:returned',
      'submit:submitted',
      'accept:accepted',
    ]);
    expect(history[2].note).toBe('请补充中天科技集团的备案材料');

    // Accepted enterprises are the year's pilot enterprises.
    const pilots = (await client.get(`/api/v1/pilot-enterprises?year=${year}`)).json().items;
    expect(pilots.map((item: { enterpriseName: string }) => item.enterpriseName).sort()).toEqual(['中天科技集团', '徐工集团'].sort());

    // One audit entry per change.
    const audit = (await admin.get(`/api/v1/audit?targetId=${created.id}&limit=50`)).json().items.map((entry: { action: string }) => entry.action);
    expect(audit.filter((action: string) => action === 'pilot-application.submitted')).toHaveLength(2);
    expect(audit).toEqual(expect.arrayContaining(['pilot-application.created', 'pilot-application.updated', 'pilot-application.returned', 'pilot-application.accepted']));

    // Accepted is final.
    expect((await admin.post(`/api/v1/pilot-applications/${created.id}/return`, { reason: '再次退回' })).statusCode).toBe(409);
  });

  it('the ministry does not see a department’s draft; a department never sees another department’s application', async () => {
    const { department, client } = await province('浙江省人力资源和社会保障厅', '33');
    const enterprise = await buildEnterprise(admin, department.id);
    const draft = (await client.post('/api/v1/pilot-applications', { year, enterpriseIds: [enterprise.id] })).json();
    expect((await admin.get(`/api/v1/pilot-applications/${draft.id}`)).statusCode).toBe(404);
    expect((await admin.get('/api/v1/pilot-applications')).json().items.map((item: { id: string }) => item.id)).not.toContain(draft.id);
    expect((await admin.post(`/api/v1/pilot-applications/${draft.id}/accept`, {})).statusCode).toBe(404);
    const { client: neighbour } = await province('安徽省人力资源和社会保障厅', '34');
    expect((await neighbour.get(`/api/v1/pilot-applications/${draft.id}`)).statusCode).toBe(404);
    expect((await neighbour.patch(`/api/v1/pilot-applications/${draft.id}`, { remarks: 'x' })).statusCode).toBe(404);
  });

  it('a department cannot accept its own application', async () => {
    const { department, client } = await province('福建省人力资源和社会保障厅', '35');
    const enterprise = await buildEnterprise(admin, department.id);
    const created = (await client.post('/api/v1/pilot-applications', { year, enterpriseIds: [enterprise.id], contactName: '林', contactPhone: '1' })).json();
    await client.post(`/api/v1/pilot-applications/${created.id}/submit`);
    const response = await client.post(`/api/v1/pilot-applications/${created.id}/accept`, {});
    expect(response.statusCode).toBe(403);
  });
});

describe('deadlines and the model of each year', () => {
  it('the jurisdiction’s deadline (not a constant 30 September); after it nothing is submitted, and the reason says so', async () => {
    const settings = (await admin.get('/api/v1/jurisdiction-settings')).json();
    expect(settings.level).toBe('national');
    expect(settings.items.find((item: { year: number }) => item.year === year)).toMatchObject({ national: { model: 'ministry-pilot-filing', deadline: `${year}-12-31` }, effective: { model: 'ministry-pilot-filing', modelSource: 'national' }, deadlineOpen: true });
    // A year nobody set runs the filed-enterprise model: nothing to file with the ministry.
    expect(settings.items.find((item: { year: number }) => item.year === year + 1)).toMatchObject({ national: null, effective: { model: 'filed-enterprise', modelSource: 'default', deadline: null } });

    // 2021, the notice's own year, as it was: filing with the ministry by 30 September.
    await admin.post('/api/v1/jurisdiction-settings', { year: 2021, model: 'ministry-pilot-filing', deadline: '2021-09-30', note: '人社厅发〔2021〕66号' });
    const { department, client } = await province('江西省人力资源和社会保障厅', '36');
    const enterprise = await buildEnterprise(admin, department.id);
    const created = (await client.post('/api/v1/pilot-applications', { year: 2021, enterpriseIds: [enterprise.id], contactName: '刘', contactPhone: '0791-1' })).json();
    expect(created.deadline).toMatchObject({ year: 2021, model: 'ministry-pilot-filing', deadline: '2021-09-30', setBy: expect.any(String), open: false });
    const late = await client.post(`/api/v1/pilot-applications/${created.id}/submit`);
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({ code: 'PILOT_DEADLINE_PASSED', deadline: '2021-09-30' });
    expect(late.json().messages['zh-CN']).toContain('2021-09-30');
    expect((await client.get(`/api/v1/pilot-applications/${created.id}`)).json().status).toBe('draft');
  });

  it('no pilot application where the year’s model asks none; a province may choose the ministry filing for its own area, with its own deadline', async () => {
    const { department, client } = await province('湖北省人力资源和社会保障厅', '42');
    const enterprise = await buildEnterprise(admin, department.id);
    const before = await applicationCount();
    const refused = await client.post('/api/v1/pilot-applications', { year: year + 1, enterpriseIds: [enterprise.id] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'PILOT_FILING_NOT_REQUIRED', year: year + 1 });
    expect(refused.json().messages['zh-CN']).toContain('已备案职业技能等级认定企业自主开展');
    expect(await applicationCount()).toBe(before);

    const own = await client.post('/api/v1/jurisdiction-settings', { year: year + 1, model: 'ministry-pilot-filing', deadline: `${year + 1}-03-31`, committee: { minimumSize: 5 } });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ level: 'provincial', organisationId: department.id, model: 'ministry-pilot-filing', deadline: `${year + 1}-03-31`, committee: { minimumSize: 5, oddSizeRequired: null } });
    const created = await client.post('/api/v1/pilot-applications', { year: year + 1, enterpriseIds: [enterprise.id], contactName: '王', contactPhone: '027-1' });
    expect(created.statusCode).toBe(201);
    expect(created.json().deadline).toMatchObject({ deadline: `${year + 1}-03-31`, open: true, setBy: '湖北省人力资源和社会保障厅' });
    // Its neighbour keeps the national default.
    const { department: neighbourDepartment, client: neighbour } = await province('湖南省人力资源和社会保障厅', '43');
    const neighbourEnterprise = await buildEnterprise(admin, neighbourDepartment.id);
    expect((await neighbour.post('/api/v1/pilot-applications', { year: year + 1, enterpriseIds: [neighbourEnterprise.id] })).json().code).toBe('PILOT_FILING_NOT_REQUIRED');
    // The ministry sees the province's own row beside its national one.
    const settings = (await admin.get('/api/v1/jurisdiction-settings')).json();
    expect(settings.items.find((item: { year: number }) => item.year === year + 1).provinces.map((row: { organisationId: string }) => row.organisationId)).toContain(department.id);
  });

  it('only the ministry and provincial departments set; the ministry-filing model needs its deadline; every setting is audited', async () => {
    const central = await buildProvince(admin, { name: '某中央企业人力资源部', departmentType: 'central-enterprise', provinceCode: null });
    const centralClient = await departmentAdmin(t, admin, central.id);
    const refused = await centralClient.post('/api/v1/jurisdiction-settings', { year, model: 'filed-enterprise' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('JURISDICTION_NOT_SETTABLE');
    // It reads what applies to it: the national setting.
    expect((await centralClient.get('/api/v1/jurisdiction-settings')).json()).toMatchObject({ level: null });
    const wrong = await admin.post('/api/v1/jurisdiction-settings', { year: year + 3, model: 'ministry-pilot-filing' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors.map((error: { path: string; code: string }) => `${error.path}:${error.code}`)).toEqual(['deadline:DEADLINE_REQUIRED']);
    // A deadline in the next year is the jurisdiction's own business (a plan may cross the year end).
    expect((await admin.post('/api/v1/jurisdiction-settings', { year: year + 3, model: 'ministry-pilot-filing', deadline: `${year + 4}-01-15` })).statusCode).toBe(200);
    const audit = (await admin.get('/api/v1/audit?action=jurisdiction.setting-set')).json().items;
    expect(audit[0].after).toMatchObject({ year: year + 3, model: 'ministry-pilot-filing', deadline: `${year + 4}-01-15` });
  });

  it('employees and enterprise administrators have no access to pilot applications or settings', async () => {
    const { department } = await province('河南省人力资源和社会保障厅', '41');
    const enterprise = await buildEnterprise(admin, department.id);
    for (const role of ['employee', 'enterprise-admin']) {
      const client = await login(t, await buildUser(admin, enterprise.id, [role]));
      expect((await client.get('/api/v1/pilot-applications')).statusCode).toBe(403);
      expect((await client.get('/api/v1/jurisdiction-settings')).statusCode).toBe(403);
      expect((await client.post('/api/v1/jurisdiction-settings', { year, model: 'filed-enterprise' })).statusCode).toBe(403);
    }
  });
});

describe('POST /api/v1/pilot-applications/:id/amend', () => {
  it('the ministry amends an accepted list with its reason, checked as at filing, kept in the history and the audit log', async () => {
    const { department, client } = await province('广西壮族自治区人力资源和社会保障厅', '45');
    const first = await buildEnterprise(admin, department.id, { name: '柳州钢铁集团' });
    const second = await buildEnterprise(admin, department.id, { name: '玉柴机器集团' });
    const notFiled = await buildEnterprise(admin, department.id, { name: '某未备案企业乙', filing: { filed: false, level: null, authority: null, number: null }, institution: null });
    const created = (await client.post('/api/v1/pilot-applications', { year, enterpriseIds: [first.id], contactName: '韦', contactPhone: '0771-1' })).json();
    // Not before it is accepted.
    await client.post(`/api/v1/pilot-applications/${created.id}/submit`);
    expect((await admin.post(`/api/v1/pilot-applications/${created.id}/amend`, { enterpriseIds: [second.id], reason: '补充企业' })).statusCode).toBe(409);
    await admin.post(`/api/v1/pilot-applications/${created.id}/accept`, {});
    expect((await admin.get(`/api/v1/pilot-applications/${created.id}`)).json().allowedActs).toEqual(['amend']);
    // The department cannot amend what the ministry accepted.
    expect((await client.post(`/api/v1/pilot-applications/${created.id}/amend`, { enterpriseIds: [first.id, second.id], reason: '自行调整' })).statusCode).toBe(403);
    const bad = await admin.post(`/api/v1/pilot-applications/${created.id}/amend`, { enterpriseIds: [first.id, notFiled.id], reason: '补充企业' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((error: { code: string }) => error.code)).toEqual(['NOT_FILED']);
    const amended = await admin.post(`/api/v1/pilot-applications/${created.id}/amend`, { enterpriseIds: [second.id], reason: '柳州钢铁集团退出试点，玉柴机器集团补充纳入' });
    expect(amended.statusCode).toBe(200);
    expect(amended.json()).toMatchObject({ status: 'accepted', enterprises: [{ id: second.id }] });
    expect(amended.json().history.at(-1)).toMatchObject({ act: 'amend', fromStatus: 'accepted', toStatus: 'accepted', note: '柳州钢铁集团退出试点，玉柴机器集团补充纳入' });
    const audit = (await admin.get('/api/v1/audit?action=pilot-application.amended')).json().items;
    expect(audit[0]).toMatchObject({ before: { enterpriseIds: [first.id] }, after: { enterpriseIds: [second.id], reason: '柳州钢铁集团退出试点，玉柴机器集团补充纳入' } });
    // The list decides who is a pilot enterprise of the year.
    const pilots = (await admin.get(`/api/v1/pilot-enterprises?year=${year}`)).json().items.map((item: { enterpriseId: string }) => item.enterpriseId);
    expect(pilots).toContain(second.id);
    expect(pilots).not.toContain(first.id);
    const firstHr = await login(t, await buildUser(admin, first.id, ['enterprise-admin']));
    expect((await firstHr.post('/api/v1/plans', { year })).json().code).toBe('PLAN_NOT_PILOT');
    const secondHr = await login(t, await buildUser(admin, second.id, ['enterprise-admin']));
    expect((await secondHr.post('/api/v1/plans', { year })).statusCode).toBe(201);
  });
});
