// 聘任 in a real browser: the enterprise's HR appoints a new certificate holder with an open-ended
// agreement (无固定期限) granting the notice's treatments one by one (the agreement generated from
// the template, downloaded as PDF), records the signing with the uploaded scan,
// records a studio project, sees the fraud warning before an exit; the supervising department reads
// the same holder without any button to change it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { systemContext } from '../../src/platform/context.ts';
import { launchBrowser, newPage, screenshot, type PageHandle } from '../support/browser.ts';
import { holder, pdfText } from '../support/certificate-factories.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { samplePdf } from '../support/files.ts';
import { TestClient } from '../support/test-app.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { testClock } from '../support/clock.ts';
import { confirmedHolders } from '../support/confirmed-list.ts';

const PASSWORD = 'Appoint-2021-ok';
const ENTERPRISE = '哈尔滨电机厂有限责任公司';

async function login(page: Page, username: string) {
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === '/');
}

async function snap(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
  await screenshot(page, name);
}

async function choose(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

describe('appointments in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let handle: PageHandle;
  let code: string;

  beforeAll(async () => {
    server = await startTestServer();
    const admin = await TestClient.login(server.app, 'admin', server.adminPassword);
    const province = await buildProvince(admin, { name: '黑龙江省人力资源和社会保障厅', provinceCode: '23' });
    const enterprise = await buildEnterprise(admin, province.id, { name: ENTERPRISE });
    await buildUser(admin, province.id, ['department-admin'], { username: 'hlj.rst', displayName: '刘处长', password: PASSWORD });
    await buildUser(admin, enterprise.id, ['enterprise-admin'], { username: 'hdj.hr', displayName: '王丽华', password: PASSWORD });
    // The certificate, issued through the certificates service.
    const issued = await issueCertificates(server.handle.db, systemContext(testClock(), 'e2e'), { enterpriseId: enterprise.id, issuedOn: '2024-12-18', ...(await confirmedHolders(server.handle.db, enterprise.id, [holder(21, { name: '张建国' })])) });
    code = issued.certificates[0].code;
    browser = await launchBrowser();
    handle = await newPage(browser, server.url);
  });

  afterAll(async () => {
    await handle?.close();
    await browser?.close();
    await server?.close();
  });

  it('appoints a new holder, uploads the signed agreement and records a studio project', async () => {
    const { page, errors } = handle;
    try {
      await login(page, 'hdj.hr');
      await page.locator('.ant-layout-sider').getByRole('link', { name: '聘任管理', exact: true }).click();
      await expect.poll(() => page.getByTestId('holder-table').textContent()).toContain('张建国');
      expect(await page.getByTestId('holder-table').textContent()).toContain('未聘任');
      await snap(page, 'appointments-01-holders');

      // The agreement template: the default text, its placeholders, a preview.
      await page.getByRole('tab', { name: '聘任协议模板' }).click();
      await expect.poll(() => page.getByTestId('template-body').inputValue()).toContain('人社厅发〔2021〕66号');
      await page.getByTestId('template-preview').click();
      await expect.poll(() => page.getByTestId('template-preview-text').textContent()).toContain(ENTERPRISE);
      await snap(page, 'appointments-02-template');

      // Appoint, open-ended, with the treatments of 五(二): the agreement is generated.
      await page.getByRole('tab', { name: '持证人' }).click();
      await page.getByTestId(`holder-open-${code}`).click();
      await page.getByTestId('appoint-post').fill('首席电气技能专家');
      await page.getByTestId('appoint-duties').fill('负责大型发电机组检修的技术攻关，带徒传技。');
      await page.getByTestId('appoint-term-kind').getByLabel('无固定期限').check();
      expect(await page.getByTestId('appoint-end').count()).toBe(0);
      await page.getByTestId('appoint-start').fill('2025-01-01');
      await page.getByTestId('appoint-treatment-pay').fill('岗位工资、津贴按正高级工程师标准执行');
      await page.getByTestId('appoint-treatments').getByLabel('疗休养（休假）').check();
      await page.getByTestId('appoint-treatment-health-leave').fill('每年疗休养7天');
      await page.getByTestId('appoint-treatments').getByLabel('购（租）住房').check();
      await page.getByTestId('appoint-add-other-treatment').click();
      await page.getByTestId('appoint-other-treatment-0').fill('技能大师津贴每月2000元');
      await snap(page, 'appointments-03a-appoint-form');
      await page.getByTestId('appoint-submit').click();
      await expect.poll(() => page.getByTestId('term-table').textContent()).toContain('协议待签订');
      expect(await page.getByTestId('term-table').textContent()).toContain('2025-01-01 起 · 无固定期限');
      const agreement = await page.getByTestId('current-agreement').textContent();
      for (const expected of ['无固定期限', '正高级同等待遇', '疗休养（休假）', '购（租）住房', '技能大师津贴每月2000元']) expect(agreement).toContain(expected);
      const pdfHref = await page.getByTestId('agreement-pdf-1').getAttribute('href');
      const pdf = await page.request.get(pdfHref!);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const printed = pdfText(await pdf.body()).replace(/\s+/g, '');
      for (const expected of ['本协议为无固定期限协议', '自2025年1月1日起，无固定期限', '比照甲方正高级职称人员享受同等待遇', '疗休养（休假）：每年疗休养7天', '购（租）住房', '技能大师津贴每月2000元']) expect(printed).toContain(expected);
      await snap(page, 'appointments-03-drafted');

      // Record the signing with the uploaded scan.
      await page.getByTestId('sign-1').click();
      await page.getByTestId('sign-date').fill('2024-12-30');
      await page.locator('[data-testid=sign-upload] input[type=file]').setInputFiles({ name: '聘任协议签字扫描件.pdf', mimeType: 'application/pdf', buffer: samplePdf('signed') });
      await expect.poll(() => page.getByTestId('sign-upload-file').textContent()).toContain('聘任协议签字扫描件');
      await snap(page, 'appointments-04-signing');
      await page.getByTestId('sign-submit').click();
      await expect.poll(() => page.getByTestId('term-table').textContent()).toContain('聘任中');
      expect(await page.getByTestId('signed-scan').count()).toBe(1);
      await snap(page, 'appointments-05-signed');

      // The studio: a process improvement with its result.
      await page.getByRole('tab', { name: '技能大师工作室' }).click();
      await page.getByTestId('studio-title').fill('发电机定子绕组检修工艺改进');
      await choose(page, 'studio-category', '工艺改进');
      await page.getByTestId('studio-result').fill('检修工期缩短 30%');
      await page.getByTestId('studio-submit').click();
      await expect.poll(() => page.getByTestId('studio-table').textContent()).toContain('发电机定子绕组检修工艺改进');
      expect(await page.getByTestId('studio-table').textContent()).toContain('工艺改进');
      await snap(page, 'appointments-06-studio');

      // Exit for fraud warns of revocation and the five-year ban before anything happens.
      await page.getByRole('tab', { name: '退出' }).click();
      await choose(page, 'exit-category', '弄虚作假');
      await expect.poll(() => page.getByTestId('exit-form').textContent()).toContain('五年内不得申报');
      await snap(page, 'appointments-07-exit-warning');

      // The supervising department reads the holder, without the forms.
      await login(page, 'hlj.rst');
      await page.locator('.ant-layout-sider').getByRole('link', { name: '聘任管理', exact: true }).click();
      await expect.poll(() => page.getByTestId('holder-table').textContent()).toContain('聘任中');
      await page.getByTestId(`holder-open-${code}`).click();
      await expect.poll(() => page.getByText('本页只读').count()).toBe(1);
      expect(await page.getByTestId('appoint-form').count()).toBe(0);
      expect(await page.getByTestId('sign-1').count()).toBe(0);
      await snap(page, 'appointments-08-department');
    } catch (error) {
      await screenshot(page, 'appointments-failure');
      throw error;
    }
    expect(errors).toEqual([]);
  });
});
