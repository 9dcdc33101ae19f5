// 节假日日历 in a real browser: the administrator sees the State Council calendars held, computes the
// end of a notice around the 2024 National Day holiday, and enters a year the system did not hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, screenshot, type PageHandle } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe('holiday calendars page', () => {
  let server: TestServer;
  let browser: Browser;
  let handle: PageHandle;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    handle = await newPage(browser, server.url);
  });
  afterAll(async () => {
    await handle?.close();
    await browser?.close();
    await server?.close();
  });

  it('shows the years held, computes a notice end, and loads a new year', async () => {
    const { page, errors } = handle;
    try {
      await page.goto('/login');
      await page.getByLabel('用户名').fill('admin');
      await page.getByLabel('密码').fill(server.adminPassword);
      await page.locator('button[type=submit]').click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByRole('menuitem', { name: '节假日日历' }).click();
      await page.waitForURL((url) => url.pathname === '/calendars');
      await page.getByRole('cell', { name: '2026', exact: true }).waitFor();

      await page.getByLabel('公示开始日').fill('2024-09-27');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: '计 算' }).click();
      await expect.poll(() => page.getByTestId('notice-end').textContent()).toBe('公示结束日：2024-10-09');
      await screenshot(page, 'calendars-01-list');

      await page.getByRole('button', { name: '录入新年度' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('年度').fill('2031');
      await dialog.locator('textarea').first().fill('2031-01-01\n2031-01-02');
      await screenshot(page, 'calendars-02-edit');
      await dialog.getByRole('button', { name: /确\s?定|OK/ }).click();
      await page.locator('.ant-modal-confirm').getByRole('button', { name: /确\s?定|OK/ }).click();
      await page.getByRole('cell', { name: '2031', exact: true }).waitFor();
      await screenshot(page, 'calendars-03-saved');
    } catch (error) {
      await screenshot(page, 'calendars-failure');
      throw error;
    }
    expect(errors).toEqual([]);
  });
});
