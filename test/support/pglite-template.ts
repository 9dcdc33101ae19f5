// Vitest global set-up of the integration project: one migrated database is made once per run,
// and each test file starts from a copy instead of creating and migrating a database of its own
// (several seconds on a busy 2-core machine, some 130 files a run):
// - on PGlite, the migrated database is dumped to a file that each file loads (about a second);
// - on PostgreSQL, a template database on the run's server, which each file's database is created
//   from (`create database … template …`).
// openTestDatabase (test-db.ts) finds them through `inject('pgliteTemplate')` and
// `inject('postgresTemplate')`; in a run without this set-up every file still migrates its own.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { migrationsFolder, openDatabase } from '../../src/db/client.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The dump of a freshly migrated PGlite database, for test files to load. */
    pgliteTemplate: string | null;
    /** The name of a freshly migrated database on the test server, for test files to copy. */
    postgresTemplate: string | null;
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export default async function setup(project: TestProject) {
  if ((process.env.TEST_DB ?? 'pglite') !== 'pglite') {
    project.provide('pgliteTemplate', null);
    return postgresTemplate(project);
  }
  project.provide('postgresTemplate', null);
  const client = await PGlite.create();
  await migrate(drizzle(client), { migrationsFolder });
  const dump = await client.dumpDataDir('none');
  await client.close();
  const dir = path.join(ROOT, '.tmp');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `pglite-template-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => fs.rmSync(file, { force: true });
}

/** The PostgreSQL template: created and migrated on the run's server, dropped at the end. */
async function postgresTemplate(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    project.provide('postgresTemplate', null);
    return;
  }
  const name = `ptech_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // Migrated, then closed: a template may have no session open while it is copied.
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
  await handle.close();
  project.provide('postgresTemplate', name);
  return async () => {
    const dropper = new pg.Client({ connectionString: adminUrl });
    await dropper.connect();
    await dropper.query(`drop database if exists ${name} with (force)`).finally(() => dropper.end());
  };
}
