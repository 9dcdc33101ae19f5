// The page's time is the server's: with PTECH_NOW fixing the server's clock (here 15 January 2027,
// whatever the browser's clock says), every page shows the banner, and the pages take "today" and
// the current year from the server, not from the browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, type PageHandle } from '../support/browser.ts';
import { testClock } from '../support/clock.ts';
import { signIn, snap } from '../support/e2e.ts';
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
});
