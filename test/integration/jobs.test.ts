import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { auditLog, jobs } from '../../src/db/schema.ts';
import { systemContext, type RequestContext } from '../../src/platform/context.ts';
import { AppError } from '../../src/platform/errors.ts';
import {
  enqueueJob,
  JobLeaseLostError,
  JobRunner,
  recoverStaleJobs,
  registerJobHandler,
  runJobsOnce,
  wakeJobRunners,
  type RunningJob,
} from '../../src/platform/jobs.ts';
import { buildApp } from '../../src/server.ts';
import { contextFor } from '../support/actors.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { createTestApp, testConfig, type TestApp, type TestClient } from '../support/test-app.ts';
import { testEngine } from '../support/test-db.ts';
import { testClock } from '../support/clock.ts';

let t: TestApp;
let admin: TestClient;
let enterpriseAdmin: TestClient;
let employee: TestClient;
let colleague: TestClient;
let foreignAdmin: TestClient;
let employeeContext: RequestContext;
let enterpriseId: string;
let foreignEnterpriseId: string;

/** A promise with its resolver: the tests open gates that handlers wait at. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function jobRow(id: string) {
  const [row] = await t.handle.db.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

const gates = new Map<string, ReturnType<typeof gate>[]>();
const runs: { jobId: string; attempt: number }[] = [];
let failNext: 'refusal' | 'bug' | null = null;

beforeAll(async () => {
  t = await createTestApp({ jobs: false });
  admin = await t.admin();
  const province = await buildProvince(admin);
  const otherProvince = await buildProvince(admin, { name: '吉林省人力资源和社会保障厅', provinceCode: '22' });
  const enterprise = await buildEnterprise(admin, province.id);
  const other = await buildEnterprise(admin, otherProvince.id, {
    institution: { category: 'Y', institutionCode: '0000', provinceCode: '22', siteCode: '000078' },
  });
  enterpriseId = enterprise.id;
  foreignEnterpriseId = other.id;
  const login = async (organisationId: string, role: string) => {
    const user = await buildUser(admin, organisationId, [role]);
    return t.login(user.username, user.password);
  };
  enterpriseAdmin = await login(enterprise.id, 'enterprise-admin');
  employee = await login(enterprise.id, 'employee');
  colleague = await login(enterprise.id, 'employee');
  foreignAdmin = await login(other.id, 'enterprise-admin');
  employeeContext = await contextFor(t.handle.db, employee.me.id, t.clock);

  // A job that counts to `count`, waiting at a gate before each step when the test set gates for it.
  registerJobHandler(
    'test.count',
    async (job: RunningJob<{ count: number; label: string }>) => {
      runs.push({ jobId: job.id, attempt: job.attempt });
      await job.progress(0, job.payload.count);
      for (let step = 1; step <= job.payload.count; step += 1) {
        const waits = gates.get(job.payload.label);
        if (waits?.[step - 1]) await waits[step - 1].opened;
        await job.progress(step);
      }
      if (failNext === 'refusal') {
        failNext = null;
        throw new AppError('CONFLICT');
      }
      if (failNext === 'bug') {
        failNext = null;
        throw new TypeError('cannot read properties of undefined (secret internals)');
      }
      return { counted: job.payload.count, label: job.payload.label, payloadVersion: job.payloadVersion };
    },
    {
      payloadVersion: 2,
      parsePayload: (raw, version) => {
        const payload = raw as { count?: unknown; n?: unknown; label?: unknown };
        // Version 1 called the count `n`.
        const count = version === 1 ? payload.n : payload.count;
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new AppError('VALIDATION');
        return { count, label: String(payload.label ?? '') };
      },
    },
  );
}, 120_000);
afterAll(() => t?.close());

describe('a job run by the runner', () => {
  it('shows its progress while running and its result after, through GET /api/v1/jobs/:id', async () => {
    const steps = [gate(), gate(), gate()];
    gates.set('progress', steps);
    const { job, created } = await enqueueJob(t.handle.db, employeeContext, { kind: 'test.count', payload: { count: 3, label: 'progress' }, total: 3 });
    expect(created).toBe(true);
    const queued = (await employee.get(`/api/v1/jobs/${job.id}`)).json();
    expect(queued).toEqual({ id: job.id, kind: 'test.count', status: 'queued', progress: { done: 0, total: 3 }, result: null, error: null, createdAt: queued.createdAt, finishedAt: null });

    const running = runJobsOnce(t.handle.db, t.clock);
    steps[0].open();
    const midway = await until(
      async () => (await employee.get(`/api/v1/jobs/${job.id}`)).json(),
      (body) => body.progress.done === 1,
      'progress 1 of 3',
    );
    expect(midway.status).toBe('running');
    expect(midway.progress).toEqual({ done: 1, total: 3 });
    steps[1].open();
    steps[2].open();
    expect(await running).toEqual([job.id]);

    const done = (await employee.get(`/api/v1/jobs/${job.id}`)).json();
    expect(done.status).toBe('succeeded');
    expect(done.progress).toEqual({ done: 3, total: 3 });
    expect(done.result).toEqual({ counted: 3, label: 'progress', payloadVersion: 2 });
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.createdAt));
    const row = await jobRow(job.id);
    expect(row).toMatchObject({ attempts: 1, leaseToken: null, createdBy: employee.me.id, organisationId: enterpriseId, payloadVersion: 2 });
  });

  it('reads payloads stored by an older version through parsePayload, and refuses a bad payload at enqueue', async () => {
    const [old] = await t.handle.db
      .insert(jobs)
      .values({ kind: 'test.count', payloadVersion: 1, payload: { n: 2, label: 'old' }, organisationId: enterpriseId, organisationPath: employeeContext.actor.organisationPath })
      .returning();
    await runJobsOnce(t.handle.db, t.clock);
    expect((await jobRow(old.id)).result).toEqual({ counted: 2, label: 'old', payloadVersion: 1 });
    await expect(enqueueJob(t.handle.db, employeeContext, { kind: 'test.count', payload: { count: -1 } })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(enqueueJob(t.handle.db, employeeContext, { kind: 'test.unknown', payload: {} })).rejects.toMatchObject({ code: 'JOB_KIND_UNKNOWN' });
  });

  it('records a refusal in both languages, hides a bug’s internals, and retries a failed job on request', async () => {
    failNext = 'refusal';
    const refused = (await enqueueJob(t.handle.db, employeeContext, { kind: 'test.count', payload: { count: 1, label: 'refused' } })).job;
    await runJobsOnce(t.handle.db, t.clock);
    const refusedBody = (await employee.get(`/api/v1/jobs/${refused.id}`)).json();
    expect(refusedBody.status).toBe('failed');
    expect(refusedBody.error).toEqual({ code: 'CONFLICT', messages: { 'zh-CN': '数据已被修改或存在冲突。', en: 'The data conflicts with the current state.' } });

    failNext = 'bug';
    const broken = (await enqueueJob(t.handle.db, employeeContext, { kind: 'test.count', payload: { count: 1, label: 'bug' } })).job;
    await runJobsOnce(t.handle.db, t.clock);
    const response = await employee.get(`/api/v1/jobs/${broken.id}`);
    expect(response.json().error.code).toBe('JOB_FAILED');
    expect(response.json().error.messages['zh-CN']).toBe('任务执行失败，可以重试；如仍失败请联系管理员。');
    expect(response.body).not.toContain('secret internals');
    expect((await jobRow(broken.id)).errorDetail).toContain('secret internals');

    const retried = await employee.post(`/api/v1/jobs/${broken.id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'queued', error: null, result: null, finishedAt: null, progress: { done: 0 } });
    const audit = await t.handle.db.select().from(auditLog).where(eq(auditLog.targetId, broken.id));
    expect(audit.map((entry) => entry.action)).toEqual(['job.retried']);
    await runJobsOnce(t.handle.db, t.clock);
    const after = (await employee.get(`/api/v1/jobs/${broken.id}`)).json();
    expect(after).toMatchObject({ status: 'succeeded', result: { counted: 1, label: 'bug' } });

    const again = await employee.post(`/api/v1/jobs/${broken.id}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('JOB_NOT_RETRYABLE');
    expect(again.json().messages.en).toBe('Only a failed job can be retried (its status is succeeded).');
  });

  it('is visible to its creator and to administrators at or above its organisation, and to nobody else', async () => {
    const { job } = await enqueueJob(t.handle.db, employeeContext, { kind: 'test.count', payload: { count: 0, label: 'scope' } });
    expect((await employee.get(`/api/v1/jobs/${job.id}`)).statusCode).toBe(200);
    expect((await enterpriseAdmin.get(`/api/v1/jobs/${job.id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/jobs/${job.id}`)).statusCode).toBe(200);
    for (const outsider of [colleague, foreignAdmin]) {
      expect((await outsider.get(`/api/v1/jobs/${job.id}`)).statusCode).toBe(404);
      expect((await outsider.post(`/api/v1/jobs/${job.id}/retry`)).statusCode).toBe(404);
    }
    await runJobsOnce(t.handle.db, t.clock);
  });
});

describe('idempotency keys', () => {
  it('give a retried request the job already made, per kind and organisation', async () => {
    const input = { kind: 'test.count', payload: { count: 1, label: 'idem' }, idempotencyKey: 'import-2024-001' };
    const first = await enqueueJob(t.handle.db, employeeContext, input);
    const second = await enqueueJob(t.handle.db, employeeContext, { ...input, payload: { label: 'idem', count: 1 } });
    expect(first.created).toBe(true);
    expect(second).toEqual({ job: first.job, created: false });
    await expect(enqueueJob(t.handle.db, employeeContext, { ...input, payload: { count: 2, label: 'idem' } })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      status: 409,
    });
    const elsewhere = await enqueueJob(t.handle.db, systemContext(testClock(), 'test'), { ...input, organisationId: foreignEnterpriseId });
    expect(elsewhere.created).toBe(true);
    expect(elsewhere.job.id).not.toBe(first.job.id);
    await runJobsOnce(t.handle.db, t.clock);
  });

  it('hold when the same request arrives many times at once', async () => {
    const input = { kind: 'test.count', payload: { count: 0, label: 'burst' }, idempotencyKey: 'burst-1' };
    const results = await Promise.all(Array.from({ length: 8 }, () => enqueueJob(t.handle.db, employeeContext, input)));
    expect(new Set(results.map((result) => result.job.id)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const rows = await t.handle.db.select().from(jobs).where(eq(jobs.idempotencyKey, 'burst-1'));
    expect(rows).toHaveLength(1);
    await runJobsOnce(t.handle.db, t.clock);
  });
});

describe('a process that dies while running a job', () => {
  async function leftRunning(label: string, attempts: number, heartbeatAgoMs: number) {
    const { job } = await enqueueJob(t.handle.db, employeeContext, { kind: 'test.count', payload: { count: 2, label } });
    const stale = new Date(Date.now() - heartbeatAgoMs);
    await t.handle.db
      .update(jobs)
      .set({ status: 'running', attempts, leaseToken: crypto.randomUUID(), runner: 'dead-host:4242', startedAt: stale, heartbeatAt: stale, progressDone: 1 })
      .where(eq(jobs.id, job.id));
    return job.id;
  }

  it('leaves its jobs to be recovered when the app starts: queued again and run, or failed and retryable after the last attempt', async () => {
    const requeued = await leftRunning('crashed', 1, 10 * 60_000);
    const exhausted = await leftRunning('crashed-thrice', 3, 10 * 60_000);
    const fresh = await leftRunning('still-alive', 1, 0);
    const app = await buildApp(testConfig({ jobs: true, jobStaleSeconds: 60, jobPollMs: 50 }), { db: t.handle.db, logger: false, clock: t.clock });
    try {
      await app.ready();
      const recovered = await until(() => jobRow(requeued), (row) => row.status === 'succeeded', 'the recovered job to finish');
      expect(recovered.attempts).toBe(2);
      expect(recovered.result).toEqual({ counted: 2, label: 'crashed', payloadVersion: 2 });
      const failed = await jobRow(exhausted);
      expect(failed.status).toBe('failed');
      expect(failed.error).toEqual({
        code: 'JOB_ABANDONED',
        messages: {
          'zh-CN': '任务运行时所在的服务进程意外中止，已尝试 3 次；可以重试。',
          en: 'The process running the job stopped unexpectedly after 3 attempts; it can be retried.',
        },
      });
      // A job whose heartbeat is fresh belongs to a live process: left alone.
      expect((await jobRow(fresh)).status).toBe('running');
      expect((await employee.post(`/api/v1/jobs/${exhausted}/retry`)).statusCode).toBe(200);
      await until(() => jobRow(exhausted), (row) => row.status === 'succeeded', 'the retried job to finish');
    } finally {
      await app.close();
    }
    await t.handle.db.update(jobs).set({ status: 'failed' }).where(eq(jobs.id, fresh));
  });

  it('cannot overwrite a job that was taken from it: its lease is fenced', async () => {
    const steps = [gate(), gate()];
    gates.set('fenced', steps);
    const { job } = await enqueueJob(t.handle.db, employeeContext, { kind: 'test.count', payload: { count: 2, label: 'fenced' } });
    const slow = runJobsOnce(t.handle.db, t.clock, { kinds: ['test.count'], staleAfterMs: 60_000 });
    await until(() => jobRow(job.id), (row) => row.status === 'running', 'the job to start');
    // Another process decides this one is dead (its heartbeat "went stale") and queues the job again.
    expect((await recoverStaleJobs(t.handle.db, { staleAfterMs: 0 })).requeued).toContain(job.id);
    steps[0].open();
    steps[1].open();
    await slow;
    // The first run's progress was refused; the job went back to the queue and ran a second time.
    const row = await until(() => jobRow(job.id), (current) => current.status === 'succeeded', 'the second run');
    expect(row.attempts).toBe(2);
    expect(runs.filter((run) => run.jobId === job.id).map((run) => run.attempt)).toEqual([1, 2]);
  });

  it('a stopping runner hands its running jobs back to the queue', async () => {
    const steps = [gate(), gate()];
    gates.set('handed-back', steps);
    const { job } = await enqueueJob(t.handle.db, employeeContext, { kind: 'test.count', payload: { count: 2, label: 'handed-back' } });
    const runner = new JobRunner(t.handle.db, testClock(), { pollMs: 20, stopGraceMs: 50 });
    runner.start();
    await until(() => jobRow(job.id), (row) => row.status === 'running', 'the job to start');
    await runner.stop();
    const row = await jobRow(job.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 0, leaseToken: null });
    steps[0].open();
    steps[1].open();
    await runJobsOnce(t.handle.db, t.clock);
    expect((await jobRow(job.id)).status).toBe('succeeded');
  });

  it('starts a job queued inside a transaction when woken after the commit, not at the next poll', async () => {
    const runner = new JobRunner(t.handle.db, testClock(), { pollMs: 60_000, stopGraceMs: 50 });
    runner.start();
    try {
      // The runner has looked and found nothing; its next look is a minute away.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const job = await t.handle.db.transaction(async (tx) => {
        const queued = await enqueueJob(tx, employeeContext, { kind: 'test.count', payload: { count: 1, label: 'woken' } });
        // The rest of the act (its rows, its audit entry) before the commit; the runner was woken at the enqueue.
        await new Promise((resolve) => setTimeout(resolve, 300));
        return queued.job;
      });
      wakeJobRunners();
      await until(() => jobRow(job.id), (row) => row.status === 'succeeded', 'the job to run', 10_000);
    } finally {
      await runner.stop();
    }
  });
});

describe('several runners', () => {
  it('never run the same job twice', async () => {
    // On PostgreSQL, each runner has its own connection pool, as separate app processes would.
    let second: DatabaseHandle | null = null;
    const url = (t.handle as DatabaseHandle & { url?: string }).url;
    if (testEngine() === 'postgres') second = await openDatabase({ databaseUrl: url!, migrate: false, poolSize: 5 });
    const dbs = [t.handle.db, t.handle.db, second?.db ?? t.handle.db, second?.db ?? t.handle.db];
    const label = 'many';
    const ids: string[] = [];
    for (let index = 0; index < 40; index += 1) {
      ids.push((await enqueueJob(t.handle.db, employeeContext, { kind: 'test.count', payload: { count: 1, label } })).job.id);
    }
    const runners = dbs.map((db, index) => new JobRunner(db, testClock(), { pollMs: 10, concurrency: 3, runnerName: `runner-${index}` }));
    const before = runs.length;
    try {
      for (const runner of runners) runner.start();
      await until(
        async () => t.handle.db.select({ status: jobs.status, runner: jobs.runner }).from(jobs).where(inArray(jobs.id, ids)),
        (rows) => rows.every((row) => row.status === 'succeeded'),
        'all 40 jobs to finish',
        60_000,
      );
    } finally {
      for (const runner of runners) await runner.stop();
      await second?.close();
    }
    const ran = runs.slice(before).filter((run) => ids.includes(run.jobId));
    expect(ran).toHaveLength(40);
    expect(new Set(ran.map((run) => run.jobId)).size).toBe(40);
    const rows = await t.handle.db.select().from(jobs).where(inArray(jobs.id, ids));
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    // The work was shared.
    expect(new Set(rows.map((row) => row.runner)).size).toBeGreaterThan(1);
  });
});

it('JobLeaseLostError names the job', () => {
  expect(new JobLeaseLostError('abc').message).toContain('abc');
});
