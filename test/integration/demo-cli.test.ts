// `ptech demo --json` as a subprocess on a fresh data folder (or the PostgreSQL database under
// test): exactly one JSON object with the log-ins and the certificate codes; a second run is
// refused with a JSON error and exit 1; a folder a server holds is refused before anything opens it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { openTestDatabase, testEngine } from '../support/test-db.ts';

const run = promisify(execFile);
// A day of a year whose holiday calendar is not held (the package's end with 2026): the demo plays
// the latest year held and says so on standard error, the JSON keeping its contract.
const SEEDED_AT = '2027-01-15T10:00:00+08:00';
let dataDir: string;
let env: Record<string, string>;
let postgres: (DatabaseHandle & { url?: string }) | null = null;

beforeAll(async () => {
  // tmpfs when there is one: PGlite syncs every commit, and the demo makes a few thousand.
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  dataDir = fs.mkdtempSync(path.join(base, 'ptech-demo-'));
  env = { DATA_DIR: dataDir, ADMIN_PASSWORD: 'Ministry-root-2021' };
  if (testEngine() === 'postgres') {
    postgres = await openTestDatabase('postgres');
    env.DATABASE_URL = postgres.url!;
    env.PERSONAL_DATA_KEY = 'a'.repeat(64);
  }
});
afterAll(async () => {
  await postgres?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function ptech(...args: string[]) {
  try {
    const result = await run(process.execPath, ['bin/ptech.js', ...args], { env: { ...process.env, PTECH_NOW: SEEDED_AT, ...env }, maxBuffer: 10 * 1024 * 1024 });
    return { code: 0, stdout: result.stdout, stderr: result.stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('ptech demo', () => {
  it('seeds the demo and prints one JSON object: the log-ins and the certificate codes; progress goes to stderr', async () => {
    const result = await ptech('demo', '--json');
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const output = JSON.parse(lines[0]);
    expect(Object.keys(output).sort()).toEqual(['certificates', 'logins']);
    for (const login of output.logins) expect(Object.keys(login).sort()).toEqual(['password', 'role', 'username']);
    expect(output.logins.map((login: { role: string }) => login.role)).toEqual(expect.arrayContaining(['ministry-admin', 'department-admin', 'enterprise-admin', 'employee', 'body-admin', 'expert']));
    expect(output.certificates.valid).toHaveLength(3);
    expect(output.certificates.revoked).toHaveLength(1);
    for (const code of [...output.certificates.valid, ...output.certificates.revoked]) expect(code).toMatch(/^Y\d{12}\d{2}T\d{6}$/);
    expect(result.stderr).toContain('组织评审');
    expect(result.stderr).toContain('系统尚未保存2027年的节假日安排，演示数据按已保存的最近年度（2026年）生成');
    expect(result.stderr).toContain('No holiday calendar is held for 2027');
    // The whole year seeded in a child process (about 40 s of CPU on PGlite): over two minutes on a shared 2-core machine.
  }, 300_000);

  it('refuses a second run with a JSON error in both languages and exit 1', async () => {
    const again = await ptech('demo', '--json');
    expect(again.code).toBe(1);
    const { error } = JSON.parse(again.stdout);
    expect(error.code).toBe('DEMO_ALREADY_SEEDED');
    expect(error.messages['zh-CN']).toContain('已有演示数据');
    expect(error.messages.en).toContain('already holds the demo');
  }, 180_000);

  it.runIf(testEngine() === 'pglite')('refuses a PGlite folder that a server holds, without opening it', async () => {
    const pid = path.join(dataDir, 'pglite', 'postmaster.pid');
    fs.writeFileSync(pid, '1\n');
    try {
      const held = await ptech('demo');
      expect(held.code).toBe(1);
      expect(held.stderr).toContain('PGlite 数据目录正在被使用');
      expect(held.stderr).toContain('stop the server');
    } finally {
      fs.rmSync(pid);
    }
  }, 180_000);
});
