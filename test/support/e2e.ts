import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, newPage, type PageHandle } from './browser.ts';
import { startTestServer, type TestServer } from './test-server.ts';

export interface BrowserSession {
  server: TestServer;
  browser: Browser;
  handle: PageHandle;
}

/**
 * For a browser test file: a real server on a fresh database and a Chromium page pointed at it,
 * started before the tests and closed after them. Read the fields inside the tests.
 */
export function useBrowserSession(): BrowserSession {
  const session = {} as BrowserSession;
  beforeAll(async () => {
    session.server = await startTestServer();
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

/** Signs in through the login page, as a user would, and waits for the dashboard. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === '/');
}
