// Proves the browser tooling works on this machine: Debian's Chromium launches headless through
// playwright-core, renders Chinese with a real CJK font (not empty boxes), and screenshots land
// in test-results/screenshots/.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, screenshot } from '../support/browser.ts';

const TITLE = '特级技师评聘管理系统';

function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a'); // PNG signature
  expect(buf.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('browser infrastructure', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders Chinese text with a CJK font and saves a screenshot', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await page.setContent('<html><body style="margin:0;background:#fff"></body></html>');
      const blank = await page.screenshot();

      await page.setContent(
        `<html><body style="margin:24px;background:#fff"><p id="t" style="font-size:32px">${TITLE}</p></body></html>`,
      );
      await expect.poll(() => page.textContent('#t')).toBe(TITLE);

      // Which platform font actually drew the glyphs: without a CJK font Chromium draws empty boxes
      // (from a font with no CJK glyphs, or none at all).
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument');
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#t' });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      const families = fonts.map((f) => `${f.familyName} (${f.glyphCount})`).join(', ');
      expect(
        fonts.some((f) => /wenquanyi|wqy|noto.*cjk|source han|droid sans fallback/i.test(f.familyName) && f.glyphCount >= TITLE.length),
        `CJK text drawn with: ${families}; install fonts-wqy-microhei`,
      ).toBe(true);

      const file = await screenshot(page, 'infra-browser');
      expect(file).toMatch(/test-results[/\\]screenshots[/\\]infra-browser\.png$/);
      const png = fs.readFileSync(file);
      const { width, height } = pngSize(png);
      expect(width).toBeGreaterThanOrEqual(800);
      expect(height).toBeGreaterThanOrEqual(400);
      // The text must add real content to the picture compared with an empty page.
      expect(png.length).toBeGreaterThan(blank.length + 500);

      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('collects console errors and uncaught page errors', async () => {
    const { page, errors, close } = await newPage(browser);
    try {
      await page.setContent(
        '<script>console.error("boom-console"); setTimeout(() => { throw new Error("boom-page") }, 0)</script>',
      );
      await expect.poll(() => errors.length).toBeGreaterThanOrEqual(2);
      expect(errors.join('\n')).toContain('boom-console');
      expect(errors.join('\n')).toContain('boom-page');
    } finally {
      await close();
    }
  });
});
