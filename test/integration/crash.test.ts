// Crash (issue 11): the real server process (scripts/start.mjs) runs a batch issuance of a few
// hundred certificates and a register import of tens of thousands of rows; it is killed with
// SIGKILL in the middle, and started again on the same data (a PGlite data folder, or the
// PostgreSQL database of TEST_DATABASE_URL). Nothing is half written: the register holds none or
// all of the file's rows, the batch none or all of its certificates with unbroken serials; the
// import is resumed, the batch (given a single attempt) is failed and run again by a user; both
// finish; the audit chain is intact (verifyAuditChain, what `ptech audit verify` runs).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { verifyAuditChain } from '../../src/platform/audit.ts';
import { jobs } from '../../src/db/schema.ts';
import { certificates } from '../../src/modules/certificates/tables.ts';
import { employeeImportRows, employees } from '../../src/modules/register/tables.ts';
import { bootstrap } from '../../src/platform/bootstrap.ts';
import { seedCalendars } from '../../src/platform/calendar-store.ts';
import { buildApp } from '../../src/server.ts';
import { certificateEnterprise, holder } from '../support/certificate-factories.ts';
import { confirmedList } from '../support/confirmed-list.ts';
import { buildProvince } from '../support/factories.ts';
import { ADMIN_PASSWORD, TestClient, testConfig, type TestApp } from '../support/test-app.ts';
import { installPersonalDataKey, parsePersonalDataKey } from '../../src/platform/personal-data.ts';
import { testEngine } from '../support/test-db.ts';
import { goodRow, multipart, registerWorkbook } from './applications-fixtures.ts';
import { TEST_NOW, testClock } from '../support/clock.ts';

const HOLDERS = 300;
/** On PGlite, the kill comes this long after the batch is queued (see below). */
const PGLITE_KILL_AFTER_MS = 1500;
const ROWS = 20_000;
const KEY = randomBytes(32).toString('hex');

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Installation {
  dataDir: string;
  databaseUrl?: string;
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}

/** An empty installation on the engine under test: a data folder, and on PostgreSQL a new database. */
async function installation(): Promise<Installation> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-crash-'));
  if (testEngine() === 'pglite') {
    return {
      dataDir,
      env: { DATA_DIR: dataDir },
      open: () => openDatabase({ dataDir: path.join(dataDir, 'pglite') }),
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `ptech_crash_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    dataDir,
    databaseUrl,
    env: { DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    open: () => openDatabase({ databaseUrl }),
    drop: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

interface Prepared {
  enterpriseId: string;
  planId: string;
  hr: { username: string; password: string };
}

/**
 * Before the first start, on the installation's own database and with the server's key: the
 * enterprise, its HR, and the HOLDERS people standing confirmed on a notice (a certificate is
 * issued only to a confirmed list; the way there is tested elsewhere).
 */
async function prepare(place: Installation): Promise<Prepared> {
  const handle = await place.open();
  try {
    const clock = testClock();
    installPersonalDataKey(parsePersonalDataKey(KEY)); // the audit chain's key, before bootstrap's entry
    await bootstrap(handle.db, { adminPassword: ADMIN_PASSWORD, clock });
    await seedCalendars(handle.db, clock);
    const app = await buildApp(testConfig({ personalDataKey: KEY, jobs: false, dataDir: place.dataDir }), { db: handle.db, logger: false, clock });
    await app.ready();
    try {
      const admin = await TestClient.login(app, 'admin', ADMIN_PASSWORD);
      const t = { login: (username: string, password: string) => TestClient.login(app, username, password) } as unknown as TestApp;
      const province = await buildProvince(admin, { provinceCode: '23' });
      const { enterprise, user } = await certificateEnterprise(t, admin, province.id);
      const list = await confirmedList(handle.db, { enterpriseId: enterprise.id, people: Array.from({ length: HOLDERS }, (_, index) => holder(index + 1)) });
      return { enterpriseId: enterprise.id, planId: list.planId, hr: { username: user.username, password: user.password } };
    } finally {
      await app.close();
    }
  } finally {
    await handle.close();
  }
}

interface Work {
  batchId: string;
  batchJobId: string;
  importJobId: string;
  enterpriseId: string;
  hr: { username: string; password: string };
}

/** The test clients' interface (status, body, json) over HTTP to a real server, for the factories. */
async function httpClient(url: string, user: { username: string; password: string }): Promise<TestClient> {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const pairs = login.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  const cookies = Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
  const me = ((await login.json()) as { user: TestClient['me'] }).user;
  const request = async (method: string, route: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const raw = Buffer.isBuffer(payload);
    const answer = await fetch(`${url}${route}`, {
      method,
      headers: { cookie: pairs.join('; '), ...(method === 'GET' ? {} : { 'x-csrf-token': cookies.ptech_csrf }), ...(payload === undefined || raw ? {} : { 'content-type': 'application/json' }), ...headers },
      body: payload === undefined ? undefined : raw ? new Uint8Array(payload as Buffer) : JSON.stringify(payload),
    });
    const rawPayload = Buffer.from(await answer.arrayBuffer());
    const body = rawPayload.toString('utf8');
    return { statusCode: answer.status, body, rawPayload, json: () => JSON.parse(body) as unknown };
  };
  return {
    me,
    cookies,
    request,
    get: (route: string) => request('GET', route),
    post: (route: string, payload: unknown = {}) => request('POST', route, payload),
    patch: (route: string, payload: unknown) => request('PATCH', route, payload),
  } as unknown as TestClient;
}

/**
 * Through the running server, as the prepared enterprise's HR: the import (queued first) and the
 * batch of the confirmed list, which the server's runner starts at once.
 */
async function queueWork(url: string, workbook: Buffer, prepared: Prepared): Promise<Work> {
  const hr = await httpClient(url, prepared.hr);
  // The batch first: its request checks the list for a while, and an import queued before it could
  // be done by the time the watcher looks (an idle machine imports the 20,000 rows in about a second).
  const batch = await hr.post('/api/v1/certificate-batches/from-applications', { planId: prepared.planId, issuedOn: '2024-06-01' });
  if (batch.statusCode !== 202) throw new Error(`batch: ${batch.statusCode} ${batch.body}`);
  const { payload, headers } = multipart({ name: '职工名册.xlsx', bytes: workbook });
  const imported = await hr.request('POST', '/api/v1/register/imports', payload, headers);
  if (imported.statusCode !== 202) throw new Error(`import: ${imported.statusCode} ${imported.body}`);
  return { batchId: batch.json().id, batchJobId: batch.json().jobId, importJobId: imported.json().job.id, enterpriseId: prepared.enterpriseId, hr: prepared.hr };
}

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function startServer(place: Installation): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: {
        ...process.env,
        PTECH_NOW: TEST_NOW,
        ...place.env,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        PTECH_SKIP_WEB_BUILD: '1',
        // The batch's QR codes point to this machine: a test installation, as a demo is (PUBLIC_BASE_URL_REQUIRED otherwise).
        PTECH_DEMO: 'true',
        PERSONAL_DATA_KEY: KEY,
        ADMIN_PASSWORD,
        JOB_STALE_SECONDS: '5',
        JOB_POLL_MS: '100',
        // One run per job unless its kind says otherwise (the import allows two): the batch, killed
        // while running, is failed, and a user runs it again.
        JOB_MAX_ATTEMPTS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/is running: (http:\/\/[^\s/]+:\d+)\//);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1].replace('localhost', '127.0.0.1'), output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}):\n${output}`));
    });
  });
}

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
  });
}

/** A logged-in HTTP client of the real server. */
async function session(url: string, user: { username: string; password: string }) {
  const response = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
  if (response.status !== 200) throw new Error(`login: ${response.status} ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  const cookie = cookies.join('; ');
  const csrf = cookies.find((entry) => entry.startsWith('ptech_csrf='))!.split('=')[1];
  return {
    get: async <T = Record<string, unknown>>(route: string) => {
      const answer = await fetch(`${url}/api/v1${route}`, { headers: { cookie } });
      return { status: answer.status, body: (await answer.json()) as T };
    },
    post: async (route: string, body: unknown = {}) => {
      const answer = await fetch(`${url}/api/v1${route}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
    },
    bytes: async (route: string) => {
      const answer = await fetch(`${url}/api/v1${route}`, { headers: { cookie } });
      return { status: answer.status, bytes: Buffer.from(await answer.arrayBuffer()) };
    },
  };
}

type Session = Awaited<ReturnType<typeof session>>;
interface JobView {
  status: string;
  progress: { done: number; total: number | null };
  error: { code: string } | null;
  attempts?: number;
}

async function job(client: Session, id: string): Promise<JobView> {
  return (await client.get<JobView>(`/jobs/${id}`)).body;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function registerTotal(client: Session, enterpriseId: string): Promise<number> {
  return (await client.get<{ total: number }>(`/register?enterpriseId=${enterpriseId}&limit=1`)).body.total;
}

describe(`kill -9 in the middle of a batch issuance and a register import (${testEngine()})`, () => {
  it('leaves nothing half written; the import resumes, the failed batch runs again; the audit chain is intact', async () => {
    const place = await installation();
    try {
      const started = Date.now();
      const steps: string[] = [];
      const mark = (step: string) => steps.push(`${step} ${((Date.now() - started) / 1000).toFixed(1)}`);
      // First run, on an empty installation: the server creates the database, the work is queued
      // through the API, and the server is killed while the import and the batch are running.
      const prepared = await prepare(place);
      mark('prepared');
      const [first, workbook] = await Promise.all([
        startServer(place),
        registerWorkbook(
          (function* rows() {
            for (let index = 0; index < ROWS; index += 1) yield goodRow(20_000 + index);
          })(),
        ),
      ]);
      mark('first server');
      const work = await queueWork(first.url, workbook, prepared);
      mark('queued');
      // When to kill. On PostgreSQL the test watches the tables while the server works: the kill
      // comes once the import has staged rows and the batch has started. PGlite is one connection
      // inside the server, busy with the two jobs (requests wait behind them), so there the kill
      // comes a fixed time after the batch was queued, while both are still at work.
      let atKill: string;
      if (place.databaseUrl) {
        const watcher = new pg.Client({ connectionString: place.databaseUrl });
        await watcher.connect();
        try {
          atKill = await until(
            'the import to stage rows while the batch runs',
            async () => {
              const { rows } = await watcher.query<{ staged: number; batch: string; imported: string; certificates: number }>(
                `select (select count(*)::int from employee_import_rows) as staged,
                        (select status from jobs where id = $1) as batch,
                        (select status from jobs where id = $2) as imported,
                        (select count(*)::int from certificates where batch_id = $3) as certificates`,
                [work.batchJobId, work.importJobId, work.batchId],
              );
              const state = rows[0];
              if (state.imported !== 'running' && state.imported !== 'queued') throw new Error(`the import ended before the kill: ${JSON.stringify(state)}`);
              // Usually the batch is still running then (issuing, or rendering its print file). On a
              // loaded machine the batch may not have started by the time half the rows are staged:
              // the kill then comes anyway, so that the import is still cut in the middle (the batch,
              // still queued, runs after the restart: both outcomes are checked below).
              const ready = state.staged > 0 && (state.batch !== 'queued' || state.staged >= ROWS / 2);
              return ready ? `import staging (${state.staged} rows staged), batch ${state.batch} (${state.certificates} certificates)` : undefined;
            },
            60_000,
          );
        } finally {
          await watcher.end();
        }
      } else {
        await new Promise((resolve) => setTimeout(resolve, PGLITE_KILL_AFTER_MS));
        atKill = `${PGLITE_KILL_AFTER_MS} ms after the batch was queued`;
      }
      first.child.kill('SIGKILL');
      await waitExit(first.child);
      mark('killed');

      // Second run on the same data: at once, the register and the batch are whole or empty.
      const second = await startServer(place);
      mark('second server');
      const client = await session(second.url, work.hr);
      expect([0, ROWS]).toContain(await registerTotal(client, work.enterpriseId));
      const batchAfterCrash = (await client.get<{ certificateCount: number; status: string }>(`/certificate-batches/${work.batchId}`)).body;
      expect([0, HOLDERS]).toContain(batchAfterCrash.certificateCount);

      // The import is resumed by the runner (its heartbeat went stale) and finishes.
      const imported = await until('the import to finish', async () => {
        const view = await job(client, work.importJobId);
        return view.status === 'succeeded' || view.status === 'failed' ? view : undefined;
      });
      expect(imported, JSON.stringify(imported)).toMatchObject({ status: 'succeeded', result: { outcome: 'imported', rows: ROWS, created: ROWS } });
      expect(await registerTotal(client, work.enterpriseId)).toBe(ROWS);
      mark('import done');

      // The batch: failed when it was running at the kill (its one attempt used), then run again by HR.
      let batchJob = await until('the batch job to settle', async () => {
        const view = await job(client, work.batchJobId);
        return view.status === 'succeeded' || view.status === 'failed' ? view : undefined;
      });
      // A batch that was running at the kill used its one attempt: failed, for a user to run again.
      if (batchJob.status === 'failed') expect(batchJob.error?.code).toBe('JOB_ABANDONED');
      const abandoned = batchJob.status === 'failed';
      let importRuns = 0;
      if (batchJob.status === 'failed') {
        expect((await client.post(`/jobs/${work.batchJobId}/retry`)).status).toBe(200);
        batchJob = await until('the batch job to finish', async () => {
          const view = await job(client, work.batchJobId);
          return view.status === 'succeeded' || view.status === 'failed' ? view : undefined;
        });
      }
      expect(batchJob.status, JSON.stringify(batchJob)).toBe('succeeded');
      mark('batch done');
      const batch = (await client.get<{ certificateCount: number; status: string; printFileId: string | null }>(`/certificate-batches/${work.batchId}`)).body;
      expect(batch).toMatchObject({ status: 'issued', certificateCount: HOLDERS });
      const printFile = await client.bytes(`/files/${batch.printFileId}`);
      expect(printFile.status).toBe(200);
      expect(printFile.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      // One page per certificate in the print file.
      expect(printFile.bytes.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(HOLDERS);
      const list = (await client.get<{ items: { id: string }[] }>(`/certificates?limit=1`)).body;
      const one = await client.bytes(`/certificates/${list.items[0].id}/pdf`);
      expect(one.status).toBe(200);
      expect(one.bytes.subarray(0, 5).toString()).toBe('%PDF-');

      second.child.kill('SIGTERM');
      await waitExit(second.child);

      mark('stopped');

      // In the tables: serials 1..300 without a gap or a double, every certificate with its code;
      // no staged import row left behind.
      const handle = await place.open();
      try {
        // The chain of audit entries is whole (what `ptech audit verify` runs).
        expect(await verifyAuditChain(handle.db)).toMatchObject({ intact: true, firstBroken: null });
        const rows = await handle.db.select({ code: certificates.code, serial: certificates.serial }).from(certificates).where(eq(certificates.batchId, work.batchId));
        expect(rows.map((row) => row.serial).sort((a, b) => a - b)).toEqual(Array.from({ length: HOLDERS }, (_, index) => index + 1));
        expect(new Set(rows.map((row) => row.code)).size).toBe(HOLDERS);
        expect(rows.every((row) => /^Y0000\d{8}24T\d{6}$/.test(row.code))).toBe(true);
        const [{ attempts }] = await handle.db.select({ attempts: jobs.attempts }).from(jobs).where(eq(jobs.id, work.importJobId));
        importRuns = attempts;
        // On PostgreSQL the kill came while the import was staging: it ran a second time.
        if (place.databaseUrl) expect(attempts).toBe(2);
        // Whatever the timing, the kill interrupted work: the import ran again, or the batch was abandoned.
        expect(attempts === 2 || abandoned, 'the kill came after both jobs had finished').toBe(true);
        const [{ staged }] = await handle.db.select({ staged: sql<number>`count(*)::int` }).from(employeeImportRows);
        expect(staged).toBe(0);
        const [{ count }] = await handle.db.select({ count: sql<number>`count(*)::int` }).from(employees).where(eq(employees.organisationId, work.enterpriseId));
        expect(count).toBe(ROWS);
      } finally {
        await handle.close();
      }
      console.log(
        `crash test (${testEngine()}): killed ${atKill}; batch ${abandoned ? 'abandoned and run again' : 'not interrupted'}, import run ${importRuns} times, ` +
          `after the crash: batch ${batchAfterCrash.status} with ${batchAfterCrash.certificateCount}; total ${((Date.now() - started) / 1000).toFixed(1)} s (${steps.join(', ')})`,
      );
    } finally {
      await place.drop();
    }
  }, 180_000); // the preparation opens the installation once more before the two server starts
});
