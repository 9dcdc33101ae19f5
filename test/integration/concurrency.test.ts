// Concurrency and retried requests (issue 11). Fifty requests at once through the API: on
// PostgreSQL they run truly in parallel (a pool of 20 connections), on PGlite they are serialised by
// its single connection; the same assertions hold on both: no lost vote, no double vote, no lost
// submission, exactly one application per applicant and plan. Retried batch acts carrying an
// `Idempotency-Key` header act once and answer with the first act.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, files, jobs } from '../../src/db/schema.ts';
import { applications, applicationVersions } from '../../src/modules/applications/tables.ts';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { certificateIssueBatches, certificates, nationalUploadBatches } from '../../src/modules/certificates/tables.ts';
import { contextFor } from '../support/actors.ts';
import { reviewVotes } from '../../src/modules/review/tables.ts';
import { certificateEnterprise, holder } from '../support/certificate-factories.ts';
import { buildProvince } from '../support/factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { testEngine } from '../support/test-db.ts';
import { completeContent, goodRow, multipart, registerWorkbook, waitForJob } from './applications-fixtures.ts';
import { buildReviewSetup, scoreAll, type ReviewSetup } from './review-fixtures.ts';
import { confirmedHolders } from '../support/confirmed-list.ts';

const PARALLEL = 50;
const SUBMITTERS = 50;
const FIRST_SEQUENCE = 100;

let t: TestApp;
let admin: TestClient;
let provinceId: string;
let setup: ReviewSetup & { others: Record<string, string> };
let committeeId: string;

function statusCounts(responses: { statusCode: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.statusCode] = (counts[response.statusCode] ?? 0) + 1;
  return counts;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  provinceId = (await buildProvince(admin, { provinceCode: '23' })).id;
  // Five candidates for the committee, and 51 more register rows that apply during the tests.
  setup = await buildReviewSetup(t, admin, provinceId, {
    applicants: ['A', 'B', 'C', 'D', 'E'].map((key) => ({ key, department: '总装车间' })),
    others: Array.from({ length: SUBMITTERS + 1 }, (_, index) => ({ key: `S${index}`, department: '机加车间' })),
    experts: 7,
    cap: 5,
    firstSequence: FIRST_SEQUENCE,
  });
  const created = await setup.bodyAdmin.post('/api/v1/review/committees', {
    commissionId: setup.commissionId,
    name: '焊工评审委员会',
    occupationCodes: ['6-18-01-01'],
    chairId: setup.experts[0].id,
    memberIds: setup.experts.map((expert) => expert.id),
  });
  if (created.statusCode !== 201) throw new Error(`committee: ${created.body}`);
  committeeId = created.json().id;
  const started = await setup.bodyAdmin.post(`/api/v1/review/committees/${committeeId}/start`);
  if (started.statusCode !== 200) throw new Error(`start: ${started.body}`);
  await scoreAll(setup, committeeId, setup.experts, () => 80);
  const closed = await setup.experts[0].client.post(`/api/v1/review/committees/${committeeId}/close-scoring`);
  if (closed.statusCode !== 200) throw new Error(`close scoring: ${closed.body}`);
}, 300_000);
afterAll(() => t?.close());

describe(`${PARALLEL} simultaneous votes (${testEngine()})`, () => {
  it('keeps every ballot once: no lost vote, no second ballot by one expert on one applicant', async () => {
    const candidates = setup.applicants.map((applicant) => applicant.applicationId);
    const choices = ['approve', 'disapprove', 'abstain'] as const;
    // Request k: expert k mod 7 on candidate ⌊k/7⌋ mod 5. The first 35 are every (expert, candidate)
    // pair once; the 15 others are the same experts changing their ballot at the same moment.
    const ballots = Array.from({ length: PARALLEL }, (_, k) => ({
      expert: setup.experts[k % 7],
      applicationId: candidates[Math.floor(k / 7) % candidates.length],
      vote: choices[(k + Math.floor(k / 35)) % 3],
    }));
    const responses = await Promise.all(
      ballots.map((ballot) => ballot.expert.client.request('PUT', `/api/v1/review/committees/${committeeId}/votes/${ballot.applicationId}`, { vote: ballot.vote })),
    );
    expect(statusCounts(responses), responses.map((response) => response.body.slice(0, 120)).join(' | ')).toEqual({ 200: PARALLEL });

    const rows = await t.handle.db.select().from(reviewVotes).where(eq(reviewVotes.committeeId, committeeId));
    const pairs = new Set(rows.map((row) => `${row.expertId}:${row.applicationId}`));
    expect(rows).toHaveLength(7 * candidates.length);
    expect(pairs.size).toBe(rows.length);
    // Each stored ballot is one of those the expert sent for that applicant.
    for (const row of rows) {
      const sent = ballots.filter((ballot) => ballot.expert.id === row.expertId && ballot.applicationId === row.applicationId).map((ballot) => ballot.vote);
      expect(sent).toContain(row.vote);
    }
    // Every accepted request left its audit entry (which never says how the expert voted).
    const entries = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'review.voted'), eq(auditLog.targetId, committeeId)));
    expect(entries).toHaveLength(PARALLEL);
    // The chair's count: seven ballots for every candidate.
    const summary = (await setup.experts[0].client.get(`/api/v1/review/committees/${committeeId}/summary`)).json();
    for (const row of summary.rows as { approve: number; disapprove: number; abstain: number }[]) {
      expect(row.approve + row.disapprove + row.abstain).toBe(7);
    }
    const verify = await admin.get('/api/v1/audit/verify');
    expect(verify.json().intact).toBe(true);
  });
});

describe(`${SUBMITTERS} simultaneous application submissions (${testEngine()})`, () => {
  let employeeIds: string[];
  let base: Awaited<ReturnType<typeof completeContent>>;

  beforeAll(async () => {
    const register = (await setup.hr.get('/api/v1/register?limit=200')).json() as { items: { id: string; name: string }[] };
    employeeIds = Array.from({ length: SUBMITTERS + 1 }, (_, index) => {
      const found = register.items.find((item) => item.name === `职工S${index}`);
      if (!found) throw new Error(`no register row 职工S${index}`);
      return found.id;
    });
    base = await completeContent(setup.hr);
  });

  function contentFor(index: number) {
    const row = goodRow(FIRST_SEQUENCE + 50 + index);
    return { ...base, identity: { name: `职工S${index}`, gender: 'male', birthDate: row.birthDate, department: '机加车间', phone: '13800000000' } };
  }

  it('by different applicants: every one is submitted, none lost', async () => {
    const drafts: { id: string; revision: number }[] = [];
    for (let start = 0; start < SUBMITTERS; start += 10) {
      const batch = await Promise.all(
        employeeIds.slice(start, Math.min(start + 10, SUBMITTERS)).map(async (employeeId, offset) => {
          const created = await setup.hr.post('/api/v1/applications', { planId: setup.planId, employeeId });
          if (created.statusCode !== 201) throw new Error(`apply: ${created.body}`);
          const saved = await setup.hr.patch(`/api/v1/applications/${created.json().id}`, { revision: created.json().revision, content: contentFor(start + offset) });
          if (saved.statusCode !== 200) throw new Error(`save: ${saved.body}`);
          return { id: created.json().id as string, revision: saved.json().revision as number };
        }),
      );
      drafts.push(...batch);
    }
    const responses = await Promise.all(drafts.map((draft) => setup.hr.post(`/api/v1/applications/${draft.id}/submit`, { revision: draft.revision })));
    expect(statusCounts(responses), responses.map((response) => response.body.slice(0, 120)).join(' | ')).toEqual({ 200: SUBMITTERS });
    const ids = drafts.map((draft) => draft.id);
    const rows = await t.handle.db.select({ id: applications.id, status: applications.status }).from(applications).where(sql`${applications.id} in ${ids}`);
    expect(rows).toHaveLength(SUBMITTERS);
    expect(rows.every((row) => row.status === 'submitted')).toBe(true);
    const versions = await t.handle.db.select({ applicationId: applicationVersions.applicationId }).from(applicationVersions).where(sql`${applicationVersions.applicationId} in ${ids}`);
    expect(versions).toHaveLength(SUBMITTERS);
    expect(new Set(versions.map((version) => version.applicationId)).size).toBe(SUBMITTERS);
  });

  it('by the same applicant: exactly one application is made, and one submission is frozen', async () => {
    const employeeId = employeeIds[SUBMITTERS];
    const creates = await Promise.all(Array.from({ length: PARALLEL }, () => setup.hr.post('/api/v1/applications', { planId: setup.planId, employeeId })));
    expect(statusCounts(creates), creates.map((response) => response.body.slice(0, 120)).join(' | ')).toEqual({ 201: 1, 409: PARALLEL - 1 });
    expect(creates.filter((response) => response.statusCode === 409).every((response) => response.json().code === 'APPLICATION_EXISTS')).toBe(true);
    const [{ count }] = await t.handle.db
      .select({ count: sql<number>`count(*)::int` })
      .from(applications)
      .where(and(eq(applications.planId, setup.planId), eq(applications.name, `职工S${SUBMITTERS}`)));
    expect(count).toBe(1);

    const draft = creates.find((response) => response.statusCode === 201)!.json() as { id: string; revision: number };
    const saved = (await setup.hr.patch(`/api/v1/applications/${draft.id}`, { revision: draft.revision, content: contentFor(SUBMITTERS) })).json() as { revision: number };
    const submits = await Promise.all(Array.from({ length: PARALLEL }, () => setup.hr.post(`/api/v1/applications/${draft.id}/submit`, { revision: saved.revision })));
    expect(statusCounts(submits), submits.map((response) => response.body.slice(0, 120)).join(' | ')).toEqual({ 200: 1, 409: PARALLEL - 1 });
    expect(await t.handle.db.select().from(applicationVersions).where(eq(applicationVersions.applicationId, draft.id))).toHaveLength(1);
  });
});

describe('retried batch acts with an Idempotency-Key header', () => {
  it('issue a certificate batch once: retries at the same time and after it is done get the first batch', async () => {
    const { hr, enterprise } = await certificateEnterprise(t, admin, provinceId);
    // The enterprise's confirmed list (a certificate is issued to nobody else).
    const { planId } = await confirmedHolders(t.handle.db, enterprise.id, [holder(701), holder(702), holder(703)]);
    const body = { planId, issuedOn: '2024-06-01' };
    const key = `batch-${Date.now()}-retry`;
    const send = (payload: unknown = body, headerKey = key) => hr.request('POST', '/api/v1/certificate-batches/from-applications', payload, { 'idempotency-key': headerKey });
    const first = await Promise.all(Array.from({ length: 5 }, () => send()));
    expect(first.map((response) => response.statusCode).sort(), first.map((response) => response.body.slice(0, 160)).join(' | ')).toEqual([200, 200, 200, 200, 202]);
    const batchId = first[0].json().id as string;
    expect(first.every((response) => response.json().id === batchId)).toBe(true);
    const done = await waitForJob(hr, first[0].json().jobId);
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');

    const later = await send();
    expect(later.statusCode).toBe(200);
    expect(later.json()).toMatchObject({ id: batchId, status: 'issued', certificateCount: 3 });
    expect(await t.handle.db.select().from(certificateIssueBatches).where(eq(certificateIssueBatches.idempotencyKey, key))).toHaveLength(1);
    expect(await t.handle.db.select().from(certificates).where(eq(certificates.batchId, batchId))).toHaveLength(3);
    const [{ count: batchJobs }] = await t.handle.db.select({ count: sql<number>`count(*)::int` }).from(jobs).where(sql`${jobs.payload}->>'batchId' = ${batchId}`);
    expect(batchJobs).toBe(1);

    // The key with another list is refused; a malformed key, or one that differs from the body's, too.
    const reused = await send({ ...body, issuedOn: '2024-06-02' });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    const malformed = await send(body, 'short');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0]).toMatchObject({ path: 'headers.idempotency-key', code: 'IDEMPOTENCY_KEY_INVALID' });
    const mismatch = await send({ ...body, idempotencyKey: 'another-key-1234' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().errors[0].code).toBe('IDEMPOTENCY_KEY_MISMATCH');
  });

  it('import the register once: the retried upload stores nothing and gets the first job', async () => {
    const bytes = await registerWorkbook([goodRow(901), goodRow(902)]);
    const key = `import-${Date.now()}-retry`;
    const upload = (file: Buffer) => {
      const { payload, headers } = multipart({ name: '职工名册.xlsx', bytes: file });
      return setup.hr.request('POST', '/api/v1/register/imports', payload, { ...headers, 'idempotency-key': key });
    };
    const first = await upload(bytes);
    expect(first.statusCode, first.body).toBe(202);
    const jobId = first.json().job.id as string;
    const filesBefore = (await t.handle.db.select({ id: files.id }).from(files)).length;
    const auditBefore = (await t.handle.db.select({ id: auditLog.id }).from(auditLog)).length;
    const retried = await upload(bytes);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().job.id).toBe(jobId);
    expect((await waitForJob(setup.hr, jobId)).result).toMatchObject({ outcome: 'imported', rows: 2 });
    const afterDone = await upload(bytes);
    expect(afterDone.json().job).toMatchObject({ id: jobId, status: 'succeeded' });
    // No second file, no second job, no audit entry for the retries.
    expect((await t.handle.db.select({ id: files.id }).from(files)).length).toBe(filesBefore);
    expect(await t.handle.db.select().from(jobs).where(eq(jobs.idempotencyKey, key))).toHaveLength(1);
    const imports = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'register.imported'), sql`${auditLog.after}->>'jobId' = ${jobId}`));
    expect(imports).toHaveLength(1);
    expect((await t.handle.db.select({ id: auditLog.id }).from(auditLog)).length).toBe(auditBefore + 1);
    // Another file under the same key is another request.
    const other = await upload(await registerWorkbook([goodRow(903)]));
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('make a national upload batch once: retries at the same time and after get the first batch', async () => {
    const { enterprise, hr, user } = await certificateEnterprise(t, admin, provinceId);
    await issueCertificates(t.handle.db, await contextFor(t.handle.db, user.id, t.clock), { enterpriseId: enterprise.id, issuedOn: '2024-06-01', ...(await confirmedHolders(t.handle.db, enterprise.id, [holder(801), holder(802)])) });
    const key = `upload-${Date.now()}-retry`;
    const send = (body: unknown = {}) => hr.request('POST', '/api/v1/national-uploads', body, { 'idempotency-key': key });
    const first = await Promise.all(Array.from({ length: 5 }, () => send()));
    expect(first.map((response) => response.statusCode).sort(), first.map((response) => response.body.slice(0, 160)).join(' | ')).toEqual([200, 200, 200, 200, 201]);
    const batchId = first[0].json().id as string;
    expect(first.every((response) => response.json().id === batchId)).toBe(true);
    expect(first[0].json().itemCount).toBe(2);
    const later = await send();
    expect(later.statusCode).toBe(200);
    expect(later.json().id).toBe(batchId);
    const batches = await t.handle.db.select().from(nationalUploadBatches).where(eq(nationalUploadBatches.enterpriseId, enterprise.id));
    expect(batches).toHaveLength(1);
    const created = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'national-upload.created'), eq(auditLog.targetId, batchId)));
    expect(created).toHaveLength(1);
    // Without a key, the retry cannot act twice either: nothing is left to send.
    const unkeyed = await hr.post('/api/v1/national-uploads', {});
    expect(unkeyed.statusCode).toBe(409);
    expect(unkeyed.json().code).toBe('NATIONAL_UPLOAD_NOTHING_TO_SEND');
    // The key with another selection is another request.
    const reused = await send({ certificateIds: [batches[0].id] });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('export the register once per key', async () => {
    const key = `export-${Date.now()}-retry`;
    const responses = await Promise.all(Array.from({ length: 3 }, () => setup.hr.request('POST', '/api/v1/register/exports', { format: 'xlsx' }, { 'idempotency-key': key })));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 200, 202]);
    expect(new Set(responses.map((response) => response.json().job.id)).size).toBe(1);
    expect(await t.handle.db.select().from(jobs).where(eq(jobs.idempotencyKey, key))).toHaveLength(1);
  });
});
