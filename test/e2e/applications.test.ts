// Applications in a real browser: an employee applies with evidence, HR returns the application,
// the employee corrects and resubmits it, HR reviews every condition and finds it eligible. The
// plan and the register are seeded through the API; the acts are done on the pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, type PageHandle } from '../support/browser.ts';
import { buildProvince } from '../support/factories.ts';
import { samplePdf, samplePng } from '../support/files.ts';
import { pilotGroup } from '../support/pilot-factories.ts';
import { TestClient, type TestApp } from '../support/test-app.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { goodRow, importRegister, openPlan, registerWorkbook } from '../integration/applications-fixtures.ts';
import { confirmDialog, dialogOpened, signIn, snap } from '../support/e2e.ts';

const PASSWORD = 'Password-2021-ok';
const employeeRow = goodRow(1, { name: '张建国', honours: '全国技术能手' });

const login = signIn;

async function uploadEvidence(page: Page, testId: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  const field = page.getByTestId(testId);
  await field.locator('input[type=file]').setInputFiles(file);
  await field.getByText(file.name).waitFor();
}

async function goToStep(page: Page, title: string) {
  await page.locator('.ant-steps-item').filter({ hasText: title }).first().click();
}

describe('applications in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let handle: PageHandle;
  let planId: string;
  let hrUser: { username: string; password: string };
  let employeeUsername: string;

  beforeAll(async () => {
    server = await startTestServer();
    const t = { app: server.app, handle: server.handle, login: (username: string, password: string) => TestClient.login(server.app, username, password) } as unknown as TestApp;
    const admin = await TestClient.login(server.app, 'admin', server.adminPassword);
    const province = await buildProvince(admin, { name: '黑龙江省人力资源和社会保障厅', provinceCode: '23' });
    const setup = await pilotGroup(t, admin, province.id);
    hrUser = { username: setup.hr.me.username as string, password: PASSWORD };
    planId = await openPlan(t, setup.hr, setup.body.id);
    const job = await importRegister(setup.hr, await registerWorkbook([employeeRow, goodRow(2, { name: '李卫东', postSince: '2023-03-01' }), goodRow(3, { name: '王海峰' })]));
    if ((job.result as { outcome?: string }).outcome !== 'imported') throw new Error(JSON.stringify(job));
    const row = (await setup.hr.get(`/api/v1/register?q=${encodeURIComponent(employeeRow.name!)}`)).json().items[0];
    employeeUsername = 'zhangjianguo';
    // HR opens the account; its user chooses PASSWORD at the first log-in.
    const account = await setup.hr.post(`/api/v1/register/${row.id}/user`, { username: employeeUsername });
    if (account.statusCode !== 201) throw new Error(account.body);
    await TestClient.firstLogIn(server.app, employeeUsername, account.json().initialPassword, PASSWORD);
    browser = await launchBrowser();
    handle = await newPage(browser, server.url);
  }, 240_000);

  afterAll(async () => {
    await handle?.close();
    await browser?.close();
    await server?.close();
  });

  it('HR sees the register and screens it against the plan', async () => {
    const { page } = handle;
    await login(page, hrUser.username, hrUser.password);
    await page.goto('/register');
    await page.getByText(employeeRow.name!).first().waitFor();
    // A file with a bad row imports nothing and lists every fault.
    const bad = await registerWorkbook([goodRow(20, { name: '赵立新' }), goodRow(21, { name: '钱国强', idNumber: '230102197503150013', occupationCode: '9-99-99-99' })]);
    await page.locator('.ant-upload input[type=file]').first().setInputFiles({ name: '职工名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bad });
    await page.getByTestId('register-import-errors').getByText('职业（工种）代码9-99-99-99不在职业（工种）目录中').waitFor();
    await snap(page, 'applications-01-register-errors');
    const good = await registerWorkbook([goodRow(20, { name: '赵立新' })]);
    await page.locator('.ant-upload input[type=file]').first().setInputFiles({ name: '职工名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: good });
    await page.getByTestId('register-import-done').waitFor();
    await page.getByText('赵立新').first().waitFor();
    await snap(page, 'applications-01-register');
    await page.goto(`/screening?plan=${planId}`);
    await page.getByTestId('condition-conduct-pending').first().waitFor();
    await expect(page.getByText('王海峰').count()).resolves.toBeGreaterThan(0);
    // Invite one who meets the register's conditions.
    await page.locator('tr').filter({ hasText: '王海峰' }).locator('.ant-checkbox-input').check();
    await page.getByTestId('screening-invite').click();
    await confirmDialog(page);
    await page.locator('tr').filter({ hasText: '王海峰' }).getByText('已邀请').waitFor();
    await snap(page, 'applications-02-screening');
    await page.locator('.ant-segmented-item').filter({ hasText: '不符合' }).click();
    await page.getByTestId('candidate-reason').first().waitFor();
    await expect(page.getByTestId('candidate-reason').first().textContent()).resolves.toContain('不满5年');
    await snap(page, 'applications-02-screening-not-met');
  });

  it('the employee applies with evidence and submits', async () => {
    const { page } = handle;
    await login(page, employeeUsername, PASSWORD);
    await page.goto('/my-application');
    await page.getByTestId('application-start').click();
    await page.getByTestId('application-form').waitFor();
    await page.getByTestId('field-phone').fill('13800000000');

    await goToStep(page, '资格与岗位');
    await uploadEvidence(page, 'evidence-qualification', { name: '高级技师证书.pdf', mimeType: 'application/pdf', buffer: samplePdf('certificate') });
    await uploadEvidence(page, 'evidence-post', { name: '聘书.png', mimeType: 'image/png', buffer: samplePng() });

    await goToStep(page, '业绩成果');
    await page.getByTestId('achievement-add').click();
    await page.getByTestId('achievement-title-0').fill('大型汽轮机转子焊接绝技');
    await page.getByTestId('achievement-description-0').fill('独创窄间隙焊接操作法，焊缝一次合格率由92%提高到99.5%。');
    await uploadEvidence(page, 'evidence-achievement-0', { name: '操作法鉴定证书.pdf', mimeType: 'application/pdf', buffer: samplePdf('method') });

    await goToStep(page, '荣誉（优先条件）');
    await page.getByTestId('honour-date-0').click();
    await page.keyboard.type('2018-05-01');
    await page.keyboard.press('Enter');
    await uploadEvidence(page, 'evidence-honour-0', { name: '全国技术能手证书.pdf', mimeType: 'application/pdf', buffer: samplePdf('honour') });

    await goToStep(page, '声明与承诺');
    await page.getByText('本人承诺遵守国家法律法规和企业规章制度').click();
    await page.getByTestId('health-fit').getByText('是').click();
    await uploadEvidence(page, 'evidence-health', { name: '体检报告.pdf', mimeType: 'application/pdf', buffer: samplePdf('health') });
    await page.getByText('本人承诺所填信息和所附材料真实有效').click();
    await uploadEvidence(page, 'evidence-integrity', { name: '诚信承诺书.pdf', mimeType: 'application/pdf', buffer: samplePdf('pledge') });

    await page.getByTestId('application-save').click();
    await page.getByText('草稿已保存').waitFor();
    await goToStep(page, '核对提交');
    await page.getByTestId('application-complete').waitFor();
    await snap(page, 'applications-03-form-complete');

    // A refused type is said in the page, nothing is added.
    await goToStep(page, '声明与承诺');
    await page.getByTestId('evidence-health').locator('input[type=file]').setInputFiles({ name: '病历.txt', mimeType: 'text/plain', buffer: Buffer.from('not a document') });
    await page.getByText(/只接受 PDF、JPG、PNG/).waitFor();

    await page.getByTestId('application-submit').click();
    await confirmDialog(page);
    await page.getByText('申报已提交，等待资格审核。').waitFor();
    await expect(page.getByTestId('application-status').first().textContent()).resolves.toBe('待审核');
    await page.getByTestId('application-timeline').getByText('提交申报').waitFor();
    // Evidence opens inside the page.
    await page.getByTestId('evidence-preview').first().click();
    await page.getByTestId('evidence-frame').waitFor();
    // The PDF viewer inside the frame keeps loading: no wait for an idle network here.
    await page.waitForTimeout(1000);
    await screenshot(page, 'applications-04-submitted');
    await page.keyboard.press('Escape');
  });

  it('HR returns it with comments', async () => {
    const { page } = handle;
    await login(page, hrUser.username, hrUser.password);
    await page.goto(`/applications?plan=${planId}`);
    await page.getByTestId(`open-application-${employeeRow.name}`).click();
    await page.getByTestId('review-qualification').waitFor();
    await snap(page, 'applications-05-review-drawer');
    await page.getByTestId('application-return').click();
    await page.getByTestId('text-act-input').fill('请补充近一年的体检报告原件扫描件');
    await dialogOpened(page.locator('.ant-modal:visible').last());
    await page.locator('.ant-modal:visible .ant-btn-primary').last().click();
    await page.locator('.ant-drawer').getByText('已退回修改').first().waitFor();
  });

  it('the employee is notified, corrects and resubmits', async () => {
    const { page } = handle;
    await login(page, employeeUsername, PASSWORD);
    await page.getByTestId('notification-bell').locator('.ant-badge-count').waitFor();
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-list').getByText('申报被退回修改').waitFor();
    await snap(page, 'applications-06-notification');
    await page.getByTestId('notification-list').getByText('申报被退回修改').click();
    await page.waitForURL((url) => url.pathname === '/my-application');
    await page.getByTestId('returned-alert').waitFor();
    await goToStep(page, '声明与承诺');
    await uploadEvidence(page, 'evidence-health', { name: '体检报告原件.jpg', mimeType: 'image/jpeg', buffer: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7), Buffer.from([0xff, 0xd9])]) });
    await page.getByTestId('application-submit').click();
    await confirmDialog(page);
    await page.getByText('申报已提交，等待资格审核。').waitFor();
    await expect(page.getByTestId('application-timeline').getByText('退回修改').count()).resolves.toBeGreaterThan(0);
  });

  it('HR reviews every condition and finds it eligible', async () => {
    const { page } = handle;
    await login(page, hrUser.username, hrUser.password);
    await page.goto(`/applications?plan=${planId}`);
    await page.getByTestId(`open-application-${employeeRow.name}`).click();
    for (const condition of ['qualification', 'yearsInPost', 'occupation', 'conduct', 'performance', 'health', 'notBanned']) {
      await page.getByTestId(`confirm-${condition}`).click();
      await page.getByTestId(`review-${condition}`).getByText('已确认').waitFor();
    }
    // Working in the front line is a judgement HR makes from the post; the rules cannot read it.
    await page.getByTestId('decide-frontLine').click();
    await page.getByTestId('decide-reason').fill('总装车间焊接岗位，一线操作');
    await page.getByTestId('decide-ok').click();
    await page.getByTestId('review-frontLine').getByText('已认定为符合').waitFor();
    await page.getByTestId('application-mark-eligible').click();
    await confirmDialog(page);
    await page.locator('.ant-drawer').getByText('符合条件').first().waitFor();
    await snap(page, 'applications-07-eligible');
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('quota-card').getByText('6-18-01-01').waitFor();
    await snap(page, 'applications-08-review-list');
    await page.goto('/bans');
    await page.getByText('禁入名单为空。').waitFor();
    await snap(page, 'applications-09-bans');
  });

  it('the employee sees the result and every step', async () => {
    const { page } = handle;
    await login(page, employeeUsername, PASSWORD);
    // The home page says where the application stands and what comes next.
    const mine = page.getByTestId('home-my-application');
    await mine.getByTestId('application-status').filter({ hasText: '符合条件' }).waitFor();
    expect(await mine.getByTestId('home-next-step').textContent()).toBe('资格审核通过，等待评审。');
    await snap(page, 'applications-09-employee-home');
    await mine.getByRole('link', { name: /查看申报/ }).click();
    await page.waitForURL((url) => url.pathname === '/my-application');
    await page.getByTestId('eligible-alert').waitFor();
    const timeline = page.getByTestId('application-timeline');
    await timeline.getByText('资格审核通过').waitFor();
    await snap(page, 'applications-10-employee-result');
    // The one refusal the test asked for (a .txt as evidence) is the only failed request.
    expect(handle.errors.filter((line) => !line.includes('favicon') && !(line.includes('415') && line.includes('/api/v1/files')))).toEqual([]);
  });
});
