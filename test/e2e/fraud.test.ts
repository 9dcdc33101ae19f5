// Fraud found after certification (六(四)) in a real browser: HR of the issuing enterprise records
// the finding on the certificate (findings, evidence, an explicit confirmation) and one act revokes
// the certificate and bans the holder; the public verification page then says revoked; in another
// enterprise (another province) the same person shows "not met" at screening and the invitation is
// refused with APPLICANT_BANNED naming the ban's basis and end. The department sees the ban.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { banUntil } from '../../src/modules/bans/service.ts';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { systemContext } from '../../src/platform/context.ts';
import { launchBrowser, newPage, screenshot, type PageHandle } from '../support/browser.ts';
import { testClock } from '../support/clock.ts';
import { confirmedList } from '../support/confirmed-list.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { samplePdf } from '../support/files.ts';
import { pilotGroup } from '../support/pilot-factories.ts';
import { TestClient, type TestApp } from '../support/test-app.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { goodRow, importRegister, openPlan, registerWorkbook } from '../integration/applications-fixtures.ts';
import { dialogOpened, signIn, snap } from '../support/e2e.ts';

const HOLDER = '钱志远';
const ENTERPRISE = '龙江精密装备制造有限公司';
const PASSWORD = 'Password-2021-ok';
/** The holder, as the other enterprise's register knows them (same identity number). */
const row = goodRow(7, { name: HOLDER });

describe('fraud found after certification, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let handle: PageHandle;
  let hrA: { username: string; password: string };
  let hrB: { username: string; password: string };
  let department: { username: string; password: string };
  let planB: string;
  let employeeB: string;
  let code: string;

  beforeAll(async () => {
    server = await startTestServer();
    const t = { app: server.app, handle: server.handle, login: (username: string, password: string) => TestClient.login(server.app, username, password) } as unknown as TestApp;
    const admin = await TestClient.login(server.app, 'admin', server.adminPassword);
    // Enterprise A certified the holder at the end of its procedure.
    const provinceA = await buildProvince(admin, { name: '黑龙江省人力资源和社会保障厅', provinceCode: '23' });
    const enterpriseA = await buildEnterprise(admin, provinceA.id, { name: ENTERPRISE, institution: { category: 'Y', institutionCode: '0000', provinceCode: '23', siteCode: '000419' } });
    hrA = await buildUser(admin, enterpriseA.id, ['enterprise-admin'], { displayName: '王丽华' });
    department = await buildUser(admin, provinceA.id, ['department-admin'], { displayName: '省厅监督处' });
    const person = { name: HOLDER, idType: 'resident-id', idNumber: row.idNumber!, gender: 'male', birthDate: row.birthDate!, occupationCode: '6-18-01-01', occupationName: '车工', trade: null };
    const list = await confirmedList(server.handle.db, { enterpriseId: enterpriseA.id, people: [person] });
    const issued = await issueCertificates(server.handle.db, systemContext(testClock(), 'e2e'), { enterpriseId: enterpriseA.id, issuedOn: '2024-12-18', planId: list.planId, holders: list.holders as never });
    code = issued.certificates[0].code;
    // Enterprise B, in another province, has the same person in its register and a published plan.
    const provinceB = await buildProvince(admin, { name: '吉林省人力资源和社会保障厅', provinceCode: '22' });
    const setup = await pilotGroup(t, admin, provinceB.id);
    hrB = { username: setup.hr.me.username as string, password: PASSWORD };
    planB = await openPlan(t, setup.hr, setup.body.id);
    const job = await importRegister(setup.hr, await registerWorkbook([row, goodRow(8, { name: '孙清白' })]));
    if ((job.result as { outcome?: string }).outcome !== 'imported') throw new Error(JSON.stringify(job));
    employeeB = (await setup.hr.get(`/api/v1/register?q=${encodeURIComponent(HOLDER)}`)).json().items[0].id;
    browser = await launchBrowser();
    handle = await newPage(browser, server.url);
  }, 240_000);

  afterAll(async () => {
    await handle?.close();
    await browser?.close();
    await server?.close();
  });

  it('HR’s one act revokes and bans; the verification page says revoked; the person is refused at invitation elsewhere', async () => {
    const { page, errors } = handle;
    try {
      // HR of enterprise A: the certificate, its basis, and the act.
      await signIn(page, hrA.username, hrA.password);
      await page.getByRole('menuitem', { name: '证书管理' }).click();
      await page.waitForURL((url) => url.pathname === '/certificates');
      const certificateRow = page.locator('tr', { hasText: HOLDER });
      await certificateRow.waitFor();
      expect(await page.getByTestId(`basis-${code}`).innerText()).toBe('公示核准名单');
      await page.getByTestId(`fraud-${code}`).click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '取消本年度评审资格（弄虚作假）' });
      await dialogOpened(dialog);
      await dialog.getByTestId('fraud-findings').fill('经向发证机构核实，申报时提交的全国技术能手证书系伪造。');
      await dialog.locator('input[type=file]').setInputFiles({ name: '核查报告.pdf', mimeType: 'application/pdf', buffer: samplePdf('核查报告') });
      await dialog.getByTestId('fraud-evidence-file').waitFor();
      await expect(dialog.getByTestId('fraud-submit').isDisabled()).resolves.toBe(true);
      await dialog.getByTestId('fraud-confirm').check();
      await snap(page, 'fraud-01-finding');
      await dialog.getByTestId('fraud-submit').click();
      const confirm = page.locator('.ant-modal-confirm').filter({ hasText: `确认取消${HOLDER}的评审资格？` });
      await dialogOpened(confirm);
      await confirm.getByRole('button', { name: '确认认定' }).click();
      await certificateRow.getByText('已撤销').waitFor();
      await expect(page.getByTestId(`fraud-${code}`).count()).resolves.toBe(0);
      await snap(page, 'fraud-02-revoked');

      // Anyone: the verification page says revoked, and what the certificate rested on.
      const visitor = await newPage(browser, server.url);
      try {
        await visitor.page.goto(`/verify/${code}`);
        await visitor.page.getByTestId('verify-status').waitFor();
        expect(await visitor.page.getByTestId('verify-status').innerText()).toBe('证书已撤销');
        expect(await visitor.page.getByTestId('verify-basis').innerText()).toBe('依据：公示核准名单');
        await screenshot(visitor.page, 'fraud-03-verify-revoked');
        expect(visitor.errors).toEqual([]);
      } finally {
        await visitor.close();
      }

      // The department sees the ban on 禁入名单, with the acts to correct or lift it.
      await signIn(page, department.username, department.password);
      await page.goto('/bans');
      await page.getByTestId(`ban-status-${HOLDER}`).waitFor();
      expect(await page.getByTestId(`ban-status-${HOLDER}`).innerText()).toBe('生效中');
      await page.getByTestId(`ban-lift-${HOLDER}`).waitFor();
      await snap(page, 'fraud-04-bans');

      // HR of enterprise B: screening shows the person not met, for the ban; the invitation is refused, naming it.
      await signIn(page, hrB.username, hrB.password);
      await page.goto(`/screening?plan=${planB}`);
      await page.locator('.ant-segmented-item').filter({ hasText: '不符合' }).click();
      const candidate = page.locator('tr', { hasText: HOLDER });
      await candidate.getByTestId('condition-notBanned-not-met').waitFor();
      await expect(candidate.locator('.ant-checkbox-input').isDisabled()).resolves.toBe(true);
      await snap(page, 'fraud-05-screening');
      const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'ptech_csrf')!.value;
      const invited = await page.request.post(`/api/v1/application-plans/${planB}/invitations`, { data: { employeeIds: [employeeB] }, headers: { 'x-csrf-token': csrf } });
      expect(invited.status()).toBe(422);
      const refusal = await invited.json();
      expect(refusal).toMatchObject({ code: 'APPLICANT_BANNED', name: HOLDER, until: banUntil(testClock().today()) });
      expect(refusal.detail).toContain('颁证后经核实弄虚作假');
      expect(refusal.detail).toContain('不得申报或参加特级技师评审');
    } catch (error) {
      await screenshot(page, 'fraud-failure');
      throw error;
    }
    expect(errors.filter((error) => !error.includes('status of 422'))).toEqual([]);
  });
});
