// Vitest global set-up of the integration project: on PGlite, one migrated database is made once
// per run and dumped to a file; each test file then loads that dump (about a second) instead of
// creating and migrating a database of its own (several seconds on a busy 2-core machine).
// openTestDatabase (test-db.ts) finds the file through `inject('pgliteTemplate')`; on PostgreSQL,
// and in any run without this set-up, every file still creates its own database.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder } from '../../src/db/client.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The dump of a freshly migrated PGlite database, for test files to load. */
    pgliteTemplate: string | null;
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export default async function setup(project: TestProject) {
  if ((process.env.TEST_DB ?? 'pglite') !== 'pglite') {
    project.provide('pgliteTemplate', null);
    return;
  }
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
