// A pilot year as its users see it, in Chinese, over the demo data set (src/demo): each role signs
// in and goes through its pages from the first to the last act it performs. Every page passed is
// saved as a 1440×900 PNG (the window only: small enough to commit). With UPDATE_GUIDE=1 the
// pictures go to docs/guide/images/, those of docs/guide.zh-CN.md and docs/guide.en.md:
//   UPDATE_GUIDE=1 npm test -- --only e2e test/e2e/walkthrough.test.ts
// otherwise to test-results/guide/ (dates and times on the pages change from run to run, and an
// ordinary test run should not rewrite committed files). Each page must render without errors and
// show no untranslated keys.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type DemoResult } from '../../src/demo/seed-demo.ts';
import { launchBrowser, newPage, type PageHandle } from '../support/browser.ts';
import { signIn } from '../support/e2e.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { TestClient } from '../support/test-app.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const GUIDE_IMAGES = process.env.UPDATE_GUIDE === '1' ? path.join(ROOT, 'docs', 'guide', 'images') : path.join(ROOT, 'test-results', 'guide');

let server: TestServer;
let browser: Browser;
let handle: PageHandle;
let page: Page;
let demo: DemoResult;
const saved: string[] = [];
/** Serious and critical accessibility violations found by axe on the pages passed (WCAG 2.1 A and AA). */
const inaccessible: string[] = [];

/** axe-core on the page as it stands: what it finds serious or critical, one line each. */
async function accessibilityProblems(target: Page, name: string): Promise<string[]> {
  // antd's `.ant-table-measure-row` is a zero-height row it renders only to measure column widths
  // (aria-hidden, never shown): left out.
  // Only the violations are wanted: axe then skips the details of every passing node (the bulk of its work on a long table).
  // Legacy mode: axe.run in the page itself. The default runs axe.runPartial in each frame, sends every
  // partial result over the wire and finishes the run in a new blank page, which costs 3–5 times as
  // much (15 s against 3 s on the 50-row screening table); that mode exists for cross-origin frames,
  // and these pages have none (the evidence preview's frame is this server's).
  const result = await new AxeBuilder({ page: target })
    .setLegacyMode(true)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .exclude('.ant-table-measure-row')
    .options({ resultTypes: ['violations'] })
    .analyze();
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => {
      const nodes = violation.nodes.slice(0, 3).map((node) => {
        // For contrast, the colours axe measured: what to change is then plain.
        const data = node.any.find((check) => check.id === 'color-contrast')?.data as { fgColor?: string; bgColor?: string; contrastRatio?: number } | undefined;
        return `${node.target.join(' ')}${data?.fgColor ? ` [${data.fgColor} on ${data.bgColor}: ${data.contrastRatio}]` : ''}`;
      });
      return `${name}: ${violation.id} (${violation.impact}) ${violation.help} — ${nodes.join(' | ')}`;
    });
}

beforeAll(async () => {
  server = await startTestServer();
  // The demo plays its year on its own clock and ends at the server's day (the test's day).
  demo = await seedDemo(server.handle.db, { clock: server.clock });
  browser = await launchBrowser();
  handle = await newPage(browser, server.url, { viewport: { width: 1440, height: 900 } });
  page = handle.page;
  fs.mkdirSync(GUIDE_IMAGES, { recursive: true });
  // The guide shows exactly the pages passed: pictures of pages no longer visited go.
  for (const file of fs.readdirSync(GUIDE_IMAGES)) if (file.endsWith('.png')) fs.rmSync(path.join(GUIDE_IMAGES, file));
}, 180_000);
afterAll(async () => {
  await handle?.close();
  await browser?.close();
  await server?.close();
});

const password = (username: string) => demo.logins.find((login) => login.username === username)?.password ?? '';

async function as(username: string) {
  await signIn(page, username, password(username));
}

/** The page once settled, checked and saved as NAME.png (see GUIDE_IMAGES). */
async function shot(name: string) {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(300);
  const text = await page.locator('body').innerText();
  // An i18n key shown as such (nav.plans, notices.title …) means a missing translation.
  expect(text, `${name}: untranslated key`).not.toMatch(/\b(nav|navHints|common|errors)\.[a-z][A-Za-z]+\b/);
  expect(text, `${name}: error page`).not.toContain('页面出错');
  await page.screenshot({ path: path.join(GUIDE_IMAGES, `${name}.png`) });
  saved.push(name);
  inaccessible.push(...(await accessibilityProblems(page, name)));
}

async function visit(url: string, name: string) {
  await page.goto(url);
  await shot(name);
}

async function openMenu(label: string) {
  await page.locator('.ant-layout-sider').getByRole('link', { name: label, exact: true }).click();
}

/** Opens the first row's link in the page's table (the detail of a list). */
async function openFirstRow() {
  await page.locator('.ant-table-tbody tr.ant-table-row a').first().click();
}

describe('a pilot year, role by role', () => {
  it('ministry: the dashboard, the jurisdiction settings (the default model, the province’s own row) and the statistics', async () => {
    await as('demo-ministry');
    await shot('ministry-01-home');
    await openMenu('评聘工作设置');
    await expect.poll(() => page.getByTestId('jurisdiction-settings').textContent()).toContain('已备案职业技能等级认定企业自主开展');
    await shot('ministry-02-jurisdiction-settings');
    await visit('/statistics', 'ministry-03-statistics');
  });

  it('supervising departments: the province’s own settings; the central enterprise’s filed plan and the statistics', async () => {
    await as('demo-province');
    await openMenu('评聘工作设置');
    await expect.poll(() => page.getByTestId('jurisdiction-settings').textContent()).toContain('企业工作方案报省级人社部门备案');
    await shot('department-02-jurisdiction-settings');
    await as('demo-central');
    await shot('department-01-home');
    await visit('/plans', 'department-03-plans');
    await openFirstRow();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}/);
    await expect.poll(() => page.getByTestId('plan-filing-status').textContent()).toContain('备案已接受');
    await shot('department-05-plan');
    await visit('/statistics', 'department-04-statistics');
  });

  it('enterprise HR: the plan, the register, screening, the notice, certificates and appointments', async () => {
    await as('demo-hr');
    await shot('hr-01-home');
    await visit('/plans', 'hr-02-plans');
    await openFirstRow();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}/);
    await shot('hr-03-plan');
    await visit('/register', 'hr-04-register');
    await visit('/screening', 'hr-05-screening');
    await visit('/applications', 'hr-06-applications');
    await visit('/review-results', 'hr-07-review-results');
    await visit('/notice-admin', 'hr-08-notice-admin');
    await openFirstRow();
    await page.waitForURL(/\/notices\/[0-9a-f-]{36}/);
    await shot('hr-09-notice');
    await visit('/certificates', 'hr-10-certificates');
    await visit('/certificates/issue', 'hr-11-certificates-issue');
    await visit('/national-upload', 'hr-12-national-upload');
    await visit('/appointments', 'hr-13-appointments');
    await openFirstRow();
    await page.waitForURL(/\/appointments\/[0-9a-f-]{36}/);
    await shot('hr-14-holder');
    await visit('/bans', 'hr-15-bans');
    // Fifteen pages, each checked by axe: longer than the project's two minutes on a loaded machine.
  }, 300_000);

  it('employee: the published plan, the own application (returned, corrected, appointed) and the notice', async () => {
    await as('demo-employee');
    await shot('employee-01-home');
    await visit('/published-plans', 'employee-02-published-plans');
    await visit('/my-application', 'employee-03-my-application');
    await visit('/notices', 'employee-04-notices');
  });

  it('evaluation body: the commissioned plan and its committees', async () => {
    await as('demo-body');
    await shot('body-01-home');
    await visit('/review', 'body-02-review');
    await openFirstRow();
    await page.waitForURL(/\/review\/committees\/[0-9a-f-]{36}/);
    await shot('body-03-committee');
  });

  it('experts: the member scores in the committee under way; the chair reads the closed one', async () => {
    await as('demo-expert');
    await shot('expert-01-home');
    await visit('/my-review', 'expert-02-my-review');
    await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '焊工' }).locator('a').first().click();
    await page.waitForURL(/\/review\/committees\/[0-9a-f-]{36}/);
    await shot('expert-03-scoring');
    await as('demo-chair');
    await page.goto('/my-review');
    await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '车工' }).locator('a').first().click();
    await page.waitForURL(/\/review\/committees\/[0-9a-f-]{36}/);
    await shot('chair-01-closed-committee');
  });

  it('the public: verifying a valid and a revoked certificate', async () => {
    await page.context().clearCookies();
    await visit(`/verify/${demo.certificates.valid[0]}`, 'public-01-verify-valid');
    await visit(`/verify/${demo.certificates.revoked[0]}`, 'public-02-verify-revoked');
    expect(await page.locator('body').innerText()).toContain('撤销');
  });

  /**
   * A page on the phone, settled, saved as NAME.png and checked: the page itself does not scroll
   * sideways (a wide table scrolls inside its own box, which is fine; the message names the
   * elements that stick out past the right edge), and axe finds nothing serious.
   */
  async function phoneShot(phone: PageHandle, url: string, name: string) {
    await phone.page.goto(url);
    await phone.page.waitForLoadState('networkidle');
    await phone.page.locator('.ant-spin-spinning').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    await phone.page.waitForTimeout(300);
    await phone.page.screenshot({ path: path.join(GUIDE_IMAGES, `${name}.png`) });
    const overflow = await phone.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return null;
      const out = [...document.querySelectorAll('body *')].filter((element) => element.getBoundingClientRect().right > width + 1 && ![...element.children].some((child) => child.getBoundingClientRect().right > width + 1));
      return `${document.documentElement.scrollWidth} > ${width}: ${out.slice(0, 5).map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`).join(', ')}`;
    });
    expect(overflow, `${name}: the page scrolls sideways on a phone`).toBeNull();
    const text = await phone.page.locator('body').innerText();
    expect(text, `${name}: error page`).not.toContain('页面出错');
    saved.push(name);
    inaccessible.push(...(await accessibilityProblems(phone.page, name)));
  }

  const phoneViewport = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

  it('on a phone (390×844): the employee’s pages, the public notice and /verify without sideways scrolling or broken codes', async () => {
    const phone = await newPage(browser, server.url, phoneViewport);
    try {
      // The public: the certificate's verification page and a notice on its public link.
      await phoneShot(phone, `/verify/${demo.certificates.valid[0]}`, 'phone-01-verify');
      const code = phone.page.getByTestId('verify-code');
      expect(await code.textContent()).toBe(demo.certificates.valid[0]);
      // One line: the code's box is no taller than one line of its text.
      const oneLine = await code.evaluate((element) => element.getBoundingClientRect().height <= parseFloat(getComputedStyle(element).lineHeight) * 1.5);
      expect(oneLine, 'the certificate code is broken across lines on a phone').toBe(true);
      const hr = await TestClient.login(server.app, 'demo-hr', password('demo-hr'));
      const notices = (await hr.get('/api/v1/notices')).json() as { items: { id: string }[] };
      const notice = (await hr.put(`/api/v1/notices/${notices.items[0].id}/public-link`, { enabled: true })).json() as { publicLink: { token: string } };
      await phoneShot(phone, `/notice/${notice.publicLink.token}`, 'phone-02-public-notice');
      // The employee signs in on the phone and reads their own pages.
      await signIn(phone.page, 'demo-employee', password('demo-employee'));
      await phoneShot(phone, '/', 'phone-03-employee-home');
      await phoneShot(phone, '/my-application', 'phone-04-my-application');
      await phoneShot(phone, '/published-plans', 'phone-05-published-plans');
      await phoneShot(phone, '/notices', 'phone-06-notices');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('on a phone (390×844): every other role’s home and main pages without sideways scrolling', async () => {
    const phone = await newPage(browser, server.url, phoneViewport);
    const pages: Record<string, [string, string][]> = {
      'demo-ministry': [['/', 'ministry-home'], ['/statistics', 'ministry-statistics']],
      'demo-province': [['/', 'province-home'], ['/plans', 'province-plans']],
      'demo-hr': [['/', 'hr-home'], ['/screening', 'hr-screening'], ['/applications', 'hr-applications'], ['/notice-admin', 'hr-notice-admin'], ['/certificates', 'hr-certificates'], ['/appointments', 'hr-appointments']],
      'demo-body': [['/', 'body-home'], ['/review', 'body-review']],
      'demo-expert': [['/', 'expert-home'], ['/my-review', 'expert-my-review']],
    };
    try {
      let index = 7;
      for (const [username, visits] of Object.entries(pages)) {
        await signIn(phone.page, username, password(username));
        for (const [url, name] of visits) {
          await phoneShot(phone, url, `phone-${String(index).padStart(2, '0')}-${name}`);
          index += 1;
        }
      }
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  }, 300_000);

  it('rendered every page without a browser error', () => {
    expect(handle.errors).toEqual([]);
    expect(saved.length).toBeGreaterThan(25);
  });

  it('passed axe (WCAG 2.1 A and AA) on every page with no serious or critical violation', () => {
    expect(inaccessible).toEqual([]);
  });
});
