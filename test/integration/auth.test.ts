import { testClock } from '../support/clock.ts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimitCounters, sessions, users } from '../../src/db/schema.ts';
import { bootstrap } from '../../src/platform/bootstrap.ts';
import { ADMIN_PASSWORD, createTestApp, TestClient, type TestApp } from '../support/test-app.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ loginMaxFailures: 3, loginLockMinutes: 15 });
});
afterAll(() => t?.close());

describe('POST /api/v1/auth/login', () => {
  it('sets an HttpOnly, SameSite session cookie and a readable CSRF cookie', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(response.statusCode).toBe(200);
    const session = response.cookies.find((cookie) => cookie.name === 'ptech_session');
    const csrf = response.cookies.find((cookie) => cookie.name === 'ptech_csrf');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    expect(csrf?.httpOnly).toBeFalsy();
    const body = response.json();
    expect(body.user.username).toBe('admin');
    expect(body.user.roles).toEqual(['system-admin']);
    expect(body.user.organisation.kind).toBe('ministry');
    expect(body.user.permissions).toContain('audit:read');
  });

  it('refuses a wrong password with problem+json in both languages', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'wrong-password-1' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const body = response.json();
    expect(body.code).toBe('INVALID_CREDENTIALS');
    expect(body.messages['zh-CN']).toMatch(/^用户名或密码错误。/);
    expect(body.messages.en).toMatch(/^Wrong user name or password\./);
    expect(body.detail).toBe(body.messages['zh-CN']);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'x' }, headers: { 'accept-language': 'en' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('INVALID_CREDENTIALS');
    expect(response.json().detail).toMatch(/^Wrong user name or password\./);
  });

  it('refuses a malformed body with field errors and stores nothing', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 42 } });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('VALIDATION');
    expect(body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['password', 'username']);
    const broken = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('MALFORMED_JSON');
  });

  it('locks an account after repeated failures, even for the right password, answering as for a wrong one (test/integration/accounts.test.ts has the rest)', async () => {
    const admin = await t.admin();
    const province = await buildProvince(admin);
    const user = await buildUser(admin, province.id, ['department-admin']);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: 'wrong-password-1' } });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('INVALID_CREDENTIALS');
    }
    const [locked] = await t.handle.db.select().from(users).where(eq(users.id, user.id));
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(t.clock.now().getTime() + 50_000);
    const right = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } });
    expect(right.statusCode).toBe(401);
    expect(right.json().code).toBe('INVALID_CREDENTIALS');
    // The lock (the first lasts a minute) ends by itself.
    t.clock.advance(61_000);
    const after = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } });
    expect(after.statusCode).toBe(200);
  });

  it('rate-limits log-ins per client', async () => {
    const limited = await createTestApp({ loginRateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const response = await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x', password: 'y' } });
        statuses.push(response.statusCode);
        if (response.statusCode === 429) expect(response.json().code).toBe('RATE_LIMITED');
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3)).toEqual([429, 429]);
      // Counted in the database (rate_limit_counters), one row per route, client and minute; the
      // next minute starts a new count, and the rows of ended minutes are swept away.
      const counters = await limited.handle.db.select().from(rateLimitCounters);
      expect(counters).toHaveLength(1);
      expect(counters[0]).toMatchObject({ key: 'POST /api/v1/auth/login 127.0.0.1', count: 5 });
      limited.clock.advance(60_000);
      const next = await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x', password: 'y' } });
      expect(next.statusCode).toBe(401);
      await expect.poll(async () => (await limited.handle.db.select().from(rateLimitCounters)).map((row) => row.count)).toEqual([1]);
    } finally {
      await limited.close();
    }
  });
});

describe('sessions', () => {
  it('GET /api/v1/me answers 401 without a session and the user with one', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('UNAUTHENTICATED');
    const admin = await t.admin();
    const me = await admin.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe('admin');
  });

  it('refuses a write without the CSRF token', async () => {
    const admin = await t.admin();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      cookies: admin.cookies,
      payload: { parentId: admin.me.organisation.id, kind: 'department', name: '某省人社厅', departmentType: 'provincial', provinceCode: '11' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('CSRF_INVALID');
    const wrong = await admin.request('POST', '/api/v1/organisations', { parentId: admin.me.organisation.id }, { 'x-csrf-token': 'forged' });
    expect(wrong.json().code).toBe('CSRF_INVALID');
  });

  it('refuses a tampered session cookie', async () => {
    const admin = await t.admin();
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { ptech_session: admin.cookies.ptech_session.replace(/.$/, 'x') } });
    expect(response.statusCode).toBe(401);
  });

  it('ends a session at logout and when it expires', async () => {
    const admin = await t.admin();
    expect((await admin.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await admin.get('/api/v1/me')).statusCode).toBe(401);

    const again = await t.admin();
    await t.handle.db.update(sessions).set({ expiresAt: new Date(t.clock.now().getTime() - 1000) });
    expect((await again.get('/api/v1/me')).statusCode).toBe(401);
  });
});

describe('POST /api/v1/auth/password', () => {
  it('forces a one-time password to be changed before anything else', async () => {
    const admin = await t.admin();
    const province = await buildProvince(admin, { name: '北京市人力资源和社会保障局', provinceCode: '11' });
    const response = await admin.post('/api/v1/users', { organisationId: province.id, username: 'bj-admin', displayName: '北京管理员', roles: ['department-admin'] });
    expect(response.statusCode).toBe(201);
    const { initialPassword, user } = response.json();
    expect(initialPassword).toMatch(/^[A-Za-z0-9]{14}$/);
    expect(user.mustChangePassword).toBe(true);

    const newcomer = await t.login('bj-admin', initialPassword);
    expect(newcomer.me.mustChangePassword).toBe(true);
    const blocked = await newcomer.get('/api/v1/organisations');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');

    const weak = await newcomer.post('/api/v1/auth/password', { currentPassword: initialPassword, newPassword: 'short' });
    expect(weak.json().code).toBe('PASSWORD_TOO_WEAK');
    const wrong = await newcomer.post('/api/v1/auth/password', { currentPassword: 'not-it-123', newPassword: 'Beijing-2021-ok' });
    expect(wrong.json().code).toBe('CURRENT_PASSWORD_WRONG');
    const changed = await newcomer.post('/api/v1/auth/password', { currentPassword: initialPassword, newPassword: 'Beijing-2021-ok' });
    expect(changed.statusCode).toBe(204);
    expect((await newcomer.get('/api/v1/organisations')).statusCode).toBe(200);
    await expect(t.login('bj-admin', initialPassword)).rejects.toThrow(/401/);
    await t.login('bj-admin', 'Beijing-2021-ok');
  });

  it('bootstrap with a generated password marks admin for a forced change', async () => {
    const other = await createTestApp();
    try {
      await other.handle.db.delete(sessions);
      await other.handle.db.update(users).set({ username: 'admin-old' }).where(eq(users.username, 'admin'));
      const result = await bootstrap(other.handle.db, { clock: testClock() });
      expect(result.created).toBe(true);
      const client = await TestClient.login(other.app, 'admin', result.oneTimePassword!);
      expect(client.me.mustChangePassword).toBe(true);
      expect((await bootstrap(other.handle.db, { clock: testClock() })).created).toBe(false);
    } finally {
      await other.close();
    }
  });
});

describe('users in the organisation tree', () => {
  it('a user created below sees only their own organisation and what is below it', async () => {
    const admin = await t.admin();
    const province = await buildProvince(admin, { name: '江苏省人力资源和社会保障厅', provinceCode: '32' });
    const enterprise = await buildEnterprise(admin, province.id, { institution: { category: 'Y', institutionCode: '0000', provinceCode: '32', siteCode: '000777' } });
    const hr = await buildUser(admin, enterprise.id, ['enterprise-admin']);
    const client = await t.login(hr.username, hr.password);
    const list = await client.get('/api/v1/organisations');
    expect(list.json().items.map((item: { id: string }) => item.id)).toEqual([enterprise.id]);
    expect((await client.get(`/api/v1/organisations/${province.id}`)).statusCode).toBe(404);
  });
});
