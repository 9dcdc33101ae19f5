// 入门清单 (issue 23): a new administrator's and a new enterprise HR's first steps tick themselves
// from the data; other roles have none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { login } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

let t: TestApp;
let admin: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
}, 60_000);
afterAll(() => t?.close());

const steps = async (client: TestClient) => {
  const response = await client.get('/api/v1/me/first-steps');
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { audience: string | null; year: number; steps: { id: string; done: boolean; link: string | null }[] };
};
const done = (list: Awaited<ReturnType<typeof steps>>) => Object.fromEntries(list.steps.map((step) => [step.id, step.done]));

describe('first steps', () => {
  it('ticks the administrator’s steps as the organisations and accounts come to exist', async () => {
    const before = await steps(admin);
    expect(before.audience).toBe('administrator');
    expect(before.steps.map((step) => step.id)).toEqual(['organisations', 'users', 'calendar', 'catalogue']);
    expect(done(before)).toMatchObject({ organisations: false, users: false });
    const province = await buildProvince(admin, { name: '山东省人力资源和社会保障厅', provinceCode: '37' });
    await buildUser(admin, province.id, ['department-admin']);
    expect(done(await steps(admin))).toMatchObject({ organisations: true, users: true });
  });

  it('gives enterprise HR its own steps, the calendar and catalogue to ask for, and the plan of the year', async () => {
    const province = await buildProvince(admin, { name: '河南省人力资源和社会保障厅', provinceCode: '41' });
    const enterprise = await buildEnterprise(admin, province.id, { name: '郑州煤矿机械集团股份有限公司' });
    const hr = await login(t, await buildUser(admin, enterprise.id, ['enterprise-admin']));
    const list = await steps(hr);
    expect(list.audience).toBe('enterprise');
    expect(list.steps.map((step) => step.id)).toEqual(['certificate-code', 'users', 'register', 'calendar', 'catalogue', 'plan']);
    // HR cannot load the calendar or the catalogue: no link, the page says whom to ask.
    expect(list.steps.find((step) => step.id === 'calendar')?.link).toBeNull();
    expect(done(list)).toMatchObject({ users: false, register: false, plan: false });
    await buildUser(admin, enterprise.id, ['employee']);
    expect(done(await steps(hr))).toMatchObject({ users: true });
  });

  it('has no list for an employee', async () => {
    const province = await buildProvince(admin, { name: '湖北省人力资源和社会保障厅', provinceCode: '42' });
    const enterprise = await buildEnterprise(admin, province.id, { name: '东风汽车集团有限公司' });
    const employee = await login(t, await buildUser(admin, enterprise.id, ['employee']));
    expect(await steps(employee)).toMatchObject({ audience: null, steps: [] });
  });
});
