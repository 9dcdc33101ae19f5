import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, newPage, screenshot, type PageHandle } from './browser.ts';
import { startTestServer, type TestServer } from './test-server.ts';
import type { ManualClock } from '../../src/platform/clock.ts';

export interface BrowserSession {
  server: TestServer;
  browser: Browser;
  handle: PageHandle;
}

/**
 * For a browser test file: a real server on a fresh database and a Chromium page pointed at it,
 * started before the tests and closed after them. Read the fields inside the tests.
 */
export function useBrowserSession(options: { clock?: ManualClock } = {}): BrowserSession {
  const session = {} as BrowserSession;
  beforeAll(async () => {
    session.server = await startTestServer({ clock: options.clock });
    session.browser = await launchBrowser();
    session.handle = await newPage(session.browser, session.server.url);
  });
  afterAll(async () => {
    await session.handle?.close();
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}

/** Signs in through the login page, as a user would (whoever was signed in before is not), and waits for the dashboard. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** On the audit log: searches the days from FROM to TO (YYYY-MM-DD) with the range picker. */
export async function searchAuditByDays(page: Page, from: string, to: string): Promise<void> {
  const range = page.getByTestId('audit-range');
  await range.first().click();
  await range.first().fill(from);
  await page.keyboard.press('Enter');
  await range.last().fill(to);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: /查\s*询/ }).click();
}

/** A screenshot once the page has settled (no requests in flight, animations done). */
export async function snap(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
  await screenshot(page, name);
}

/** Accepts the confirmation dialog on top and waits for it to close. */
/**
 * Waits until an antd dialog has finished zooming in: a click during its opening animation can be
 * lost on a loaded machine (the dialog then stays open), which a person, slower than a test, never sees.
 */
export async function dialogOpened(dialog: Locator): Promise<void> {
  await dialog.waitFor();
  await expect.poll(async () => (await dialog.getAttribute('class')) ?? '', { timeout: 15_000 }).not.toMatch(/ant-zoom-appear|ant-zoom-enter/);
}

export async function confirmDialog(page: Page): Promise<void> {
  const dialog = page.locator('.ant-modal-confirm:visible').last();
  await dialogOpened(dialog);
  await dialog.locator('.ant-btn-primary').click();
  await dialog.waitFor({ state: 'hidden' });
}
