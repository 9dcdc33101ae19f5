// The page's time is the server's: with PTECH_NOW fixing the server's clock (here 15 January 2027,
// whatever the browser's clock says), every page shows the banner, and the pages take "today" and
// the current year from the server, not from the browser. A browser in another time zone (New York)
// shows times and searches days as China's clock has them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, type PageHandle } from '../support/browser.ts';
import { testClock } from '../support/clock.ts';
import { searchAuditByDays, signIn, snap } from '../support/e2e.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const FIXED = '2027-01-15T10:00:00+08:00';

describe('the server’s clock in the pages', () => {
  let server: TestServer;
  let browser: Browser;
  let handle: PageHandle;

  beforeAll(async () => {
    server = await startTestServer({ clock: testClock(FIXED), config: { fixedNow: FIXED } });
    browser = await launchBrowser();
    handle = await newPage(browser, server.url);
  });
  afterAll(async () => {
    await handle?.close();
    await browser?.close();
    await server?.close();
  });

  it('shows the fixed-clock banner on every page, public ones included, and takes the year from the server', async () => {
    const { page, errors } = handle;
    for (const path of ['/login', '/verify']) {
      await page.goto(path);
      await expect.poll(() => page.getByTestId('fixed-clock-banner').textContent()).toContain('系统时间已固定为 2027-01-15 10:00');
    }
    await signIn(page, 'admin', server.adminPassword);
    await expect.poll(() => page.getByTestId('fixed-clock-banner').textContent()).toContain('PTECH_NOW');
    // The dashboard asks for the server's year (2027), not the browser's.
    const dashboard = page.waitForRequest((request) => request.url().includes('/api/v1/statistics/dashboard') && request.url().includes('year=2027'));
    await page.goto('/statistics');
    await dashboard;
    await snap(page, 'clock-fixed-banner');
    expect(errors).toEqual([]);
  });

  it('shows times and searches days in China’s time in a browser in New York', async () => {
    // 2027-01-15 10:00 in China is 2027-01-14 21:00 in New York: the audit log shows China's.
    const abroad = await newPage(browser, server.url, { timezoneId: 'America/New_York' });
    try {
      const { page, errors } = abroad;
      await signIn(page, 'admin', server.adminPassword);
      await page.goto('/audit');
      // Every time in the list (entries made while the clock stands at FIXED).
      const times = async () => [...new Set((await page.locator('.ant-table-tbody').innerText()).match(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?/g) ?? [])];
      await expect.poll(times).toEqual(['2027-01-15 10:00:00']);
      expect(await page.locator('.ant-table-tbody').innerText()).not.toContain('2027-01-14');
      // The days searched are China's: 15 January finds the entries made at 10:00 that day
      // (New York's 15 January starts at 13:00 in China and would miss them); 14 January finds none.
      await searchAuditByDays(page, '2027-01-15', '2027-01-15');
      await expect.poll(() => page.locator('.ant-table-row').count()).toBeGreaterThan(0);
      await expect.poll(times).toEqual(['2027-01-15 10:00:00']);
      await searchAuditByDays(page, '2027-01-14', '2027-01-14');
      await expect.poll(() => page.locator('.ant-table-row').count()).toBe(0);
      await snap(page, 'clock-new-york-audit');
      expect(errors).toEqual([]);
    } finally {
      await abroad.close();
    }
  });
});
