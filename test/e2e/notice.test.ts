// The public notice in a real browser: HR starts the notice of a plan's recommended list (the dates
// counted in working days), an employee objects in their real name, HR investigates and dismisses
// the objection (the employee sees the reasons), the list cannot be confirmed before the end date,
// and once the notice has ended HR confirms it. The earlier stages (pilot, plan, applications,
// committee recommendation) are seeded through the API and the services.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDays } from '../../src/domain/calendar-date.ts';
import { notices } from '../../src/modules/notices/tables.ts';
import { launchBrowser, newPage, screenshot, type PageHandle } from '../support/browser.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { acceptPilot, buildEvaluationBody, ensureCalendar } from '../support/pilot-factories.ts';
import { TestClient, type TestApp } from '../support/test-app.ts';
import { dialogOpened } from '../support/e2e.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { openPlan } from '../integration/applications-fixtures.ts';
import { recommendedApplicants } from '../integration/notices-fixtures.ts';
import { testClock } from '../support/clock.ts';

const today = testClock().today();
const YEAR = Number(today.slice(0, 4));
const PASSWORD = 'Notice-test-2021';

async function login(page: Page, username: string) {
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === '/');
}

async function nav(page: Page, label: string) {
  await page.locator('.ant-layout-sider').getByRole('link', { name: label, exact: true }).click();
}

async function confirmDialog(page: Page, okText: string) {
  const dialog = page.locator('.ant-modal-confirm:visible, .ant-modal:visible').last();
  const name = new RegExp(`^${[...okText].join('\\s?')}$`);
  await dialogOpened(dialog);
  await dialog.getByRole('button', { name }).click();
  await dialog.waitFor({ state: 'hidden' });
}

async function snap(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-modal-wrap:visible .ant-modal').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  await page.waitForTimeout(400);
  await screenshot(page, name);
}

async function chooseOption(page: Page, select: ReturnType<Page['locator']>, text?: string) {
  await select.click();
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await (text ? options.filter({ hasText: text }) : options).first().click();
}

describe('the public notice in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let handle: PageHandle;
  let noticeId: string;

  beforeAll(async () => {
    server = await startTestServer();
    await ensureCalendar(server.handle.db, YEAR);
    const admin = await TestClient.login(server.app, 'admin', server.adminPassword);
    const signIn = (username: string, password: string) => TestClient.login(server.app, username, password);
    const t = { handle: server.handle, app: server.app, login: signIn } as unknown as TestApp;
    const province = await buildProvince(admin, { name: '黑龙江省人力资源和社会保障厅', provinceCode: '23' });
    const enterprise = await buildEnterprise(admin, province.id, { name: '哈尔滨电机厂有限责任公司' });
    await acceptPilot(t, admin, province.id, [enterprise.id], YEAR);
    const body = await buildEvaluationBody(admin, enterprise.id, 'internal', '哈电机职业技能等级认定考评机构');
    await buildUser(admin, enterprise.id, ['enterprise-admin'], { username: 'hdj.hr', displayName: '王丽华', password: PASSWORD });
    await buildUser(admin, enterprise.id, ['employee'], { username: 'hdj.zhao', displayName: '赵志刚', password: PASSWORD });
    const hr = await signIn('hdj.hr', PASSWORD);
    const planId = await openPlan(t, hr, body.id);
    await recommendedApplicants(server.handle.db, signIn, admin, enterprise.id, planId, ['张建国', '李卫东']);
    browser = await launchBrowser();
    handle = await newPage(browser, server.url);
  }, 180_000);

  afterAll(async () => {
    await handle?.close();
    await browser?.close();
    await server?.close();
  });

  it('HR starts the notice with the computed dates', async () => {
    const { page } = handle;
    await login(page, 'hdj.hr');
    await nav(page, '公示管理');
    await page.getByRole('heading', { name: '公示管理' }).waitFor();
    await snap(page, 'notice-01-admin-empty');
    await chooseOption(page, page.getByTestId('notice-start').locator('.ant-select').first());
    await page.getByTestId('notice-computed').waitFor();
    await expect.poll(() => page.getByTestId('notice-computed').textContent()).toContain(today);
    await page.getByTestId('notice-contact').fill('人力资源部 王丽华 0451-82870000');
    await expect.poll(() => page.getByTestId('notice-start').locator('.ant-table-row').count()).toBe(2);
    await snap(page, 'notice-02-start-preview');
    await page.getByTestId('notice-start-button').click();
    await confirmDialog(page, '启动公示');
    await page.waitForURL((url) => /^\/notices\/[0-9a-f-]{36}$/.test(url.pathname));
    noticeId = new URL(page.url()).pathname.split('/').pop()!;
    await expect.poll(() => page.getByTestId('notice-period').textContent()).toContain(today);
    expect(await page.getByTestId('notice-phase').textContent()).toBe('公示中');
    await snap(page, 'notice-03-started');
  });

  it('HR publishes the notice on a public link that anyone can open without signing in', async () => {
    const { page } = handle;
    await page.getByTestId('public-link-switch').click();
    const link = await page.getByTestId('public-link').locator('a').getAttribute('href');
    expect(link).toMatch(/\/notice\/[A-Za-z0-9_-]{32}$/);
    const anonymous = await newPage(browser, server.url);
    try {
      await anonymous.page.goto(new URL(link!).pathname);
      await expect.poll(() => anonymous.page.getByTestId('public-period').textContent()).toContain(today);
      await anonymous.page.getByText('李卫东').first().waitFor();
      await snap(anonymous.page, 'notice-03b-public-page');
      expect(anonymous.errors).toEqual([]);
    } finally {
      await anonymous.close();
    }
  });

  it('an employee reads the notice and objects in their real name', async () => {
    const { page } = handle;
    await login(page, 'hdj.zhao');
    await nav(page, '公示');
    await page.getByRole('link', { name: '查看' }).first().click();
    await page.getByTestId('objection-form').waitFor();
    await chooseOption(page, page.getByTestId('objection-form').locator('.ant-select').first(), '李卫东');
    await page.getByTestId('objection-name').fill('赵志刚');
    await page.getByTestId('objection-contact').fill('13900001111');
    await page.getByTestId('objection-content').fill('李卫东同志申报的技术革新项目并非本人主持，请核实。');
    await snap(page, 'notice-04-objection-form');
    await page.getByTestId('objection-submit').click();
    await page.getByText('异议已提交').waitFor();
    await page.getByTestId('notice-objections').getByText('待调查').waitFor();
    await snap(page, 'notice-05-objection-sent');
  });

  it('HR investigates and dismisses the objection; the list cannot be confirmed before the end date', async () => {
    const { page } = handle;
    await login(page, 'hdj.hr');
    await page.goto(`/notices/${noticeId}`);
    const objections = page.getByTestId('notice-objections');
    await objections.getByRole('button', { name: '记录调查' }).click();
    await page.getByTestId('investigation-note').fill('调阅项目立项书和验收报告，询问车间主任。');
    await confirmDialog(page, '确定');
    await objections.getByText('调查核实中').waitFor();
    await objections.getByRole('button', { name: '作出结论' }).click();
    await page.getByTestId('finding-reasons').fill('经核实，该项目由李卫东同志主持完成，立项书和验收报告均有记载。');
    await snap(page, 'notice-06-finding');
    await dialogOpened(page.locator('.ant-modal:visible').last());
    await page.locator('.ant-modal:visible').getByRole('button', { name: '作出结论' }).click();
    await confirmDialog(page, '确定');
    await objections.getByText('异议不成立').waitFor();
    await expect.poll(() => page.getByTestId('confirm-blockers').textContent()).toContain('公示期满后方可核准名单');
    expect(await page.getByTestId('confirm-list').isDisabled()).toBe(true);
    await snap(page, 'notice-07-dismissed-not-ended');
  });

  it('the objector sees the finding and its reasons', async () => {
    const { page } = handle;
    await login(page, 'hdj.zhao');
    await page.goto(`/notices/${noticeId}`);
    await page.getByText('经核实，该项目由李卫东同志主持完成').waitFor();
    await snap(page, 'notice-08-objector-sees-finding');
  });

  it('after the end date HR confirms the list', async () => {
    const { page } = handle;
    // Time passes: the notice's period is moved into the past (as if it had started 30 days ago).
    await server.handle.db.update(notices).set({ startDate: addDays(today, -30), endDate: addDays(today, -20) }).where(eq(notices.id, noticeId));
    await login(page, 'hdj.hr');
    await page.goto(`/notices/${noticeId}`);
    await page.getByTestId('confirm-list').waitFor();
    await expect.poll(() => page.getByTestId('confirm-list').isEnabled()).toBe(true);
    await page.getByTestId('confirm-list').click();
    await confirmDialog(page, '确定');
    await page.getByText('名单已核准').first().waitFor();
    expect(await page.getByTestId('notice-phase').textContent()).toBe('已核准');
    await expect.poll(() => page.getByTestId('notice-candidates').getByText('已核准').count()).toBe(2);
    await page.getByTestId('notice-timeline').getByText('核准名单').first().waitFor();
    await snap(page, 'notice-09-confirmed');
    expect(handle.errors).toEqual([]);
  });
});
