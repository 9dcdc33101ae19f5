import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations } from '../../src/db/schema.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { buildCreditCode, buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(() => t?.close());

async function organisationCount() {
  return (await t.handle.db.select().from(organisations)).length;
}

describe('POST /api/v1/organisations', () => {
  it('builds the tree: ministry → province → group → subsidiary and evaluation body', async () => {
    const province = await buildProvince(admin);
    expect(province).toMatchObject({ kind: 'department', departmentType: 'provincial', provinceCode: '23', parentId: admin.me.organisation.id });
    const group = await buildEnterprise(admin, province.id);
    expect(group.filing).toMatchObject({ filed: true, level: 'provincial' });
    expect(group.provinceCode).toBe('23');
    const subsidiary = await buildEnterprise(admin, group.id);
    expect(subsidiary.parentId).toBe(group.id);
    const body = await admin.post('/api/v1/organisations', { parentId: group.id, kind: 'evaluation-body', name: '集团职业技能等级认定考评机构', bodyType: 'internal' });
    expect(body.statusCode).toBe(201);
    const central = await admin.post('/api/v1/organisations', {
      parentId: admin.me.organisation.id,
      kind: 'department',
      name: '中国石油天然气集团有限公司人力资源部',
      departmentType: 'central-enterprise',
    });
    expect(central.statusCode).toBe(201);
  });

  it('refuses an inconsistent organisation with every reason and stores nothing', async () => {
    const province = await buildProvince(admin, { name: '山东省人力资源和社会保障厅', provinceCode: '37' });
    const before = await organisationCount();
    const response = await admin.post('/api/v1/organisations', {
      parentId: province.id,
      kind: 'enterprise',
      name: '某企业',
      creditCode: '91370100MA3C0000XX',
      bodyType: 'internal',
      filing: { filed: true, level: 'national', authority: null, number: null },
      institution: { category: 'Y', institutionCode: '0000', provinceCode: '80', siteCode: '000000' },
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((error: { path: string }) => error.path).sort();
    expect(paths).toEqual([
      'bodyType',
      'creditCode',
      'filing.authority',
      'institution.institutionCode',
      'institution.provinceCode',
      'institution.siteCode',
    ]);
    for (const error of response.json().errors) {
      expect(error.messages['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(error.messages.en.length).toBeGreaterThan(5);
    }
    expect(await organisationCount()).toBe(before);
  });

  it('refuses a kind that cannot stand under the parent', async () => {
    const province = await buildProvince(admin, { name: '河南省人力资源和社会保障厅', provinceCode: '41' });
    const response = await admin.post('/api/v1/organisations', { parentId: province.id, kind: 'department', name: '下级部门', departmentType: 'provincial', provinceCode: '41' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('CHILD_KIND_NOT_ALLOWED');
  });

  it('refuses a credit code that another organisation holds', async () => {
    const province = await buildProvince(admin, { name: '湖北省人力资源和社会保障厅', provinceCode: '42' });
    const creditCode = buildCreditCode();
    await buildEnterprise(admin, province.id, { creditCode });
    const again = await admin.post('/api/v1/organisations', { parentId: province.id, kind: 'enterprise', name: '另一家企业', creditCode });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CREDIT_CODE_TAKEN');
  });

  it('refuses unknown fields and wrong types', async () => {
    const response = await admin.post('/api/v1/organisations', { parentId: 'not-a-uuid', kind: 'castle', name: 'x', extra: true });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((error: { path: string }) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['parentId', 'kind', 'name']));
  });
});

describe('PATCH /api/v1/organisations/:id', () => {
  it('updates the certificate institution settings and records before and after in the audit log', async () => {
    const province = await buildProvince(admin, { name: '广东省人力资源和社会保障厅', provinceCode: '44' });
    const enterprise = await buildEnterprise(admin, province.id);
    const response = await admin.patch(`/api/v1/organisations/${enterprise.id}`, {
      institution: { category: 'Y', institutionCode: '0000', provinceCode: '44', siteCode: '123456' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().institution.siteCode).toBe('123456');
    const audit = await admin.get(`/api/v1/audit?action=organisation.updated&organisationId=${enterprise.id}`);
    const entry = audit.json().items[0];
    expect(entry.before.institution.siteCode).not.toBe('123456');
    expect(entry.after.institution.siteCode).toBe('123456');
  });
});

describe('scope', () => {
  it('a department administrator creates below its own department, never above or beside', async () => {
    const heilongjiang = await buildProvince(admin, { name: '黑龙江省人社厅（范围测试）', provinceCode: '23' });
    const jilin = await buildProvince(admin, { name: '吉林省人社厅（范围测试）', provinceCode: '22' });
    const departmentAdmin = await buildUser(admin, heilongjiang.id, ['department-admin']);
    const client = await t.login(departmentAdmin.username, departmentAdmin.password);
    const own = await buildEnterprise(client, heilongjiang.id);
    expect(own.parentId).toBe(heilongjiang.id);
    const before = await organisationCount();
    const beside = await client.post('/api/v1/organisations', { parentId: jilin.id, kind: 'enterprise', name: '吉林某企业' });
    expect(beside.statusCode).toBe(404);
    const above = await client.post('/api/v1/organisations', { parentId: admin.me.organisation.id, kind: 'department', name: '越权部门', departmentType: 'provincial', provinceCode: '11' });
    expect(above.statusCode).toBe(404);
    const userBeside = await client.post('/api/v1/users', { organisationId: jilin.id, username: 'jl-intruder', displayName: '越权', roles: ['department-admin'], password: 'Password-2021-ok' });
    expect(userBeside.statusCode).toBe(404);
    const userAbove = await client.post('/api/v1/users', { organisationId: admin.me.organisation.id, username: 'root-intruder', displayName: '越权', roles: ['system-admin'], password: 'Password-2021-ok' });
    expect(userAbove.statusCode).toBe(404);
    expect(await organisationCount()).toBe(before);
    const listed = (await client.get('/api/v1/organisations')).json().items.map((item: { id: string }) => item.id);
    expect(listed).toContain(own.id);
    expect(listed).not.toContain(jilin.id);
  });
});

describe('the instants a row records', () => {
  it('come from the app’s clock: created_at when an insert leaves it out, updated_at when an update does', async () => {
    t.clock.set('2026-12-04T15:30:00+08:00');
    const province = await buildProvince(admin, { provinceCode: '65', name: '时钟测试省' });
    const [created] = await t.handle.db.select().from(organisations).where(eq(organisations.id, province.id));
    expect(created.createdAt.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-12-04T15:30:00+08:00'));
    expect(created.createdAt.getTime()).toBeLessThan(Date.parse('2026-12-04T15:31:00+08:00'));
    t.clock.set('2026-12-04T16:45:00+08:00');
    // Written as hand-made code might: the name only, no updated_at.
    await t.handle.db.update(organisations).set({ name: '时钟测试省（改名）' }).where(eq(organisations.id, province.id));
    const [updated] = await t.handle.db.select().from(organisations).where(eq(organisations.id, province.id));
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-12-04T16:45:00+08:00'));
    expect(updated.updatedAt.getTime()).toBeLessThan(Date.parse('2026-12-04T16:46:00+08:00'));
    expect(updated.createdAt).toEqual(created.createdAt);
  });
});
