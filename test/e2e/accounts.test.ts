// Accounts in the pages: a one-time password left unused for a day is refused at the sign-in with
// the reason, the users page shows it expired and a lock with its end, and a reset gives a new
// one-time password with the time it works until.
import { describe, expect, it } from 'vitest';
import { signIn, snap, useBrowserSession } from '../support/e2e.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/test-app.ts';

const HOUR = 3_600_000;

describe('accounts on the sign-in and users pages', () => {
  const session = useBrowserSession();

  it('says an unused one-time password expired, shows it and a lock on the users page, and resets with a new end', async () => {
    const { server } = session;
    const { page, errors } = session.handle;
    const admin = await TestClient.login(server.app, 'admin', server.adminPassword);
    const province = await buildProvince(admin);
    const enterprise = await buildEnterprise(admin, province.id, { name: '龙江精密装备制造有限公司' });
    const created = await admin.post('/api/v1/users', { organisationId: enterprise.id, username: 'late.starter', displayName: '周晓峰', roles: ['employee'] });
    const oneTimePassword = created.json().initialPassword as string;
    const guarded = await buildUser(admin, enterprise.id, ['enterprise-admin'], { username: 'guarded.hr', displayName: '王丽华' });

    // A day and a minute later the one-time password no longer works; the sign-in page says why.
    server.clock.advance(24 * HOUR + 60_000);
    await page.context().clearCookies();
    await page.goto('/login');
    await page.getByLabel('用户名').fill('late.starter');
    await page.getByLabel('密码').fill(oneTimePassword);
    await page.locator('button[type=submit]').click();
    await page.locator('.ant-alert-error', { hasText: '一次性密码已过期（有效期 24 小时），请联系管理员重新设置密码。' }).waitFor();
    await snap(page, 'accounts-01-one-time-password-expired');

    // Someone guesses HR's password: the account is locked for a minute, answered as any wrong password.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: guarded.username, password: `Wrong-guess-${attempt}-x` } });
      expect(response.json().code).toBe('INVALID_CREDENTIALS');
    }

    await signIn(page, 'admin', server.adminPassword);
    await page.goto('/users');
    const lateRow = page.locator('.ant-table-row', { hasText: 'late.starter' });
    await lateRow.getByTestId('one-time-password-expired').waitFor();
    expect(await lateRow.textContent()).toContain('一次性密码已过期');
    const guardedRow = page.locator('.ant-table-row', { hasText: 'guarded.hr' });
    expect(await guardedRow.textContent()).toContain('已锁定');
    await guardedRow.getByText('已锁定').hover();
    await page.locator('.ant-tooltip', { hasText: '锁定至 2026-12-05 10:0' }).waitFor();
    await lateRow.getByTestId('one-time-password-expired').hover();
    await page.locator('.ant-tooltip', { hasText: '一次性密码已于 2026-12-05 10:0' }).waitFor();
    await snap(page, 'accounts-02-users-expired-and-locked');

    // The reset gives a new one-time password, valid for another 24 hours.
    await lateRow.getByRole('button', { name: '重置密码' }).click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByTestId('one-time-password').waitFor();
    await expect.poll(() => page.getByTestId('one-time-password-valid-until').textContent()).toMatch(/^有效至 2026-12-06 10:0\d，逾期未用即失效/);
    const renewed = (await page.getByTestId('one-time-password').textContent())!.trim();
    await snap(page, 'accounts-03-reset-valid-until');
    await page.getByTestId('one-time-password-done').click();
    await expect.poll(() => lateRow.textContent()).toContain('待修改密码');
    const client = await TestClient.login(server.app, 'late.starter', renewed);
    expect(client.me.mustChangePassword).toBe(true);

    const provoked = /status of 401 .*\/api\/v1\/auth\/login:/;
    expect(errors.filter((line) => !provoked.test(line))).toEqual([]);
  });
});
