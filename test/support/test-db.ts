import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { inject } from 'vitest';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';

export type TestEngine = 'pglite' | 'postgres';

/** What the run's global set-up provided; nothing outside Vitest (the benchmarks open test databases too). */
function provided<K extends 'pgliteTemplate' | 'postgresTemplate'>(key: K): string | null {
  try {
    return inject(key) ?? null;
  } catch {
    return null;
  }
}

export function testEngine(): TestEngine {
  const engine = process.env.TEST_DB ?? 'pglite';
  if (engine !== 'pglite' && engine !== 'postgres') throw new Error(`TEST_DB must be pglite or postgres, not ${engine}`);
  return engine;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new database on the
 * PostgreSQL server that the test run started (TEST_DATABASE_URL), dropped again on close. Both
 * start from the run's migrated template where there is one.
 */
export async function openTestDatabase(engine: TestEngine = testEngine()): Promise<DatabaseHandle & { url?: string }> {
  if (engine === 'pglite') {
    // The run's migrated template (test/support/pglite-template.ts), when there is one; the
    // migrations still run at open, as a no-op unless a file was added since the template was made.
    const template = provided('pgliteTemplate');
    if (template && fs.existsSync(template)) return openDatabase({ loadDataDir: new Blob([fs.readFileSync(template)]) });
    return openDatabase({});
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL (the test orchestrator, scripts/test.mjs, starts a server and sets it)');
  }
  const name = `ptech_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // A copy of the run's migrated template (test/support/pglite-template.ts), when there is one;
  // the migrations still run at open, as a no-op unless a file was added since it was made.
  const template = provided('postgresTemplate');
  await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 20 });
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
