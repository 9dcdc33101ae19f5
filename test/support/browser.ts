// Headless Chromium for the e2e suite, driven by playwright-core against Debian's /usr/bin/chromium.
//
//   const browser = await launchBrowser();
//   const { page, errors, close } = await newPage(browser, baseURL);
//   await page.goto('/');
//   await screenshot(page, 'home');      // → test-results/screenshots/home.png
//   expect(errors).toEqual([]);          // console errors and uncaught page errors
//   await close(); await browser.close();
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

/**
 * Launches headless Chromium. playwright's launch() gives every browser a new, empty
 * user-data-dir of its own (a temporary profile it deletes on close).
 */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it: apt-get update && ` +
        'apt-get install -y --no-install-recommends chromium fonts-wqy-microhei ' +
        '(or run `bash scripts/ensure-system-deps.sh`).',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

export interface PageHandle {
  page: Page;
  context: BrowserContext;
  /** Console messages of type "error" and uncaught page errors, in the order they happened. */
  errors: string[];
  /** Closes the page's context. */
  close(): Promise<void>;
}

/**
 * Opens a page in a fresh context whose relative URLs resolve against baseURL (so
 * `page.goto('/login')` works). The page's locale is zh-CN unless options say otherwise.
 */
export async function newPage(
  browser: Browser,
  baseURL?: string,
  options: BrowserContextOptions = {},
): Promise<PageHandle> {
  const context = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 900 },
    ...options,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      errors.push(`console.error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => {
    errors.push(`pageerror: ${err.message}`);
  });
  return { page, context, errors, close: () => context.close() };
}

/** Saves a full-page PNG to test-results/screenshots/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const safe = name.replace(/[^\p{L}\p{N}._-]+/gu, '-');
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${safe}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
