// What a failed job leaves behind (issue 11, crash): a register import that died while staging its
// rows on its last attempt is failed by the recovery, and its staged rows — encrypted identity
// numbers among them — go with it instead of waiting for a retry; the retry then imports the file
// whole. A handler that throws has its kind's clean-up run too.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../src/db/schema.ts';
import { employeeImportRows, employees } from '../../src/modules/register/tables.ts';
import { systemContext } from '../../src/platform/context.ts';
import { enqueueJob, recoverStaleJobs, registerJobHandler, runJobsOnce } from '../../src/platform/jobs.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { login } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { goodRow, multipart, registerWorkbook, waitForJob } from './applications-fixtures.ts';
import { testClock } from '../support/clock.ts';

let t: TestApp;
let hr: TestClient;
let enterprise: { id: string; path?: string };

beforeAll(async () => {
  // No runner: the test plays the crashed process and the recovery itself.
  t = await createTestApp({ jobs: false });
  const admin = await t.admin();
  const province = await buildProvince(admin, { provinceCode: '23' });
  enterprise = await buildEnterprise(admin, province.id);
  hr = await login(t, await buildUser(admin, enterprise.id, ['enterprise-admin']));
});
afterAll(() => t?.close());

async function staged(jobId: string): Promise<number> {
  const [{ count }] = await t.handle.db.select({ count: sql<number>`count(*)::int` }).from(employeeImportRows).where(eq(employeeImportRows.jobId, jobId));
  return count;
}

describe('a job that fails for good', () => {
  it('a register import abandoned while staging loses its staged rows; its retry imports the file whole', async () => {
    const { payload, headers } = multipart({ name: '职工名册.xlsx', bytes: await registerWorkbook([goodRow(401), goodRow(402), goodRow(403)]) });
    const started = await hr.request('POST', '/api/v1/register/imports', payload, headers);
    expect(started.statusCode, started.body).toBe(202);
    const jobId = started.json().job.id as string;
    const [job] = await t.handle.db.select().from(jobs).where(eq(jobs.id, jobId));
    // The state a process leaves when it is killed on its last attempt, two rows staged of three.
    await t.handle.db.execute(sql`
      insert into employee_import_rows (job_id, row_number, organisation_id, organisation_path, name, id_type, id_number_encrypted, id_lookup_hash, id_number_masked,
        gender, birth_date, occupation_code, certificate_number, certificate_kind, certificate_date, post_since, still_in_occupation, honours)
      select ${jobId}::uuid, n, ${enterprise.id}::uuid, ${job.organisationPath}, '职工' || n, 'resident-id', 'v1.x.y.z', 'hash-' || n || '-' || ${jobId}, '230102********0011',
        'male', '1975-01-01', '6-18-01-01', 'Y000023000001101000123', 'skill-level', '2010-06-30', '2010-10-31', true, '{}'::text[]
      from generate_series(2, 3) as n`);
    const stale = new Date(Date.now() - 10 * 60_000);
    await t.handle.db.update(jobs).set({ status: 'running', attempts: job.maxAttempts, leaseToken: crypto.randomUUID(), runner: 'dead-host:4242', startedAt: stale, heartbeatAt: stale }).where(eq(jobs.id, jobId));
    expect(await staged(jobId)).toBe(2);

    const recovered = await recoverStaleJobs(t.handle.db, { staleAfterMs: 60_000 });
    expect(recovered.failed).toContain(jobId);
    expect(await staged(jobId)).toBe(0);
    const [{ count: before }] = await t.handle.db.select({ count: sql<number>`count(*)::int` }).from(employees).where(eq(employees.organisationId, enterprise.id));
    expect(before).toBe(0);

    expect((await hr.post(`/api/v1/jobs/${jobId}/retry`)).statusCode).toBe(200);
    await runJobsOnce(t.handle.db, t.clock, { kinds: ['register.import'] });
    const done = await waitForJob(hr, jobId);
    expect(done.result).toMatchObject({ outcome: 'imported', rows: 3, created: 3 });
    const [{ count: after }] = await t.handle.db.select({ count: sql<number>`count(*)::int` }).from(employees).where(eq(employees.organisationId, enterprise.id));
    expect(after).toBe(3);
    expect(await staged(jobId)).toBe(0);
  });

  it('a handler that throws has its kind’s clean-up run once, and a clean-up that throws is only logged', async () => {
    const cleaned: string[] = [];
    registerJobHandler(
      'test.cleanup',
      async (job: { payload: { breakCleanUp: boolean } }) => {
        throw new Error(`a bug (${String(job.payload.breakCleanUp)})`);
      },
      {
        cleanUp: async (_db, job) => {
          cleaned.push(job.id);
          if ((job.payload as { breakCleanUp: boolean }).breakCleanUp) throw new Error('clean-up failed');
        },
      },
    );
    const context = systemContext(testClock(), 'test');
    const { job: first } = await enqueueJob(t.handle.db, context, { kind: 'test.cleanup', payload: { breakCleanUp: false } });
    const { job: second } = await enqueueJob(t.handle.db, context, { kind: 'test.cleanup', payload: { breakCleanUp: true } });
    const errors: string[] = [];
    await runJobsOnce(t.handle.db, t.clock, { kinds: ['test.cleanup'], logger: { info: () => undefined, error: (_object, message) => errors.push(message) } });
    expect(cleaned.sort()).toEqual([first.id, second.id].sort());
    expect(errors).toContain('job clean-up failed');
    const rows = await t.handle.db.select().from(jobs).where(eq(jobs.kind, 'test.cleanup'));
    expect(rows.map((row) => row.status)).toEqual(['failed', 'failed']);
  });
});
