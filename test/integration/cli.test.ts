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
  // The commands' clock (who loaded a calendar when) is the one PTECH_NOW fixes, not the machine's.
  env = { DATA_DIR: dataDir, PTECH_NOW: '2026-11-02T09:00:00+08:00' };
  if (testEngine() === 'postgres') {
    postgres = await openTestDatabase('postgres');
    env.DATABASE_URL = postgres.url!;
    // On PostgreSQL the audit chain's key comes from PERSONAL_DATA_KEY, as for the server.
    env.PERSONAL_DATA_KEY = 'c'.repeat(64);
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
  }, 180_000); // the first command initialises the PGlite folder: a minute and more on a loaded machine

  it('reads the text of the State Council notice (calendar parse) and stores it as that text (calendar load), on the clock PTECH_NOW fixes', async () => {
    // A made-up 2027 text in the new wording (test/fixtures/holiday-notices/made-up-2027.txt).
    const notice = path.resolve('test/fixtures/holiday-notices/made-up-2027.txt');
    const parsed = await ptech('calendar', 'parse', notice, '--json');
    expect(parsed.code).toBe(0);
    expect(parsed.stdout).toBe(
      `${JSON.stringify({
        year: 2027,
        holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-04-03', '2027-04-04', '2027-04-05', '2027-05-01', '2027-05-02', '2027-05-03', '2027-05-04', '2027-05-05', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'],
        workdays: ['2027-02-20', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-09'],
      })}\n`,
    );
    const wrong = path.join(dataDir, 'wrong-2027.txt');
    fs.writeFileSync(wrong, fs.readFileSync(notice, 'utf8').replace('共8天', '共7天'));
    const refused = await ptech('calendar', 'parse', wrong, '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({
      code: 'HOLIDAY_NOTICE_INVALID',
      errors: [{ line: 5, code: 'NOTICE_DAY_COUNT_MISMATCH', messages: { en: 'Line 5: 2月5日 to 2月12日 is 8 days, the text says 共7天' } }],
    });
    expect((await ptech('calendar', 'load', wrong, '--json')).code).toBe(1);

    const loaded = await ptech('calendar', 'load', notice, '--json');
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout)).toEqual({
      loaded: [{ year: 2027, holidays: 28, workdays: 5, source: 'state-council-notice', sourceDetail: '国务院办公厅关于2027年部分节假日安排的通知' }],
    });
    const listed = JSON.parse((await ptech('calendar', 'list', '--json')).stdout).years.find((year: { year: number }) => year.year === 2027);
    expect(listed).toMatchObject({ source: 'state-council-notice', sourceDetail: '国务院办公厅关于2027年部分节假日安排的通知', loadedBy: null });
    expect(listed.loadedAt.slice(0, 16)).toBe('2026-11-02T01:00');
    expect(JSON.parse((await ptech('workdays', 'count', '2027-01-01', '2027-12-31', '--json')).stdout)).toMatchObject({ count: 248 });
  }, 120_000);

  it('refuses a malformed calendar file with exit 1 and stores nothing', async () => {
    const file = path.join(dataDir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ year: 2032, holidays: ['2032-02-30'], workdays: [] }));
    const result = await ptech('calendar', 'load', file, '--json');
    expect(result.code).toBe(1);
    const list = JSON.parse((await ptech('calendar', 'list', '--json')).stdout);
    expect(list.years.map((year: { year: number }) => year.year)).not.toContain(2032);
  });
});

describe('ptech audit checkpoint and ptech audit verify --checkpoint', () => {
  it('writes a signed checkpoint to a file kept apart, and finds entries deleted at the end with it', async () => {
    const kept = path.join(dataDir, 'kept-elsewhere', 'checkpoints.jsonl');
    const made = await ptech('audit', 'checkpoint', '--out', kept, '--json');
    expect(made.code).toBe(0);
    const checkpoint = JSON.parse(made.stdout);
    expect(checkpoint).toMatchObject({ format: 'ptech-audit-checkpoint', version: 1 });
    expect(checkpoint.count).toBeGreaterThan(0);
    expect(fs.readFileSync(kept, 'utf8').trim().split('\n').map((line) => JSON.parse(line))).toEqual([checkpoint]);
    expect(fs.statSync(kept).mode & 0o777).toBe(0o600);
    const human = await ptech('audit', 'checkpoint');
    expect(human.stdout).toContain('审计链完整，已签名检查点');
    expect(human.stdout).toContain('Keep it outside this system.');

    const matched = await ptech('audit', 'verify', '--checkpoint', kept, '--json');
    expect(matched.code).toBe(0);
    expect(JSON.parse(matched.stdout)).toMatchObject({ intact: true, keyed: true, checkpoints: [{ status: 'matched' }] });

    await withDatabase(({ db }) => db.execute(sql`delete from audit_log where seq = (select max(seq) from audit_log)`));
    expect((await ptech('audit', 'verify', '--json')).code).toBe(0); // the chain alone cannot tell
    const truncated = await ptech('audit', 'verify', '--checkpoint', kept);
    expect(truncated.code).toBe(1);
    expect(truncated.stdout).toContain('末尾的记录被删除');
    expect(truncated.stdout).toContain('entries at its end were deleted');

    const missing = await ptech('audit', 'verify', '--checkpoint', path.join(dataDir, 'no-such-file.jsonl'), '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe('AUDIT_CHECKPOINT_INVALID');
  }, 300_000); // eight commands, each opening the database
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
