// web-first-load: the login page in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core, a fresh profile each time: nothing cached) against the server on localhost:
// the JavaScript transferred (as sent: gzip, the build's precompressed files) and the time to
// interactive, taken as the moment, after navigation start, when the user name field is shown
// and the page's main thread answers (a frame and a task later).
import path from 'node:path';
import { launchBrowser } from '../test/support/browser.ts';
import { benchApp } from './data.ts';
import { listen, percentile, type BenchResult, type Benchmark } from './lib.ts';

export const webFirstLoad: Benchmark = {
  name: 'web-first-load',
  describe: 'the login page in headless Chromium: gzip JavaScript transferred and time to interactive',
  async run(ctx): Promise<BenchResult[]> {
    const t = await benchApp(ctx, 'pglite', { webDir: path.resolve('web/dist') });
    const browser = await launchBrowser();
    try {
      const url = await listen(t.app);
      const rounds = ctx.quick ? 2 : 5;
      const ttis: number[] = [];
      let jsBytes = 0;
      const encodings = new Set<string>();
      for (let round = 0; round < rounds; round += 1) {
        // gzip, as the target is written (Chromium would take brotli from localhost otherwise).
        const context = await browser.newContext({ baseURL: url, extraHTTPHeaders: { 'accept-encoding': 'gzip, deflate' } });
        const page = await context.newPage();
        const scripts: Promise<number>[] = [];
        page.on('requestfinished', (request) => {
          if (request.resourceType() !== 'script') return;
          scripts.push(
            (async () => {
              const response = await request.response();
              encodings.add((await response?.headerValue('content-encoding')) ?? 'identity');
              return (await request.sizes()).responseBodySize;
            })(),
          );
        });
        await page.goto('/login', { waitUntil: 'commit' });
        await page.getByLabel('用户名').waitFor({ state: 'visible', timeout: 30_000 });
        const tti = await page.evaluate(
          () => new Promise<number>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0))),
        );
        await page.waitForLoadState('networkidle');
        const bytes = (await Promise.all(scripts)).reduce((sum, size) => sum + size, 0);
        if (round === 0) jsBytes = bytes;
        else ttis.push(tti); // the first round warms the server's file cache
        await context.close();
      }
      const kb = jsBytes / 1024;
      const tti = percentile(ttis, 50);
      return [
        {
          name: 'web-first-load',
          value: Math.round(kb),
          unit: 'KB',
          baseline: null,
          ratio: null,
          target: 'js<=400KB,tti<=1500ms',
          pass: kb <= 400 && tti <= 1500,
          details: { tti_ms: Math.round(tti), tti_max_ms: Math.round(Math.max(...ttis)), js_encoding: [...encodings].join('+') },
        },
      ];
    } finally {
      await browser.close();
      await t.close();
    }
  },
};
