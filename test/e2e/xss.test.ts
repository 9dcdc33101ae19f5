// Stored HTML and script payloads render as text (issue 11). Names and texts carrying markup are
// stored through the API — an enterprise's name, users' display names, an applicant's name and
// department, a notice's contact line, an objection — and the pages that show them are opened in
// Chromium. On every page the payload is shown literally, no element of it exists in the document,
// nothing of it runs: no `dialog` (alert), no global flag set, no Content-Security-Policy violation
// (which would mean markup was injected and only the policy stopped it).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newPage } from '../support/browser.ts';
import { signIn, snap, useBrowserSession } from '../support/e2e.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { acceptPilot, buildEvaluationBody, ensureCalendar } from '../support/pilot-factories.ts';
import { TestClient, type TestApp } from '../support/test-app.ts';
import { openPlan } from '../integration/applications-fixtures.ts';
import { recommendedApplicants, type Applicant } from '../integration/notices-fixtures.ts';
import { testClock } from '../support/clock.ts';

const PASSWORD = 'Xss-test-2021-ok';
const today = testClock().today();

/** Each payload sets `window.__xss` or opens an alert if it ever runs. */
const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>window.__xss=1</script>';
const SVG = '<svg onload=window.__xss=2>';
const BREAKOUT = '"><img src=x onerror=window.__xss=3>';

const ENTERPRISE = `${IMG}电机厂`;
const HR_NAME = `${SCRIPT}王`;
const EMPLOYEE_NAME = `${SVG}赵`;
const APPLICANT = `${BREAKOUT}李`;
const CONTACT = `${IMG}人力资源部`;
const OBJECTION = `${SCRIPT}${IMG} 该同志的业绩材料与实际不符，请核实。`;

const session = useBrowserSession();
const seen: { dialogs: string[] } = { dialogs: [] };
let applicant: Applicant;
let noticeId: string;
let publicPath: string;

beforeAll(async () => {
  const { server } = session;
  const year = Number(today.slice(0, 4));
  await ensureCalendar(server.handle.db, year);
  const admin = await TestClient.login(server.app, 'admin', server.adminPassword);
  const login = (username: string, password: string) => TestClient.login(server.app, username, password);
  const t = { handle: server.handle, app: server.app, login } as unknown as TestApp;
  const province = await buildProvince(admin, { provinceCode: '23' });
  const enterprise = await buildEnterprise(admin, province.id, { name: ENTERPRISE });
  await acceptPilot(t, admin, province.id, [enterprise.id], year);
  const body = await buildEvaluationBody(admin, enterprise.id, 'internal', '考评机构');
  await buildUser(admin, enterprise.id, ['enterprise-admin'], { username: 'xss.hr', displayName: HR_NAME, password: PASSWORD });
  await buildUser(admin, enterprise.id, ['employee'], { username: 'xss.zhao', displayName: EMPLOYEE_NAME, password: PASSWORD });
  const hr = await login('xss.hr', PASSWORD);
  const planId = await openPlan(t, hr, body.id);
  [applicant] = await recommendedApplicants(server.handle.db, login, admin, enterprise.id, planId, [APPLICANT]);

  const notice = await hr.post('/api/v1/notices', { planId, startDate: today, contact: CONTACT });
  if (notice.statusCode !== 201) throw new Error(`notice: ${notice.statusCode} ${notice.body}`);
  noticeId = notice.json().id;
  const candidateId = (notice.json().candidates as { id: string; name: string }[]).find((candidate) => candidate.name === APPLICANT)!.id;
  const employee = await login('xss.zhao', PASSWORD);
  const objection = await employee.post(`/api/v1/notices/${noticeId}/objections`, { candidateId, name: EMPLOYEE_NAME, contact: '13900001111', content: OBJECTION });
  if (objection.statusCode !== 201) throw new Error(`objection: ${objection.statusCode} ${objection.body}`);
  const link = await hr.request('PUT', `/api/v1/notices/${noticeId}/public-link`, { enabled: true });
  if (link.statusCode !== 200) throw new Error(`public link: ${link.statusCode} ${link.body}`);
  publicPath = `/notice/${link.json().publicLink.token}`;

  const { page } = session.handle;
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // Violations of the Content-Security-Policy are counted in the page (before any script of it runs).
  await page.context().addInitScript(() => {
    (window as unknown as { __cspViolations: string[] }).__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => (window as unknown as { __cspViolations: string[] }).__cspViolations.push(`${event.violatedDirective} ${event.sample}`));
  });
}, 180_000);

/** The page shows every payload as text, and nothing of any payload exists as markup or ran. */
async function expectInert(page: Page, payloads: string[], name: string) {
  await page.waitForLoadState('networkidle');
  for (const payload of payloads) {
    await expect.poll(() => page.evaluate(() => document.body.innerText), { timeout: 15_000 }).toContain(payload);
  }
  const state = await page.evaluate(() => ({
    flag: (window as unknown as { __xss?: unknown }).__xss ?? null,
    csp: (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
    injected: document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]').length,
    scripts: [...document.scripts].filter((script) => script.textContent?.includes('__xss')).length,
  }));
  expect(state, name).toEqual({ flag: null, csp: [], injected: 0, scripts: 0 });
  expect(seen.dialogs, name).toEqual([]);
  await snap(page, `xss-${name}`);
}

describe('stored markup renders as text', () => {
  it('on the organisations and users pages (administrator)', async () => {
    const { page } = session.handle;
    await signIn(page, 'admin', session.server.adminPassword);
    await page.goto('/organisations');
    await expectInert(page, [ENTERPRISE], 'organisations');
    await page.goto('/users');
    await expectInert(page, [HR_NAME, EMPLOYEE_NAME, APPLICANT], 'users');
    await page.goto('/audit');
    await expectInert(page, [], 'audit');
  });

  it('on the applications page and the notice (HR, whose own name is a payload)', async () => {
    const { page } = session.handle;
    await signIn(page, 'xss.hr', PASSWORD);
    await expectInert(page, [HR_NAME], 'hr-dashboard');
    await page.goto('/applications');
    await expectInert(page, [APPLICANT], 'applications');
    await page.goto(`/notices/${noticeId}`);
    await expectInert(page, [APPLICANT, CONTACT, OBJECTION.trim()], 'notice-admin');
  });

  it('on the applicant’s own application and the employee’s notice page', async () => {
    const { page } = session.handle;
    await signIn(page, applicant.client.me.username as string, 'Password-2021-ok');
    await page.goto('/my-application');
    await expectInert(page, [APPLICANT], 'my-application');
    await signIn(page, 'xss.zhao', PASSWORD);
    await page.goto(`/notices/${noticeId}`);
    await expectInert(page, [EMPLOYEE_NAME, APPLICANT, CONTACT], 'notice-employee');
  });

  it('on the public notice page, without signing in', async () => {
    const anonymous = await newPage(session.browser, session.server.url);
    const dialogs: string[] = [];
    anonymous.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      await anonymous.page.goto(publicPath);
      await anonymous.page.waitForLoadState('networkidle');
      await expect.poll(() => anonymous.page.evaluate(() => document.body.innerText), { timeout: 15_000 }).toContain(APPLICANT);
      expect(await anonymous.page.evaluate(() => document.body.innerText)).toContain(CONTACT);
      const state = await anonymous.page.evaluate(() => ({
        flag: (window as unknown as { __xss?: unknown }).__xss ?? null,
        injected: document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]').length,
      }));
      expect(state).toEqual({ flag: null, injected: 0 });
      expect(dialogs).toEqual([]);
      expect(anonymous.errors).toEqual([]);
      await snap(anonymous.page, 'xss-public-notice');
    } finally {
      await anonymous.close();
    }
  });
});
