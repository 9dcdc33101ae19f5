import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, writeAuditEntries } from '../../src/platform/audit.ts';
import { systemContext } from '../../src/platform/context.ts';
import { NAMED_TARGET_TYPES, targetNames } from '../../src/modules/audit/target-names.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { testClock } from '../support/clock.ts';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(() => t?.close());

describe('POST /api/v1/users', () => {
  it('refuses a role that does not fit the organisation kind', async () => {
    const province = await buildProvince(admin);
    const response = await admin.post('/api/v1/users', { organisationId: province.id, username: 'wrong-role', displayName: '错误角色', roles: ['employee'], password: 'Password-2021-ok' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('ROLE_NOT_ALLOWED');
  });

  it('refuses a user name that is taken, whatever its case', async () => {
    const province = await buildProvince(admin, { name: '上海市人力资源和社会保障局', provinceCode: '31' });
    await buildUser(admin, province.id, ['department-admin'], { username: 'sh-admin' });
    const response = await admin.post('/api/v1/users', { organisationId: province.id, username: 'SH-Admin', displayName: '重复', roles: ['department-admin'], password: 'Password-2021-ok' });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('USERNAME_TAKEN');
  });

  it('lets an administrator disable a user, which ends their sessions, and reset a password', async () => {
    const province = await buildProvince(admin, { name: '浙江省人力资源和社会保障厅', provinceCode: '33' });
    const enterprise = await buildEnterprise(admin, province.id, { institution: { category: 'Y', institutionCode: '0000', provinceCode: '33', siteCode: '000101' } });
    const employee = await buildUser(admin, enterprise.id, ['employee']);
    const client = await t.login(employee.username, employee.password);
    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
    const disabled = await admin.patch(`/api/v1/users/${employee.id}`, { disabled: true });
    expect(disabled.json().disabled).toBe(true);
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);
    await expect(t.login(employee.username, employee.password)).rejects.toThrow(/403/);
    await admin.patch(`/api/v1/users/${employee.id}`, { disabled: false });
    const reset = await admin.post(`/api/v1/users/${employee.id}/reset-password`);
    expect(reset.json().initialPassword).toMatch(/^[A-Za-z0-9]{14}$/);
    const again = await t.login(employee.username, reset.json().initialPassword);
    expect(again.me.mustChangePassword).toBe(true);
  });

  it('an administrator cannot disable themself', async () => {
    const response = await admin.patch(`/api/v1/users/${admin.me.id}`, { disabled: true });
    expect(response.json().code).toBe('CANNOT_CHANGE_SELF');
  });
});

describe('the audit log', () => {
  it('writes an entry with every change, chained, and reports the chain intact', async () => {
    const before = (await admin.get('/api/v1/audit?limit=1')).json().total;
    const province = await buildProvince(admin, { name: '四川省人力资源和社会保障厅', provinceCode: '51' });
    const list = (await admin.get('/api/v1/audit?limit=5')).json();
    expect(list.total).toBe(before + 1);
    expect(list.items[0]).toMatchObject({ action: 'organisation.created', targetId: province.id, actorId: admin.me.id, targetName: '四川省人力资源和社会保障厅', targetDetail: null });
    expect(list.items[0].hash).toMatch(/^[0-9a-f]{64}$/);
    const verification = await admin.get('/api/v1/audit/verify');
    expect(verification.json()).toMatchObject({ intact: true, firstBroken: null });
    expect(verification.json().checked).toBeGreaterThan(3);
  });

  it('names each target as it is now (a user by name and sign-in name); a target without a name or gone keeps its id', async () => {
    const province = await buildProvince(admin, { name: '贵州省人力资源和社会保障厅', provinceCode: '52' });
    const user = await buildUser(admin, province.id, ['department-admin'], { username: 'gz-audit', displayName: '黔审计' });
    await admin.patch(`/api/v1/users/${user.id}`, { displayName: '黔审计员' });
    const entries = (await admin.get(`/api/v1/audit?targetId=${user.id}`)).json().items as { action: string; targetName: string | null; targetDetail: string | null }[];
    expect(entries.length).toBeGreaterThanOrEqual(2);
    for (const entry of entries) expect(entry).toMatchObject({ targetName: '黔审计员', targetDetail: 'gz-audit' });
    // Every kind of named target is looked up without error; unknown ids, ids that are not uuids and
    // kinds without a name give no name.
    const gone = '00000000-0000-4000-8000-000000000000';
    const names = await targetNames(t.handle.db, [
      ...NAMED_TARGET_TYPES.map((targetType) => ({ targetType, targetId: gone })),
      { targetType: 'calendar', targetId: '2026' },
      { targetType: 'job', targetId: gone },
      { targetType: 'organisation', targetId: province.id.toUpperCase() },
    ]);
    expect([...names]).toEqual([[`organisation:${province.id}`, { name: '贵州省人力资源和社会保障厅' }]]);
  });

  it('writes a long list of entries (one act over many rows) in its order, each chained to the one before', async () => {
    const inputs = Array.from({ length: 120 }, (_, index) => ({
      action: 'certificate.issued' as const,
      targetType: 'certificate',
      targetId: `list-entry-${index}`,
      after: { index, holderName: `持证人${index}`, text: 'a "quoted" \\ back\nslash', none: null, nested: { list: [index, 'x'] } },
    }));
    await t.handle.db.transaction((tx) => writeAuditEntries(tx, systemContext(testClock(), 'test'), inputs));
    const rows = (await t.handle.db.execute(sql`select target_id, after, prev_hash, hash from audit_log where target_id like 'list-entry-%' order by seq`)) as unknown as {
      rows: { target_id: string; after: unknown; prev_hash: string; hash: string }[];
    };
    expect(rows.rows.map((row) => row.target_id)).toEqual(inputs.map((input) => input.targetId));
    expect(rows.rows[7].after).toEqual(inputs[7].after);
    expect(rows.rows.slice(1).every((row, index) => row.prev_hash === rows.rows[index].hash)).toBe(true);
    expect((await verifyAuditChain(t.handle.db)).intact).toBe(true);
  });

  it('writes nothing when the change fails', async () => {
    const before = (await admin.get('/api/v1/audit?limit=1')).json().total;
    await admin.post('/api/v1/organisations', { parentId: admin.me.organisation.id, kind: 'department', name: '缺类型的部门' });
    expect((await admin.get('/api/v1/audit?limit=1')).json().total).toBe(before);
  });

  it('shows a department only the entries of its own organisations', async () => {
    const mine = await buildProvince(admin, { name: '贵州省人力资源和社会保障厅', provinceCode: '52' });
    const other = await buildProvince(admin, { name: '云南省人力资源和社会保障厅', provinceCode: '53' });
    const departmentAdmin = await buildUser(admin, mine.id, ['department-admin']);
    const client = await t.login(departmentAdmin.username, departmentAdmin.password);
    await buildEnterprise(client, mine.id);
    const entries = (await client.get('/api/v1/audit?limit=500')).json().items as { organisationId: string; targetId: string }[];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.some((entry) => entry.targetId === other.id)).toBe(false);
    expect((await client.get(`/api/v1/audit?organisationId=${other.id}`)).statusCode).toBe(404);
  });

  it('reports the first entry that was edited or deleted directly in the database', async () => {
    const other = await createTestApp();
    try {
      const client = await other.admin();
      await buildProvince(client);
      await buildProvince(client, { name: '湖南省人力资源和社会保障厅', provinceCode: '43' });
      const rows = (await other.handle.db.execute(sql`select seq from audit_log order by seq`)) as unknown as { rows: { seq: number }[] };
      const seqs = rows.rows.map((row) => Number(row.seq));
      expect((await verifyAuditChain(other.handle.db)).intact).toBe(true);

      const edited = seqs[2];
      await other.handle.db.execute(sql`update audit_log set after = '{"name":"篡改"}'::jsonb where seq = ${edited}`);
      const afterEdit = await verifyAuditChain(other.handle.db);
      expect(afterEdit.intact).toBe(false);
      expect(afterEdit.firstBroken?.seq).toBe(edited);

      const deleted = seqs[1];
      await other.handle.db.execute(sql`delete from audit_log where seq = ${deleted}`);
      const afterDelete = await verifyAuditChain(other.handle.db);
      expect(afterDelete.firstBroken?.seq).toBe(seqs[2]);
      expect(afterDelete.firstBroken?.reason).toMatch(/deleted/);
    } finally {
      await other.close();
    }
  });
});
