// Accounts as an attacker meets them: guesses sent at once, a locked account that must look like any
// other, common passwords, one-time passwords and sessions that end by the clock, and passwords an
// administrator set that the user must replace before doing anything.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, sessions, users } from '../../src/db/schema.ts';
import { bootstrap } from '../../src/platform/bootstrap.ts';
import { createTestApp, TestClient, type TestApp } from '../support/test-app.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';

const HOUR = 3_600_000;

let t: TestApp;
let admin: TestClient;
let enterpriseId: string;
beforeAll(async () => {
  t = await createTestApp({ loginMaxFailures: 5, loginLockMinutes: 15, sessionTtlHours: 8, sessionAbsoluteHours: 12, oneTimePasswordHours: 24 });
  admin = await t.admin();
  const province = await buildProvince(admin);
  enterpriseId = (await buildEnterprise(admin, province.id)).id;
});
afterAll(() => t?.close());
// Tests move the clock by hours and days: the administrator signs in again each time.
beforeEach(async () => {
  admin = await t.admin();
});

function attempt(username: string, password: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
}

async function auditOf(userId: string, action: string) {
  return auditOfIn(t, userId, action);
}

async function auditOfIn(app: TestApp, userId: string, action: string) {
  return app.handle.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, userId), eq(auditLog.action, action)))
    .orderBy(auditLog.seq);
}

describe('log-in guesses sent at once', () => {
  it('checks at most LOGIN_MAX_FAILURES passwords of 30 parallel guesses: the right one (13th) is refused like the rest', async () => {
    const user = await buildUser(admin, enterpriseId, ['enterprise-admin']);
    const guesses = Array.from({ length: 30 }, (_, index) => (index === 12 ? user.password : `Wrong-guess-${index}-x`));
    const responses = await Promise.all(guesses.map((password) => attempt(user.username, password)));
    const right = responses[12];

    // Every refusal is the same 401, whatever happened behind it.
    const refusals = responses.filter((response) => response.statusCode !== 200);
    for (const response of refusals) {
      expect(response.statusCode).toBe(401);
      expect(response.body).toBe(refusals[0].body);
    }
    expect(refusals[0].json().code).toBe('INVALID_CREDENTIALS');

    // Each attempt took its number before its password was checked: no password was checked as a
    // 6th failure in a row or later, on either engine, however the 30 were interleaved.
    const failed = await auditOf(user.id, 'auth.login-failed');
    const checkedWrong = failed.filter((entry) => (entry.after as { reason: string }).reason === 'wrong-password');
    const refusedLocked = failed.filter((entry) => (entry.after as { reason: string }).reason === 'locked');
    for (const entry of checkedWrong) expect((entry.after as { failedLogins: number }).failedLogins).toBeLessThanOrEqual(5);
    expect(checkedWrong.length + refusedLocked.length + (right.statusCode === 200 ? 1 : 0)).toBe(30);
    if (right.statusCode === 200) {
      // Only possible when its number was one of the first five: then it was a fair try.
      expect(checkedWrong.length).toBeLessThan(10);
    } else {
      expect(checkedWrong).toHaveLength(5);
      expect(refusedLocked).toHaveLength(25);
      // The lock is recorded and audited.
      const [row] = await t.handle.db.select().from(users).where(eq(users.id, user.id));
      expect(row.failedLogins).toBe(5);
      expect(row.lockedUntil!.getTime()).toBe(row.lastFailedLoginAt!.getTime() + 60_000);
      const locks = await auditOf(user.id, 'auth.account-locked');
      expect(locks).toHaveLength(1);
      expect(locks[0].after).toMatchObject({ failedLogins: 5, lockMinutes: 1 });
    }
  });

  it('answers a locked account, a wrong password and an unknown user name with the same bytes, even for the right password', async () => {
    const user = await buildUser(admin, enterpriseId, ['employee'], { username: 'locked.worker' });
    for (let index = 0; index < 5; index += 1) expect((await attempt(user.username, 'Wrong-guess-2021')).statusCode).toBe(401);
    const [row] = await t.handle.db.select().from(users).where(eq(users.id, user.id));
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(t.clock.now().getTime());

    const locked = await attempt(user.username, user.password);
    const wrong = await attempt('admin', 'Wrong-guess-2021');
    const unknown = await attempt('nobody.here', user.password);
    for (const response of [locked, wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toBe(wrong.headers['content-type']);
      expect(response.body).toBe(wrong.body);
      expect(response.headers['retry-after']).toBeUndefined();
    }
    expect(locked.json().messages['zh-CN']).toContain('暂时锁定');
    expect(locked.json().messages.en).toContain('locked for a while');
    // The administrator sees the lock on the users page, with its end.
    const listed = (await admin.get(`/api/v1/users?organisationId=${enterpriseId}`)).json().items.find((item: { id: string }) => item.id === user.id);
    expect(listed.lockedUntil).toBe(row.lockedUntil!.toISOString());
  });

  it('locks for a minute at the limit, twice as long at each further failure up to LOGIN_LOCK_MINUTES, and forgets failures after a day', async () => {
    const user = await buildUser(admin, enterpriseId, ['employee']);
    const lockMinutes = async () => {
      const [row] = await t.handle.db.select().from(users).where(eq(users.id, user.id));
      return row.lockedUntil ? Math.round((row.lockedUntil.getTime() - t.clock.now().getTime()) / 60_000) : 0;
    };
    for (let index = 0; index < 4; index += 1) await attempt(user.username, 'Wrong-guess-2021');
    expect(await lockMinutes()).toBe(0);
    await attempt(user.username, 'Wrong-guess-2021');
    expect(await lockMinutes()).toBe(1);
    // Hammering a locked account neither counts nor lengthens the lock.
    for (let index = 0; index < 3; index += 1) await attempt(user.username, 'Wrong-guess-2021');
    expect(await lockMinutes()).toBe(1);
    const seen: number[] = [];
    for (let step = 0; step < 6; step += 1) {
      t.clock.advance(16 * 60_000);
      await attempt(user.username, 'Wrong-guess-2021');
      seen.push(await lockMinutes());
    }
    expect(seen).toEqual([2, 4, 8, 15, 15, 15]);
    // The right password waits for the lock to end, then gets in and clears the count.
    expect((await attempt(user.username, user.password)).statusCode).toBe(401);
    t.clock.advance(15 * 60_000 + 1000);
    expect((await attempt(user.username, user.password)).statusCode).toBe(200);
    const [cleared] = await t.handle.db.select().from(users).where(eq(users.id, user.id));
    expect(cleared.failedLogins).toBe(0);

    // Four failures, then a day without one: the fifth does not lock.
    for (let index = 0; index < 4; index += 1) await attempt(user.username, 'Wrong-guess-2021');
    t.clock.advance(24 * HOUR + 1000);
    await attempt(user.username, 'Wrong-guess-2021');
    expect(await lockMinutes()).toBe(0);
    const [fresh] = await t.handle.db.select().from(users).where(eq(users.id, user.id));
    expect(fresh.failedLogins).toBe(1);
  });

  it('lets an administrator lift a lock by resetting the password', async () => {
    const user = await buildUser(admin, enterpriseId, ['employee']);
    for (let index = 0; index < 5; index += 1) await attempt(user.username, 'Wrong-guess-2021');
    const reset = await admin.post(`/api/v1/users/${user.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const client = await t.login(user.username, reset.json().initialPassword);
    expect(client.me.mustChangePassword).toBe(true);
    const [entry] = await auditOf(user.id, 'user.password-reset');
    expect(entry.before).toMatchObject({ failedLogins: 5 });
  });
});

describe('passwords an administrator sets', () => {
  it('must be changed at the first log-in: nothing else works until then', async () => {
    const created = await admin.post('/api/v1/users', { organisationId: enterpriseId, username: 'set.by.admin', displayName: '李明', roles: ['enterprise-admin'], password: 'Harbin-2024-dianji-7' });
    expect(created.statusCode).toBe(201);
    const { user } = created.json();
    expect(user.mustChangePassword).toBe(true);
    expect(Date.parse(user.passwordExpiresAt)).toBe(Date.parse(user.createdAt) + 24 * HOUR);
    expect(created.json().initialPassword).toBeUndefined();
    const [entry] = await auditOf(created.json().user.id, 'user.created');
    expect(entry.after).toMatchObject({ passwordSetBy: 'administrator', mustChangePassword: true });

    const client = await t.login('set.by.admin', 'Harbin-2024-dianji-7');
    expect(client.me.mustChangePassword).toBe(true);
    const blocked = await client.get('/api/v1/organisations');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await client.post('/api/v1/auth/password', { currentPassword: 'Harbin-2024-dianji-7', newPassword: 'Songhua-river-2027' })).statusCode).toBe(204);
    expect((await client.get('/api/v1/organisations')).statusCode).toBe(200);
  });

  it('offers no way to skip the change', async () => {
    const response = await admin.post('/api/v1/users', { organisationId: enterpriseId, username: 'no.waiver', displayName: '王强', roles: ['employee'], password: 'Harbin-2024-dianji-7', passwordChangeRequired: false });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VALIDATION');
  });

  it('refuses common and user-name-like passwords wherever a password is set, in both languages', async () => {
    const common = await admin.post('/api/v1/users', { organisationId: enterpriseId, username: 'common.pw', displayName: '赵六', roles: ['employee'], password: 'password123' });
    expect(common.statusCode).toBe(400);
    expect(common.json().code).toBe('PASSWORD_TOO_COMMON');
    expect(common.json().messages['zh-CN']).toContain('过于常见');
    expect(common.json().messages.en).toContain('too common');
    const likeName = await admin.post('/api/v1/users', { organisationId: enterpriseId, username: 'zhao.liu', displayName: '赵六', roles: ['employee'], password: 'Zhao.Liu-2024-x' });
    expect(likeName.json().code).toBe('PASSWORD_LIKE_USERNAME');

    const user = await buildUser(admin, enterpriseId, ['employee'], { username: 'sun.qi' });
    const client = await t.login(user.username, user.password);
    for (const [newPassword, code] of [
      ['password123', 'PASSWORD_TOO_COMMON'],
      ['Qwerty123456', 'PASSWORD_TOO_COMMON'],
      ['woaini1314', 'PASSWORD_TOO_COMMON'],
      ['Sun.Qi-20241-x', 'PASSWORD_LIKE_USERNAME'],
      ['short1', 'PASSWORD_TOO_WEAK'],
    ]) {
      const response = await client.post('/api/v1/auth/password', { currentPassword: user.password, newPassword });
      expect(response.statusCode, newPassword).toBe(400);
      expect(response.json().code, newPassword).toBe(code);
    }
  });
});

describe('one-time passwords', () => {
  it('stop working 24 hours after they were given out, with a message saying so; a reset gives a fresh one', async () => {
    const created = await admin.post('/api/v1/users', { organisationId: enterpriseId, username: 'late.starter', displayName: '周八', roles: ['employee'] });
    const { initialPassword, user } = created.json();
    expect(Date.parse(user.passwordExpiresAt)).toBe(Date.parse(user.createdAt) + 24 * HOUR);

    // Still good just before the end (a session taken then may not change it after the end).
    t.clock.advance(24 * HOUR - 60_000);
    const early = await t.login('late.starter', initialPassword);
    t.clock.advance(2 * 60_000);
    const tooLateToChange = await early.post('/api/v1/auth/password', { currentPassword: initialPassword, newPassword: 'Songhua-river-2027' });
    expect(tooLateToChange.statusCode).toBe(401);
    expect(tooLateToChange.json().code).toBe('ONE_TIME_PASSWORD_EXPIRED');

    const expired = await attempt('late.starter', initialPassword);
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'ONE_TIME_PASSWORD_EXPIRED' });
    expect(expired.json().messages['zh-CN']).toContain('一次性密码已过期（有效期 24 小时）');
    expect(expired.json().messages.en).toContain('valid for 24 hours');
    // A wrong password is still just a wrong password.
    expect((await attempt('late.starter', 'Wrong-guess-2021')).json().code).toBe('INVALID_CREDENTIALS');

    admin = await t.admin();
    const reset = await admin.post(`/api/v1/users/${user.id}/reset-password`);
    expect(Date.parse(reset.json().passwordExpiresAt)).toBeGreaterThan(t.clock.now().getTime() + 23 * HOUR);
    const client = await TestClient.firstLogIn(t.app, 'late.starter', reset.json().initialPassword, 'Songhua-river-2027');
    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
    // A password the user chose does not expire.
    t.clock.advance(400 * 24 * HOUR);
    expect((await attempt('late.starter', 'Songhua-river-2027')).statusCode).toBe(200);
  });
});

describe("admin's printed one-time password", () => {
  it('expires like any other, and the next start prints a new one (once, whoever starts first)', async () => {
    const other = await createTestApp();
    try {
      // A first start without ADMIN_PASSWORD, on a database whose admin is another one's.
      await other.handle.db.delete(sessions);
      await other.handle.db.update(users).set({ username: 'admin-old' }).where(eq(users.username, 'admin'));
      const first = await bootstrap(other.handle.db, { clock: other.clock, oneTimePasswordHours: 24 });
      expect(first).toMatchObject({ created: true });
      other.clock.advance(24 * HOUR + 60_000);
      expect((await other.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: first.oneTimePassword } })).json().code).toBe('ONE_TIME_PASSWORD_EXPIRED');
      // Two processes starting at once: one renews, the other finds it done.
      const [one, two] = await Promise.all([bootstrap(other.handle.db, { clock: other.clock, oneTimePasswordHours: 24 }), bootstrap(other.handle.db, { clock: other.clock, oneTimePasswordHours: 24 })]);
      const renewed = [one, two].filter((result) => result.renewed);
      expect(renewed).toHaveLength(1);
      expect(renewed[0].oneTimePassword).toMatch(/^[A-Za-z0-9]{14}$/);
      const client = await TestClient.login(other.app, 'admin', renewed[0].oneTimePassword!);
      expect(client.me.mustChangePassword).toBe(true);
      const [admin] = await other.handle.db.select().from(users).where(eq(users.username, 'admin'));
      expect(await auditOfIn(other, admin.id, 'system.one-time-password-renewed')).toHaveLength(1);
      // Once changed, later starts leave it alone.
      await client.post('/api/v1/auth/password', { currentPassword: renewed[0].oneTimePassword, newPassword: 'Songhua-river-2027' });
      other.clock.advance(48 * HOUR);
      expect(await bootstrap(other.handle.db, { clock: other.clock, oneTimePasswordHours: 24 })).toEqual({ created: false });
    } finally {
      await other.close();
    }
  });
});

describe('sessions', () => {
  it('end SESSION_ABSOLUTE_HOURS after the log-in however busy, besides the idle limit', async () => {
    const user = await buildUser(admin, enterpriseId, ['employee']);
    const response = await attempt(user.username, user.password);
    const cookie = response.cookies.find((item) => item.name === 'ptech_session')!;
    // The cookie lives until the absolute end (Max-Age in seconds, the clock having moved on a millisecond).
    expect(cookie.maxAge).toBeGreaterThanOrEqual(12 * 3600 - 1);
    expect(cookie.maxAge).toBeLessThanOrEqual(12 * 3600);
    const client = await t.login(user.username, user.password);
    // Used every two hours: the idle limit (8 h) keeps moving, up to the absolute end (12 h).
    for (let hours = 2; hours <= 10; hours += 2) {
      t.clock.advance(2 * HOUR);
      expect((await client.get('/api/v1/me')).statusCode, `after ${hours} h`).toBe(200);
    }
    t.clock.advance(2 * HOUR - 60_000);
    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
    t.clock.advance(2 * 60_000);
    const ended = await client.get('/api/v1/me');
    expect(ended.statusCode).toBe(401);
    expect(ended.json().code).toBe('UNAUTHENTICATED');
  });

  it('still end after the idle limit when unused', async () => {
    const user = await buildUser(admin, enterpriseId, ['employee']);
    const client = await t.login(user.username, user.password);
    t.clock.advance(8 * HOUR + 1000);
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);
  });
});
