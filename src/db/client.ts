import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.ts';

export { schema };

/** A database or a transaction: every use case takes one of these. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** Which engine a database opened by openDatabase runs on (PGlite in-process, or a PostgreSQL server). */
export function databaseEngine(db: Database): 'pglite' | 'postgres' {
  return (db as unknown as { $client?: unknown }).$client instanceof PGlite ? 'pglite' : 'postgres';
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * PGlite's start-up arguments: its defaults, with a buffer pool of 16 MB instead of PostgreSQL's
 * 128 MB. PGlite allocates and zeroes the whole pool in its WebAssembly memory at start, so every
 * megabyte of it is resident from the first second (an open database: about 250 MB with 128 MB,
 * about 130 MB with 16 MB). Pages outside the pool are read through the operating system's file
 * cache: on a 110 MB table, random index lookups, a sequential scan and single-row inserts measured
 * the same with 16, 32 and 128 MB within the noise.
 */
export const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** A constant key for the advisory lock that serialises migrations across app processes. */
const MIGRATION_LOCK_KEY = 727_210_001;

export interface OpenDatabaseOptions {
  /** postgres://… to use a PostgreSQL server; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; 'memory://' or undefined for an in-memory database. */
  dataDir?: string;
  /** Load a PGlite data dump (tar) instead of creating a database: used by tests for speed. */
  loadDataDir?: Blob | File;
  poolSize?: number;
  migrate?: boolean;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    // JIT off for this application's sessions: its statements are short (the heaviest dashboard
    // statement runs in about 80 ms), and PostgreSQL's JIT, chosen by cost estimates over
    // half a million rows, spent 55 ms compiling one of them (bench statistics-national).
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, options: '-c jit=off' });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it. Queries in flight report their own errors.
    });
    const db = drizzlePostgres(pool, { schema }) as unknown as Database;
    if (options.migrate !== false) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        client.release();
      }
    }
    return { db, engine: 'postgres', close: () => pool.end() };
  }
  let dataDir = options.dataDir;
  if (dataDir && dataDir !== 'memory://') {
    fs.mkdirSync(dataDir, { recursive: true });
  } else {
    dataDir = undefined;
  }
  if (dataDir && !options.loadDataDir) await initialisePgliteFolder(dataDir, options.migrate !== false);
  const client = await PGlite.create({ dataDir, loadDataDir: options.loadDataDir, startParams: PGLITE_START_PARAMS });
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  if (options.migrate !== false) {
    await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
  }
  return {
    db,
    engine: 'pglite',
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

/**
 * A new embedded database is created (and, unless `migrate` is false, migrated) in a short-lived
 * child process (src/db/pglite-init.mjs), then opened here: PGlite's initdb grows its process to
 * about 800 MB and never gives it back, and the migrations' DDL adds some 40 MB, which the server
 * would otherwise carry for its whole life (an existing, migrated folder opens in about 200 MB).
 */
async function initialisePgliteFolder(dataDir: string, migrate: boolean): Promise<void> {
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pglite-init.mjs');
  const stderr: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [script, dataDir, ...(migrate ? [] : ['--no-migrate'])], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`could not create the embedded database in ${dataDir} (exit ${code}): ${Buffer.concat(stderr).toString().trim()}`);
}
