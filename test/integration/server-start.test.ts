import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../support/test-db.ts';
import { serverProcesses, type Started } from '../support/server-process.ts';

const { start, stop } = serverProcesses(60_000);

/** Files and folders under `dir` whose mode is not 0600 / 0700 (with the count of files walked). */
function privateModes(dir: string): { files: number; loose: string[] } {
  const loose: string[] = [];
  let files = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const mode = fs.lstatSync(full).mode & 0o777;
    if (entry.isFile()) files += 1;
    if ((entry.isDirectory() && mode !== 0o700) || (entry.isFile() && mode !== 0o600)) loose.push(`${path.relative(dir, full)} ${mode.toString(8)}`);
  }
  if ((fs.statSync(dir).mode & 0o777) !== 0o700) loose.push(`. ${(fs.statSync(dir).mode & 0o777).toString(8)}`);
  return { files, loose };
}

/** Log-ins sent so far (from 127.0.0.1, this test's one client): the rate limit counts them all. */
let loginsSent = 0;

async function login(url: string, username: string, password: string) {
  loginsSent += 1;
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  return { status: response.status, body: await response.json(), cookie: cookies.join('; '), csrf: cookies.find((c) => c.startsWith('ptech_csrf='))!.split('=')[1] };
}

describe.runIf(testEngine() === 'pglite')('npm start on the embedded database', () => {
  it('starts on an empty data folder, prints the one-time password, answers /healthz and /api/docs, and keeps its data', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-start-'));
    try {
      const first = await start({ DATA_DIR: dataDir });
      expect(first.output()).toContain('admin');
      const password = first.output().match(/one-time password: (\S+)/)?.[1];
      expect(password).toMatch(/^[A-Za-z0-9]{14}$/);
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      // PTECH_NOW (the test's day) fixes the clock: a warning at start, and the page's time says so.
      expect(first.output()).toContain('系统时间已固定为 2026-12-04 10:0');
      expect(first.output()).toContain('PTECH_NOW');
      const time = await (await fetch(`${first.url}/api/v1/public/time`)).json();
      expect(time).toMatchObject({ today: '2026-12-04', fixedAt: '2026-12-04T02:00:00.000Z' });
      const docs = await fetch(`${first.url}/api/docs/json`);
      expect(docs.status).toBe(200);
      const openapi = await docs.json();
      expect(openapi.openapi).toMatch(/^3\./);
      expect(Object.keys(openapi.paths)).toContain('/api/v1/auth/login');
      const session = await login(first.url, 'admin', password!);
      expect(session.status).toBe(200);
      expect(session.body.user.mustChangePassword).toBe(true);
      const changed = await fetch(`${first.url}/api/v1/auth/password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
        body: JSON.stringify({ currentPassword: password, newPassword: 'Changed-password-2021' }),
      });
      expect(changed.status).toBe(204);
      await stop(first);
      expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);
      // Everything the server created in its data folder (PGlite's files, the key, the checkpoints) is private.
      const modes = privateModes(dataDir);
      expect(modes.files).toBeGreaterThan(500);
      expect(modes.loose).toEqual([]);

      // What an older release left (its PGlite files 0666, folders 0777) is tightened at the next start.
      for (const entry of fs.readdirSync(path.join(dataDir, 'pglite'), { recursive: true, withFileTypes: true })) {
        fs.chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o777 : 0o666);
      }
      const second = await start({ DATA_DIR: dataDir });
      expect(second.output()).not.toContain('one-time password');
      expect(second.output()).toContain('file modes in the data folder tightened to 0700/0600');
      expect((await login(second.url, 'admin', 'Changed-password-2021')).status).toBe(200);
      await stop(second);
      expect(privateModes(dataDir).loose).toEqual([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000); // two starts of PGlite (the first creates the folder): over a minute on a loaded machine

  it('refuses a bad configuration value with a message naming it', async () => {
    await expect(start({ PORT: 'eighty', DATA_DIR: os.tmpdir() })).rejects.toThrow(/PORT/);
    await expect(start({ PTECH_NOW: '2026-12-28 10:00', DATA_DIR: os.tmpdir() })).rejects.toThrow(/PTECH_NOW must be an ISO date-time with an offset/);
  });

  it('refuses PostgreSQL without PERSONAL_DATA_KEY before touching the database, in both languages', async () => {
    const attempt = start({ DATABASE_URL: 'postgres://ptech@127.0.0.1:1/none', DATA_DIR: os.tmpdir() });
    await expect(attempt).rejects.toThrow(/必须设置 PERSONAL_DATA_KEY/);
    await expect(attempt).rejects.toThrow(/PERSONAL_DATA_KEY must be set/);
  });
});

describe.runIf(testEngine() === 'postgres')('two app processes on one PostgreSQL database', () => {
  // An empty database: the two processes migrate it and bootstrap it themselves, at once.
  const name = `ptech_two_${Date.now()}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-two-'));
  let one: Started;
  let two: Started;
  const adminUrl = () => process.env.TEST_DATABASE_URL!;

  beforeAll(async () => {
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: adminUrl() });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const url = new URL(adminUrl());
    url.pathname = `/${name}`;
    // Every process of one installation shares the personal data key. The limits are low so that
    // the test can reach them: 10 log-ins and 10 public look-ups per client and minute.
    const env = {
      DATABASE_URL: url.toString(),
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: 'Shared-root-2021-hx',
      PERSONAL_DATA_KEY: 'a'.repeat(64),
      LOGIN_RATE_LIMIT_PER_MINUTE: '10',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '10',
    };
    [one, two] = await Promise.all([start(env), start(env)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([one && stop(one), two && stop(two)]);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const pg = await import('pg');
    const dropper = new pg.default.Client({ connectionString: adminUrl() });
    await dropper.connect();
    await dropper.query(`drop database if exists ${name} with (force)`);
    await dropper.end();
  });

  it('start side by side, create one administrator between them, and share sessions', async () => {
    const created = [one, two].filter((started) => started.output().includes('ADMIN_PASSWORD'));
    expect(created).toHaveLength(1);
    const session = await login(one.url, 'admin', 'Shared-root-2021-hx');
    expect(session.status).toBe(200);
    const me = await fetch(`${two.url}/api/v1/me`, { headers: { cookie: session.cookie } });
    expect(me.status).toBe(200);
    const write = await fetch(`${two.url}/api/v1/organisations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: JSON.stringify({ parentId: session.body.user.organisation.id, kind: 'department', name: '辽宁省人力资源和社会保障厅', departmentType: 'provincial', provinceCode: '21' }),
    });
    expect(write.status).toBe(201);
    const verify = await fetch(`${one.url}/api/v1/audit/verify`, { headers: { cookie: session.cookie } });
    expect((await verify.json()).intact).toBe(true);
  });

  it('hold one rate limit between them: 30 log-ins and 30 public look-ups at once from one client, spread over both, get 10 answers each', async () => {
    // The processes' clocks started at PTECH_NOW (10:00:00) moments ago: all of this falls in the
    // minute's window, in which the tests before have used some of the ten log-ins.
    const left = 10 - loginsSent;
    const logins = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        fetch(`${(index % 2 ? two : one).url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: `nobody${index}`, password: 'Wrong-guess-2021' }),
        }).then(async (response) => ({ status: response.status, code: ((await response.json()) as { code: string }).code, server: index % 2 })),
      ),
    );
    const answered = logins.filter((response) => response.status !== 429);
    expect(answered).toHaveLength(left);
    for (const response of answered) expect(response.code).toBe('INVALID_CREDENTIALS');
    for (const response of logins.filter((item) => item.status === 429)) expect(response.code).toBe('RATE_LIMITED');
    // Each process alone would have let 10 through (20 in all): both refused some.
    expect(new Set(logins.filter((response) => response.status === 429).map((response) => response.server)).size).toBe(2);

    const lookups = await Promise.all(
      Array.from({ length: 30 }, (_, index) => fetch(`${(index % 2 ? two : one).url}/api/v1/public/certificates/Y000023000001261000${String(100 + index)}`).then((response) => response.status)),
    );
    expect(lookups.filter((status) => status !== 429)).toHaveLength(10);
    expect(lookups.filter((status) => status === 404)).toHaveLength(10);
  });
});
