import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { openTestDatabase, testEngine } from '../support/test-db.ts';
import { TEST_NOW } from '../support/clock.ts';

/** `npx ptech` as a subprocess against the engine under test: the database commands and their exit codes. */
const run = promisify(execFile);
let dataDir: string;
let env: Record<string, string>;
let postgres: (DatabaseHandle & { url?: string }) | null = null;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-cli-'));
  env = { DATA_DIR: dataDir };
  if (testEngine() === 'postgres') {
    postgres = await openTestDatabase('postgres');
    env.DATABASE_URL = postgres.url!;
  }
});
afterAll(async () => {
  await postgres?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function ptech(...args: string[]) {
  try {
    const result = await run(process.execPath, ['bin/ptech.js', ...args], { env: { ...process.env, PTECH_NOW: TEST_NOW, ...env } });
    return { code: 0, stdout: result.stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { code: failure.code, stdout: failure.stdout };
  }
}

/** The database the CLI used, opened by the test while no CLI process holds it. */
async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = postgres ?? (await openDatabase({ dataDir: path.join(dataDir, 'pglite') }));
  try {
    return await work(handle);
  } finally {
    if (!postgres) await handle.close();
  }
}

describe('ptech calendar and workdays on the database', () => {
  it('loads a year from a file, lists it, and counts with it; a year without a calendar is refused', async () => {
    const before = await ptech('workdays', 'is', '2031-03-03', '--json');
    expect(before.code).toBe(1);
    expect(JSON.parse(before.stdout).error).toMatchObject({ code: 'CALENDAR_MISSING', year: 2031 });

    const file = path.join(dataDir, '2031.json');
    fs.writeFileSync(file, JSON.stringify({ year: 2031, holidays: ['2031-01-01', '2031-03-03'], workdays: ['2031-03-08'] }));
    const loaded = await ptech('calendar', 'load', file, '--json');
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout).loaded[0]).toMatchObject({ year: 2031, holidays: 2, workdays: 1 });

    const list = JSON.parse((await ptech('calendar', 'list', '--json')).stdout);
    expect(list.years.map((year: { year: number }) => year.year)).toEqual(expect.arrayContaining([2024, 2025, 2026, 2031]));
    expect(JSON.parse((await ptech('workdays', 'is', '2031-03-03', '--json')).stdout)).toMatchObject({ date: '2031-03-03', workday: false });
    expect(JSON.parse((await ptech('workdays', 'is', '2031-03-08', '--json')).stdout)).toMatchObject({ date: '2031-03-08', workday: true });
  });

  it('refuses a malformed calendar file with exit 1 and stores nothing', async () => {
    const file = path.join(dataDir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ year: 2032, holidays: ['2032-02-30'], workdays: [] }));
    const result = await ptech('calendar', 'load', file, '--json');
    expect(result.code).toBe(1);
    const list = JSON.parse((await ptech('calendar', 'list', '--json')).stdout);
    expect(list.years.map((year: { year: number }) => year.year)).not.toContain(2032);
  });
});

describe('ptech audit verify', () => {
  it('reports the chain intact, then the first entry edited directly in the database', async () => {
    const intact = await ptech('audit', 'verify', '--json');
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ intact: true, firstBroken: null });

    const seq = await withDatabase(async ({ db }) => {
      const result = (await db.execute(sql`select seq from audit_log order by seq limit 1`)) as unknown as { rows: { seq: number }[] };
      const first = Number(result.rows[0].seq);
      await db.execute(sql`update audit_log set action = 'calendar.tampered' where seq = ${first}`);
      return first;
    });
    const broken = await ptech('audit', 'verify', '--json');
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).firstBroken.seq).toBe(seq);
    const human = await ptech('audit', 'verify');
    expect(human.stdout).toContain('审计链已被破坏');
  });
});
