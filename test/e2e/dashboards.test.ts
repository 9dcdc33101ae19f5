// The supervision dashboards in a real browser (issue 10): the ministry opens its dashboard, drills
// down to a province and to an enterprise, and exports a table (a valid xlsx with a Chinese name);
// the province's department and the enterprise open theirs and see only their own; a year without
// data shows 暂无数据 in every chart.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser.ts';
import { searchAuditByDays, signIn, snap, useBrowserSession } from '../support/e2e.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { acceptPilot, buildEvaluationBody, currentYear, ensureCalendar, login } from '../support/pilot-factories.ts';
import { TestClient, type TestApp } from '../support/test-app.ts';
import { openPlan, todayInChina } from '../integration/applications-fixtures.ts';
import { submittedApplication } from '../integration/notices-fixtures.ts';

const PROVINCE = '黑龙江省人力资源和社会保障厅';
const GROUP = '哈尔滨电气集团有限公司';
const OTHER = '齐齐哈尔第一机床厂';
const FOREIGN = '吉林化纤集团有限责任公司';

describe('the dashboards in the browser', () => {
  const session = useBrowserSession();

  it('opens the dashboard at each level, drills down and exports a table', async () => {
    const { server, handle } = session;
    const t = {
      app: server.app,
      handle: server.handle,
      login: (username: string, password: string) => TestClient.login(server.app, username, password),
      admin: () => TestClient.login(server.app, 'admin', server.adminPassword),
    } as TestApp;
    const admin = await t.admin();
    const year = currentYear();
    await ensureCalendar(server.handle.db, year);
    const province = await buildProvince(admin, { name: PROVINCE });
    const otherProvince = await buildProvince(admin, { name: '吉林省人力资源和社会保障厅', provinceCode: '22' });
    const group = await buildEnterprise(admin, province.id, { name: GROUP });
    const other = await buildEnterprise(admin, province.id, { name: OTHER });
    const foreign = await buildEnterprise(admin, otherProvince.id, { name: FOREIGN });
    await acceptPilot(t, admin, province.id, [group.id, other.id], year);
    await acceptPilot(t, admin, otherProvince.id, [foreign.id], year);
    const hrUser = await buildUser(admin, group.id, ['enterprise-admin'], { displayName: '王丽华' });
    const hr = await login(t, hrUser);
    const planId = await openPlan(t, hr, (await buildEvaluationBody(admin, group.id)).id);
    for (const name of ['张建国', '李秀英']) {
      const { response } = await submittedApplication(t.login, admin, group.id, planId, { name });
      expect(response.statusCode, response.body).toBe(200);
    }
    const ministryUser = await buildUser(admin, admin.me.organisation.id, ['ministry-admin'], { displayName: '部监督员' });
    const departmentUser = await buildUser(admin, province.id, ['department-admin'], { displayName: '省厅监督员' });

    const { page, errors } = handle;
    try {
      // The ministry: every province; drill down to 黑龙江, then to the group.
      await signIn(page, ministryUser.username, ministryUser.password);
      await page.getByRole('menuitem', { name: '统计看板' }).click();
      await page.waitForURL((url) => url.pathname === '/statistics');
      await page.getByTestId('table-units').getByText('按省份（主管部门）统计').waitFor();
      await expect.poll(() => page.getByTestId('table-enterprises').locator('tbody tr.ant-table-row').count()).toBe(3);
      await page.getByTestId('chart-funnel').locator('canvas').waitFor();
      await snap(page, 'dashboards-01-ministry');

      await page.getByTestId(`drill-${province.id}`).click();
      await page.waitForURL((url) => url.searchParams.get('org') === province.id);
      await page.getByTestId('table-units').getByText('按企业统计').waitFor();
      await expect.poll(() => page.getByTestId('statistics-trail').textContent()).toContain(PROVINCE);
      await expect.poll(() => enterpriseNames(page)).toEqual([GROUP, OTHER].sort());
      await snap(page, 'dashboards-02-province');

      await page.getByTestId(`enterprise-${group.id}`).click();
      await page.waitForURL((url) => url.searchParams.get('org') === group.id);
      await expect.poll(() => page.getByTestId('total-applications').textContent()).toContain('2');
      await snap(page, 'dashboards-03-enterprise');

      // Export the pilot enterprises table of the province.
      await page.getByTestId('statistics-up').click();
      await page.waitForURL((url) => url.searchParams.get('org') === province.id);
      await expect.poll(() => enterpriseNames(page)).toEqual([GROUP, OTHER].sort());
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-enterprises').click()]);
      expect(download.suggestedFilename()).toBe(`特级技师评聘统计_${PROVINCE}_评聘企业进展_${year}年.xlsx`);
      const path = await download.path();
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path!);
      const sheet = workbook.worksheets[0];
      expect(sheet.name).toBe('评聘企业进展');
      const names = [3, 4].map((row) => String(sheet.getRow(row).getCell(1).value)).sort();
      expect(names).toEqual([GROUP, OTHER].sort());

      // The department: its own enterprises only, the other province's none.
      await signIn(page, departmentUser.username, departmentUser.password);
      await page.goto('/statistics');
      // A full page load after a new sign-in (the bundle, the session, the dashboard's figures):
      // on a loaded machine it takes seconds, more than expect.poll's default second.
      await expect.poll(() => enterpriseNames(page), { timeout: 15_000 }).toEqual([GROUP, OTHER].sort());
      expect(await page.getByText(FOREIGN).count()).toBe(0);
      await snap(page, 'dashboards-04-department');
      // Its supervision tools: the plans filed with it open filtered.
      await page.getByTestId('supervision-plans').click();
      await page.waitForURL((url) => url.pathname === '/plans' && url.searchParams.get('filed') === 'true');
      await expect.poll(() => page.getByTestId('plan-filed-only').getAttribute('aria-checked')).toBe('true');
      // …and the audit search, by organisation, person, action and time.
      await page.goBack();
      await page.getByTestId('supervision-audit').click();
      await page.waitForURL((url) => url.pathname === '/audit');
      await searchAuditByDays(page, '2000-01-01', '2000-01-02');
      await expect.poll(() => page.locator('.ant-table-row').count()).toBe(0);
      await searchAuditByDays(page, todayInChina(), todayInChina());
      await expect.poll(() => page.locator('.ant-table-row').count()).toBeGreaterThan(0);
      await snap(page, 'dashboards-05-audit-search');

      // The enterprise group: its own figures.
      await signIn(page, hrUser.username, hrUser.password);
      await page.getByRole('menuitem', { name: '统计看板' }).click();
      await expect.poll(() => page.getByTestId('total-applications').textContent()).toContain('2');
      await expect.poll(() => enterpriseNames(page)).toEqual([GROUP]);
      await snap(page, 'dashboards-06-enterprise-admin');

      // A year without data: every chart says 暂无数据 (no blank axes, no grey ring), no canvas drawn.
      await page.goto(`/statistics?year=${year - 1}`);
      await expect.poll(() => page.getByTestId('total-applications').textContent(), { timeout: 15_000 }).toContain('0');
      for (const chart of ['funnel', 'units', 'gender', 'age', 'industry']) {
        await expect.poll(() => page.getByTestId(`chart-${chart}-empty`).textContent()).toContain('暂无数据');
        expect(await page.getByTestId(`chart-${chart}`).count(), chart).toBe(0);
      }
      expect(await page.locator('canvas').count()).toBe(0);
      await snap(page, 'dashboards-07-no-data');
    } catch (error) {
      await screenshot(page, 'dashboards-failure');
      throw error;
    }
    expect(errors).toEqual([]);
  });
});

async function enterpriseNames(page: Page): Promise<string[]> {
  const cells = page.getByTestId('table-enterprises').locator('tbody tr.ant-table-row td:first-child');
  return (await cells.allTextContents()).map((text) => text.trim()).sort();
}
