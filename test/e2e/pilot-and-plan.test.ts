// Pilot filing and the work plan in a real browser, in a year the ministry sets to the 2021 model
// on the 评聘工作设置 page: a province files its pilot application (and, when the deadline has
// passed, sees why it cannot submit until the ministry moves it), the ministry accepts it, the
// enterprise's HR drafts a plan, validates it (every error in Chinese next to its field), completes
// and publishes it, files it with the province, which accepts the filing, and an employee reads it
// on the page and as a PDF.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { launchBrowser, newPage, screenshot, type PageHandle } from '../support/browser.ts';
import { buildEvaluationBody, ensureCalendar } from '../support/pilot-factories.ts';
import { TestClient } from '../support/test-app.ts';
import { dialogOpened } from '../support/e2e.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { testClock } from '../support/clock.ts';

const today = testClock().today();
const YEAR = Number(today.slice(0, 4));
const PASSWORD = 'Pilot-plan-2021';
const ENTERPRISE = '哈尔滨电机厂有限责任公司';
const PROVINCE = '黑龙江省人力资源和社会保障厅';

async function login(page: Page, username: string) {
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** Opens a page from the side menu. */
async function nav(page: Page, label: string) {
  await page.locator('.ant-layout-sider').getByRole('link', { name: label, exact: true }).click();
}

/** Types a date into an antd DatePicker found by its label. */
async function pickDate(page: Page, label: string, date: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

async function confirmDialog(page: Page, okText: string) {
  const dialog = page.locator('.ant-modal-confirm:visible, .ant-modal:visible').last();
  // antd spaces out a two-character Chinese button label (备 案).
  const name = new RegExp(`^${[...okText].join('\\s?')}$`);
  await dialogOpened(dialog);
  await dialog.getByRole('button', { name }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Waits for the requests and the animations to finish, then saves a screenshot. */
async function snap(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-modal-wrap:visible .ant-modal').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  await page.waitForTimeout(400);
  await screenshot(page, name);
}

describe('pilot filing and work plan in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let handle: PageHandle;

  beforeAll(async () => {
    server = await startTestServer();
    await ensureCalendar(server.handle.db, YEAR);
    // The organisation tree and the accounts, through the API as the administrator would make them.
    const admin = await TestClient.login(server.app, 'admin', server.adminPassword);
    const province = await buildProvince(admin, { name: PROVINCE, provinceCode: '23' });
    const enterprise = await buildEnterprise(admin, province.id, { name: ENTERPRISE });
    await buildEvaluationBody(admin, enterprise.id, 'internal', '哈电机职业技能等级认定考评机构');
    await buildUser(admin, province.id, ['department-admin'], { username: 'hlj.rst', displayName: '刘处长', password: PASSWORD });
    await buildUser(admin, admin.me.organisation.id, ['ministry-admin'], { username: 'mohrss.skills', displayName: '陈司长', password: PASSWORD });
    await buildUser(admin, enterprise.id, ['enterprise-admin'], { username: 'hdj.hr', displayName: '王丽华', password: PASSWORD });
    await buildUser(admin, enterprise.id, ['employee'], { username: 'hdj.zhang', displayName: '张建国', password: PASSWORD });
    browser = await launchBrowser();
    handle = await newPage(browser, server.url);
  });

  afterAll(async () => {
    await handle?.close();
    await browser?.close();
    await server?.close();
  });

  it('files a pilot, accepts it, drafts, validates, publishes and reads a plan', async () => {
    const { page, errors } = handle;
    try {
      await fileAndAcceptPilot(page);
      await ministryImportsCatalogue(page);
      await draftAndPublishPlan(page);
      await employeeReadsPlan(page);
      await departmentSeesFiledPlan(page);
    } catch (error) {
      await screenshot(page, 'pilot-plan-failure');
      throw error;
    }
    // The refused import (422) is logged by the browser as a failed request; it is the refusal the test asks for.
    expect(errors.filter((error) => !/422 .*\/api\/v1\/occupations\/import/.test(error))).toEqual([]);
    // One story through six sign-ins (the year's setting, the filing, the catalogue, the plan, the
    // employee, the department's acceptance of the filing): over two minutes on a loaded machine.
  }, 240_000);
});

/** The ministry sets the year on the 评聘工作设置 page: the 2021 model, with a deadline. */
async function setMinistryFiling(page: Page, deadline: string, first: boolean) {
  await login(page, 'mohrss.skills');
  await nav(page, '评聘工作设置');
  await page.getByTestId(`jurisdiction-edit-${YEAR}`).click();
  if (first) {
    await page.getByTestId('jurisdiction-model').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '2021年试点模式' }).click();
  }
  await pickDate(page, '试点申请报送截止日期', deadline);
  await page.getByTestId('jurisdiction-save').click();
  await page.getByText(`${YEAR} 年度设置已保存`).waitFor();
  await expect.poll(() => page.getByTestId(`jurisdiction-model-${YEAR}`).textContent()).toContain('2021年试点模式');
}

async function fileAndAcceptPilot(page: Page) {
  const defaultDeadlinePassed = today > `${YEAR}-09-30`;
  // The year runs the 2021 model with the notice's own date, 30 September.
  await setMinistryFiling(page, `${YEAR}-09-30`, true);
  await snap(page, 'pilot-plan-00-jurisdiction-settings');

  // The province prepares its application: the enterprise is chosen from the table with its filing.
  await login(page, 'hlj.rst');
  await nav(page, '试点申报');
  await page.getByTestId('pilot-create').click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('试点年度', { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: `${YEAR}年` }).first().click();
  await drawer.getByRole('row', { name: new RegExp(ENTERPRISE) }).getByRole('checkbox').check();
  await drawer.getByTestId('pilot-contact-name').fill('李明');
  await drawer.getByTestId('pilot-contact-phone').fill('0451-82345678');
  if (defaultDeadlinePassed) {
    // 30 September is past: the page says why it cannot be submitted.
    await expect.poll(() => drawer.getByTestId('pilot-deadline').textContent()).toContain('已截止，不能再提交');
    expect(await drawer.getByTestId('pilot-submit').isDisabled()).toBe(true);
    await snap(page, 'pilot-plan-01-deadline-passed');
    await drawer.getByTestId('pilot-save').click();
    await page.getByText('试点申请已保存').waitFor();
    await page.getByTestId('pilot-history').waitFor();
    await page.keyboard.press('Escape');

    // The ministry moves the year's deadline.
    await setMinistryFiling(page, `${YEAR}-12-31`, false);
    await snap(page, 'pilot-plan-02-pilot-years');

    // The province submits its draft now.
    await login(page, 'hlj.rst');
    await nav(page, '试点申报');
    await page.getByTestId(`pilot-open-${YEAR}`).click();
    await page.getByTestId('pilot-detail-submit').click();
  } else {
    await drawer.getByTestId('pilot-submit').click();
  }
  await confirmDialog(page, '报送人社部');
  await page.getByText('试点申请已报送人力资源社会保障部').waitFor();
  await expect.poll(() => page.getByRole('dialog').getByTestId('pilot-status').first().textContent()).toBe('已报送');
  await snap(page, 'pilot-plan-03-submitted');

  // The ministry accepts it (备案).
  await login(page, 'mohrss.skills');
  await nav(page, '试点申报');
  await page.getByTestId(`pilot-open-${YEAR}`).click();
  await page.getByTestId('pilot-accept').click();
  await page.getByTestId('pilot-accept-note').fill('同意备案。');
  await screenshot(page, 'pilot-plan-04-accept-confirm');
  await confirmDialog(page, '备案');
  await page.getByText(`已备案，申请中的企业成为 ${YEAR} 年度试点企业`).waitFor();
  await expect.poll(() => page.getByTestId('pilot-history').textContent()).toContain('同意备案。');
  // The ministry may still amend the accepted list.
  await page.getByTestId('pilot-amend').waitFor();
  await page.locator('.ant-drawer-close').click();
  await page.locator('.ant-drawer-mask').waitFor({ state: 'hidden' });
  await expect.poll(() => page.locator('.ant-card', { hasText: '试点企业名单' }).textContent()).toContain(ENTERPRISE);
  await snap(page, 'pilot-plan-05-accepted');
}

async function ministryImportsCatalogue(page: Page) {
  // Still signed in as the ministry: a file with bad rows is refused with a report per row, a good one is merged.
  await nav(page, '职业（工种）目录');
  await page.getByTestId('occupation-import').click();
  const input = page.locator('.ant-modal input[type=file]');
  const bad = ['职业编码,职业名称,所属类别', '6-25-04-10,物联网安装调试员,电子设备装配调试人员', '62504-11,某工种,', '6-25-04-12,,'].join('\n');
  await input.setInputFiles({ name: '补充目录.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  const report = page.getByTestId('occupation-errors');
  await report.waitFor();
  expect(await report.textContent()).toContain('第3行：职业编码“62504-11”格式不正确');
  expect(await report.textContent()).toContain('第4行：缺少职业名称');
  await snap(page, 'pilot-plan-05a-catalogue-errors');
  await input.setInputFiles({ name: '补充目录.csv', mimeType: 'text/csv', buffer: Buffer.from(bad.split('\n').slice(0, 2).join('\n')) });
  await page.getByText('导入完成：共 1 条，新增 1 条', { exact: false }).first().waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('occupation-search').fill('物联网');
  await expect.poll(() => page.getByTestId('occupation-table').textContent()).toContain('6-25-04-10');
}

async function draftAndPublishPlan(page: Page) {
  await login(page, 'hdj.hr');
  await nav(page, '工作方案');
  await page.getByTestId('plan-create').click();
  await page.getByTestId('plan-create-confirm').click();
  await page.waitForURL((url) => /^\/plans\/[0-9a-f-]{36}$/.test(url.pathname));

  // Scope: a title and two occupations from the catalogue.
  await page.getByTestId('plan-title').fill(`${ENTERPRISE}${YEAR}年特级技师评聘工作方案`);
  const occupations = page.getByLabel('实施评聘的职业（工种）', { exact: true });
  await occupations.click();
  for (const name of ['车工', '焊工']) {
    await page.keyboard.type(name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click();
  }
  await page.keyboard.press('Escape');

  // Validate the incomplete draft: every reason, in Chinese, next to its field, and a list above.
  await page.getByTestId('plan-validate').click();
  const issues = page.getByTestId('plan-issues');
  await issues.waitFor();
  const issueText = await issues.textContent();
  expect(issueText).toContain('请填写申报条件的计算截止日期');
  expect(issueText).toContain('请选择承担评审的考评机构');
  expect(issueText).toContain('请填写申报开始日期');
  await page.getByRole('tab', { name: /申报条件/ }).click();
  await expect.poll(() => page.locator('.ant-form-item-explain-error:visible').allTextContents()).toContain('请填写申报条件的计算截止日期');
  await snap(page, 'pilot-plan-06-validation-errors');

  // Complete it, tab by tab.
  await pickDate(page, '条件计算截止日期', `${YEAR}-10-31`);
  await page.getByRole('tab', { name: /组织形式/ }).click();
  await page.getByLabel('本企业考评机构').check();
  await page.getByLabel('考评机构', { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '哈电机职业技能等级认定考评机构' }).click();
  await page.getByRole('tab', { name: /结构比例/ }).click();
  await page.getByTestId('plan-fill-quotas').click();
  await page.getByTestId('plan-quota-max-0').fill('3');
  await page.getByTestId('plan-quota-max-1').fill('2');
  await page.getByRole('tab', { name: /工作安排/ }).click();
  const dates: [string, string][] = [
    ['个人申报 · 开始', `${YEAR}-11-02`],
    ['个人申报 · 结束', `${YEAR}-11-13`],
    ['评审 · 开始', `${YEAR}-11-16`],
    ['评审 · 结束', `${YEAR}-11-27`],
    ['公示 · 开始', `${YEAR}-12-01`],
    ['公示 · 结束', `${YEAR}-12-10`],
    ['确认并颁发证书', `${YEAR}-12-18`],
  ];
  for (const [label, date] of dates) await pickDate(page, label, date);
  await page.getByRole('tab', { name: /公示与联系人/ }).click();
  await page.getByTestId('plan-contact-name').fill('王丽华');
  await page.getByTestId('plan-contact-phone').fill('0451-86543210');
  await page.getByTestId('plan-save').click();
  await page.getByText('已保存', { exact: true }).waitFor();

  await page.getByTestId('plan-validate').click();
  await page.getByTestId('plan-valid').waitFor();
  await snap(page, 'pilot-plan-07-valid');

  // Publish, with the confirmation.
  await page.getByTestId('plan-publish').click();
  await confirmDialog(page, '发布');
  await page.getByText('已发布第 1 版', { exact: true }).waitFor();
  await expect.poll(() => page.getByTestId('plan-facts').textContent()).toContain('已发布');

  // File it with the province.
  await page.getByTestId('plan-file').click();
  await confirmDialog(page, '报送主管部门备案');
  await page.getByText('已报送备案', { exact: true }).waitFor();
  await expect.poll(() => page.getByTestId('plan-facts').textContent()).toContain(`报送“${PROVINCE}”备案`);
  await page.getByRole('tab', { name: '版本记录' }).click();
  await page.getByTestId('plan-diff').waitFor();
  await snap(page, 'pilot-plan-08-published');
}

async function employeeReadsPlan(page: Page) {
  await login(page, 'hdj.zhang');
  await nav(page, '方案公示');
  await page.getByText('阅读方案').first().click();
  const document = page.getByTestId('plan-document');
  await document.waitFor();
  const text = await document.textContent();
  expect(text).toContain(`${ENTERPRISE}${YEAR}年特级技师评聘工作方案`);
  expect(text).toContain('车工（6-18-01-01）');
  expect(text).toContain('焊工（6-18-02-04）');
  expect(text).toContain('三分之二');
  expect(text).toContain('公示期不少于5个工作日');
  await snap(page, 'pilot-plan-09-employee-reads');
  const href = await page.getByTestId('published-plan-pdf').getAttribute('href');
  const pdf = await page.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
}

async function departmentSeesFiledPlan(page: Page) {
  await login(page, 'hlj.rst');
  await nav(page, '工作方案');
  const table = page.getByTestId('plan-table');
  await expect.poll(() => table.textContent()).toContain(ENTERPRISE);
  expect(await table.textContent()).toContain('已报送（第 1 版）');
  expect(await table.textContent()).toContain('待主管部门办理');
  await snap(page, 'pilot-plan-10-department-filed');

  // The province accepts the filing on the plan's page; the plan says which model applies.
  await table.getByRole('link').first().click();
  await page.waitForURL((url) => /^\/plans\/[0-9a-f-]{36}$/.test(url.pathname));
  await expect.poll(() => page.getByTestId('plan-standing').textContent()).toContain('2021年试点模式');
  await page.getByTestId('plan-filing-accept').click();
  await page.getByTestId('plan-filing-text').fill('同意备案，请按方案组织实施。');
  await page.getByTestId('plan-filing-confirm').click();
  await page.getByText('已接受备案', { exact: true }).waitFor();
  await expect.poll(() => page.getByTestId('plan-filing-status').textContent()).toContain('备案已接受：同意备案，请按方案组织实施。');
  await snap(page, 'pilot-plan-11-filing-accepted');
}
