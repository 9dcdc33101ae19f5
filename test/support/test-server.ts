import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { bootstrap } from '../../src/platform/bootstrap.ts';
import { seedCalendars } from '../../src/platform/calendar-store.ts';
import { buildApp } from '../../src/server.ts';
import { ADMIN_PASSWORD, testConfig } from './test-app.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import type { Config } from '../../src/platform/config.ts';
import { testClock } from './clock.ts';
import { openTestDatabase } from './test-db.ts';
import { installPersonalDataKey, resolvePersonalDataKey } from '../../src/platform/personal-data.ts';

export interface TestServer {
  url: string;
  adminPassword: string;
  app: FastifyInstance;
  handle: DatabaseHandle;
  /** The server's clock (the test's day); the page takes today from the server. */
  clock: ManualClock;
  close(): Promise<void>;
}

/**
 * A real server on a free port of 127.0.0.1, on a fresh database, serving the built web app
 * (web/dist: `npm run build` first; the test orchestrator does it). Admin's password is set.
 */
export async function startTestServer(options: { clock?: ManualClock; config?: Partial<Config> } = {}): Promise<TestServer> {
  const clock = options.clock ?? testClock();
  const webDir = path.resolve('web/dist');
  if (!fs.existsSync(path.join(webDir, 'index.html'))) {
    throw new Error('web/dist/index.html is missing: run `npm run build` before the browser tests');
  }
  const handle = await openTestDatabase();
  const config = testConfig({ webDir, ...options.config });
  // The audit chain is keyed by the personal data key: installed before bootstrap's first entry, as main.ts does.
  installPersonalDataKey(resolvePersonalDataKey(config).key);
  await bootstrap(handle.db, { adminPassword: ADMIN_PASSWORD, clock });
  await seedCalendars(handle.db, clock);
  const app = await buildApp(config, { db: handle.db, logger: false, clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the test server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    adminPassword: ADMIN_PASSWORD,
    app,
    handle,
    clock,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}
