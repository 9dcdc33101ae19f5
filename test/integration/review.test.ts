import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications } from '../../src/modules/applications/tables.ts';
import { auditLog } from '../../src/db/schema.ts';
import { buildEvaluationBody, login } from '../support/pilot-factories.ts';
import { buildProvince, buildUser } from '../support/factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { buildReviewSetup, scoreAll, voteAll, type ReviewExpert, type ReviewSetup } from './review-fixtures.ts';

let t: TestApp;
let admin: TestClient;
let setup: ReviewSetup & { others: Record<string, string> };
let committeeId: string;
let chair: ReviewExpert;
const SCORES = [60, 70, 80, 90, 100, 75, 85];
const offset: Record<string, number> = {};

const app = (key: string) => setup.applicants.find((applicant) => applicant.key === key)!;
const expert = (index: number) => setup.experts[index];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  const province = await buildProvince(admin, { provinceCode: '23' });
  setup = await buildReviewSetup(t, admin, province.id, {
    applicants: [
      { key: 'A', department: '总装车间' },
      { key: 'B', department: '总装车间' },
      { key: 'C', department: '机加车间' },
      { key: 'D', department: '机加车间' },
      { key: 'E', department: '焊接车间' },
    ],
    others: [{ key: 'expert7', department: '总装车间' }],
    experts: 8,
    cap: 2,
  });
  offset[app('C').applicationId] = 5;
  chair = expert(0);
}, 240_000);
afterAll(() => t?.close());

describe('committees', () => {
  it('forms a committee only with an odd size within the plan’s rules and a chair among the members', async () => {
    const base = { commissionId: setup.commissionId, name: '焊工评审委员会', occupationCodes: ['6-18-01-01'], chairId: chair.id };
    const even = await setup.bodyAdmin.post('/api/v1/review/committees', { ...base, memberIds: setup.experts.slice(0, 6).map((entry) => entry.id) });
    expect(even.statusCode).toBe(400);
    expect(even.json().errors.map((error: { code: string }) => error.code)).toContain('COMMITTEE_EVEN');
    const small = await setup.bodyAdmin.post('/api/v1/review/committees', { ...base, memberIds: setup.experts.slice(0, 3).map((entry) => entry.id) });
    expect(small.json().errors.map((error: { code: string }) => error.code)).toContain('COMMITTEE_TOO_SMALL');
    const noChair = await setup.bodyAdmin.post('/api/v1/review/committees', { ...base, chairId: expert(7).id, memberIds: setup.experts.slice(0, 7).map((entry) => entry.id) });
    expect(noChair.json().errors.map((error: { code: string }) => error.code)).toContain('CHAIR_NOT_MEMBER');
    const foreignOccupation = await setup.bodyAdmin.post('/api/v1/review/committees', { ...base, occupationCodes: ['1-01-00-01'], memberIds: setup.experts.slice(0, 7).map((entry) => entry.id) });
    expect(foreignOccupation.json().errors.map((error: { code: string }) => error.code)).toContain('OCCUPATION_NOT_IN_PLAN');

    const created = await setup.bodyAdmin.post('/api/v1/review/committees', { ...base, memberIds: setup.experts.slice(0, 7).map((entry) => entry.id) });
    expect(created.statusCode, created.body).toBe(201);
    committeeId = created.json().id;
    expect(created.json()).toMatchObject({ status: 'forming', round: 1, members: expect.arrayContaining([expect.objectContaining({ expertId: chair.id, isChair: true })]) });
    // A second open committee for the same occupation is refused.
    const twice = await setup.bodyAdmin.post('/api/v1/review/committees', { ...base, memberIds: setup.experts.slice(0, 7).map((entry) => entry.id) });
    expect(twice.json().errors.map((error: { code: string }) => error.code)).toContain('OCCUPATION_IN_REVIEW');
  });

  it('detects conflicts from the register and takes declared ones; a conflicted expert neither sees nor scores the applicant', async () => {
    // 专家7 works in 总装车间 of the enterprise: found in the register by the ID look-up hash.
    const patched = await setup.bodyAdmin.patch(`/api/v1/review/experts/${expert(6).id}`, { idType: 'resident-id', idNumber: setup.others.expert7 });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().idNumberMasked).toMatch(/\*/);
    const started = await setup.bodyAdmin.post(`/api/v1/review/committees/${committeeId}/start`);
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ status: 'scoring', candidateCount: 5 });
    const detected = started.json().recusals.map((recusal: { expertId: string; applicationId: string; reason: string; source: string }) => `${recusal.expertId}:${recusal.applicationId}:${recusal.reason}:${recusal.source}`);
    expect(detected.sort()).toEqual([`${expert(6).id}:${app('A').applicationId}:same-department:detected`, `${expert(6).id}:${app('B').applicationId}:same-department:detected`].sort());
    const [row] = await t.handle.db.select().from(applications).where(eq(applications.id, app('A').applicationId));
    expect(row.status).toBe('in-review');

    // 专家6 declares a relative among the applicants (C).
    const declared = await expert(5).client.post(`/api/v1/review/committees/${committeeId}/recusals`, { expertId: expert(5).id, applicationId: app('C').applicationId, reason: 'relative', note: '表兄弟' });
    expect(declared.statusCode, declared.body).toBe(200);
    // An expert cannot declare for another.
    expect((await expert(1).client.post(`/api/v1/review/committees/${committeeId}/recusals`, { expertId: expert(2).id, applicationId: app('C').applicationId, reason: 'relative' })).statusCode).toBe(403);

    const mine = (await expert(6).client.get(`/api/v1/review/committees/${committeeId}/mine`)).json();
    expect(mine.recusedCount).toBe(2);
    expect(mine.candidates.map((candidate: { name: string }) => candidate.name)).not.toContain(app('A').name);
    const refused = await expert(6).client.request('PUT', `/api/v1/review/committees/${committeeId}/scores/${app('A').applicationId}`, { scores: { performance: 90, innovation: 90, mentoring: 90, defence: 90 } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('REVIEW_CONFLICTED');
    const fileId = (await expert(1).client.get(`/api/v1/review/committees/${committeeId}/mine`)).json().candidates.find((candidate: { applicationId: string }) => candidate.applicationId === app('A').applicationId).evidence[0].fileId;
    expect((await expert(6).client.get(`/api/v1/review/committees/${committeeId}/candidates/${app('A').applicationId}/files/${fileId}`)).statusCode).toBe(403);
    const preview = await expert(1).client.get(`/api/v1/review/committees/${committeeId}/candidates/${app('A').applicationId}/files/${fileId}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('application/pdf');
    // Not a member: an expert of the pool outside the committee sees nothing.
    expect((await expert(7).client.get(`/api/v1/review/committees/${committeeId}/mine`)).statusCode).toBe(404);
  });
});

describe('scoring', () => {
  it('keeps scores independent until the chair closes scoring, then aggregates them as the plan says', async () => {
    const sheet = { scores: { performance: 80, innovation: 80, mentoring: 80 } };
    const incomplete = await expert(1).client.request('PUT', `/api/v1/review/committees/${committeeId}/scores/${app('A').applicationId}`, sheet);
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().errors.map((error: { path: string }) => error.path)).toContain('scores.defence');

    await scoreAll(setup, committeeId, setup.experts.slice(0, 6), (entry, applicationId) => Math.min(100, SCORES[setup.experts.indexOf(entry)] + (offset[applicationId] ?? 0)));
    // The others' scores are hidden: a member cannot read the summary, the chair sees only progress.
    expect((await expert(1).client.get(`/api/v1/review/committees/${committeeId}/summary`)).statusCode).toBe(403);
    const during = (await chair.client.get(`/api/v1/review/committees/${committeeId}/summary`)).json();
    expect(during.rows.every((row: { score: unknown; sheetsByExpert: unknown }) => row.score === null && row.sheetsByExpert === null)).toBe(true);
    const mine = (await expert(1).client.get(`/api/v1/review/committees/${committeeId}/mine`)).json();
    expect(mine.candidates[0].myScores.performance).toBe(Math.min(100, 70 + (offset[mine.candidates[0].applicationId] ?? 0)));

    // 专家7 has not scored yet: the chair cannot close scoring; a member cannot close it at all.
    expect((await expert(1).client.post(`/api/v1/review/committees/${committeeId}/close-scoring`)).statusCode).toBe(403);
    const early = await chair.client.post(`/api/v1/review/committees/${committeeId}/close-scoring`);
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'REVIEW_SCORING_INCOMPLETE', count: 3 });
    await scoreAll(setup, committeeId, [expert(6)], (entry, applicationId) => Math.min(100, SCORES[6] + (offset[applicationId] ?? 0)));

    const closed = await chair.client.post(`/api/v1/review/committees/${committeeId}/close-scoring`);
    expect(closed.statusCode, closed.body).toBe(200);
    const rows = Object.fromEntries(closed.json().rows.map((row: { applicationId: string }) => [row.applicationId, row]));
    // Trimmed mean (the plan's): D has all 7 sheets: without 60 and 100 → (70+80+90+75+85)/5 = 80.
    expect(rows[app('D').applicationId].score).toBe(80);
    // A without 专家7 (recused): 60 70 80 90 100 75 → (70+80+90+75)/4 = 78.75.
    expect(rows[app('A').applicationId].score).toBe(78.75);
    // C without 专家6 (recused), each +5 up to 100: 65 75 85 95 100 90 → (75+85+95+90)/4 = 86.25.
    expect(rows[app('C').applicationId].score).toBe(86.25);
    expect(rows[app('C').applicationId].sheetsByExpert).toHaveLength(6);
    expect(rows[app('D').applicationId].sheetsByExpert).toHaveLength(7);
    // Scoring is closed: sheets can no longer change.
    expect((await expert(1).client.request('PUT', `/api/v1/review/committees/${committeeId}/scores/${app('A').applicationId}`, { scores: { performance: 1, innovation: 1, mentoring: 1, defence: 1 } })).json().code).toBe('REVIEW_WRONG_STAGE');
  });
});

describe('voting', () => {
  const plan: Record<string, ('approve' | 'disapprove' | 'abstain')[]> = {};
  beforeAll(() => {
    // Per applicant, the ballots of 专家1…专家7 (a recused expert's entry is never used).
    plan[app('A').applicationId] = ['approve', 'approve', 'approve', 'approve', 'disapprove', 'disapprove', 'approve']; // 4 of 6 present (专家7 recused): passes
    plan[app('B').applicationId] = ['approve', 'approve', 'approve', 'disapprove', 'disapprove', 'abstain', 'approve']; // 3 of 6: fails
    plan[app('C').applicationId] = ['approve', 'approve', 'approve', 'approve', 'approve', 'approve', 'approve']; // 6 of 6 (专家6 recused)
    plan[app('D').applicationId] = ['approve', 'approve', 'approve', 'approve', 'approve', 'disapprove', 'disapprove']; // 5 of 7: passes
    plan[app('E').applicationId] = ['approve', 'approve', 'approve', 'approve', 'disapprove', 'disapprove', 'abstain']; // 4 of 7: fails
  });

  it('computes the quorum without the recused members', async () => {
    const absent = await chair.client.request('PUT', `/api/v1/review/committees/${committeeId}/attendance`, { presentExpertIds: setup.experts.slice(0, 4).map((entry) => entry.id) });
    expect(absent.statusCode, absent.body).toBe(200);
    const rows = Object.fromEntries((await chair.client.get(`/api/v1/review/committees/${committeeId}/summary`)).json().rows.map((row: { applicationId: string }) => [row.applicationId, row]));
    // D: 7 count, two thirds is 5; 4 present → no quorum. A: 专家7 recused, 6 count, 4 needed → quorum.
    expect(rows[app('D').applicationId]).toMatchObject({ present: 4, quorumNeeded: 5, quorumMet: false });
    expect(rows[app('A').applicationId]).toMatchObject({ present: 4, recused: 1, quorumNeeded: 4, quorumMet: true });
    // An absent member may not vote.
    expect((await expert(5).client.request('PUT', `/api/v1/review/committees/${committeeId}/votes/${app('D').applicationId}`, { vote: 'approve' })).statusCode).toBe(403);
    expect((await chair.client.request('PUT', `/api/v1/review/committees/${committeeId}/attendance`, { presentExpertIds: setup.experts.slice(0, 7).map((entry) => entry.id) })).statusCode).toBe(200);
  });

  it('recommends only with the threshold, on the boundary (4 of 6 and 5 of 7 pass; 3 of 6 and 4 of 7 do not), with a secret ballot', async () => {
    await voteAll(committeeId, setup.experts.slice(0, 6), (entry, applicationId) => plan[applicationId][setup.experts.indexOf(entry)]);
    const early = await chair.client.post(`/api/v1/review/committees/${committeeId}/close`, { confirm: true, recommendedIds: [] });
    expect(early.json()).toMatchObject({ code: 'REVIEW_VOTING_INCOMPLETE', count: 3 });
    await voteAll(committeeId, [expert(6)], (entry, applicationId) => plan[applicationId][6]);

    const summary = (await chair.client.get(`/api/v1/review/committees/${committeeId}/summary`)).json();
    const rows = Object.fromEntries(summary.rows.map((row: { applicationId: string }) => [row.applicationId, row]));
    expect(rows[app('A').applicationId]).toMatchObject({ present: 6, approve: 4, approvalsNeeded: 4, passed: true });
    expect(rows[app('B').applicationId]).toMatchObject({ present: 6, approve: 3, abstain: 1, passed: false });
    expect(rows[app('D').applicationId]).toMatchObject({ present: 7, approve: 5, approvalsNeeded: 5, passed: true });
    expect(rows[app('E').applicationId]).toMatchObject({ present: 7, approve: 4, passed: false });
    // Ranking within the quota of 2: C (86.25) and D (80) within, A (78.75) passed but beyond.
    expect(rows[app('C').applicationId]).toMatchObject({ rank: 1, withinQuota: true });
    expect(rows[app('D').applicationId]).toMatchObject({ rank: 2, withinQuota: true });
    expect(rows[app('A').applicationId]).toMatchObject({ rank: 3, withinQuota: false, passed: true });
    expect(summary.quotas).toEqual([{ occupationCode: '6-18-01-01', cap: 2, usedElsewhere: 0, remaining: 2, passed: 3, withinQuota: 2 }]);
    // Secret ballot: nothing names who voted how, not even the audit log.
    expect(JSON.stringify(summary)).not.toContain(expert(1).id);
    const entries = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, 'review.voted'));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => !JSON.stringify(entry.after).includes('approve'))).toBe(true);
  });

  it('refuses more than the quota and says by how many, refuses a candidate who did not pass, and closes', async () => {
    expect((await chair.client.post(`/api/v1/review/committees/${committeeId}/close`, { recommendedIds: [] })).statusCode).toBe(400);
    const over = await chair.client.post(`/api/v1/review/committees/${committeeId}/close`, { confirm: true, recommendedIds: [app('A').applicationId, app('C').applicationId, app('D').applicationId] });
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({ code: 'REVIEW_QUOTA_EXCEEDED', cap: 2, count: 3, excess: 1 });
    expect(over.json().messages['zh-CN']).toContain('减少 1 人');
    const failed = await chair.client.post(`/api/v1/review/committees/${committeeId}/close`, { confirm: true, recommendedIds: [app('B').applicationId] });
    expect(failed.json().code).toBe('REVIEW_NOT_PASSED');
    expect((await expert(1).client.post(`/api/v1/review/committees/${committeeId}/close`, { confirm: true, recommendedIds: [app('C').applicationId] })).statusCode).toBe(403);

    const closed = await chair.client.post(`/api/v1/review/committees/${committeeId}/close`, { confirm: true, recommendedIds: [app('C').applicationId, app('D').applicationId] });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().committee.status).toBe('closed');
    const statuses = Object.fromEntries((await t.handle.db.select().from(applications)).map((row) => [row.id, row.status]));
    expect(statuses[app('C').applicationId]).toBe('recommended');
    expect(statuses[app('D').applicationId]).toBe('recommended');
    expect(statuses[app('A').applicationId]).toBe('not-recommended');
    expect(statuses[app('B').applicationId]).toBe('not-recommended');

    const minutes = await chair.client.get(`/api/v1/review/committees/${committeeId}/documents/minutes`);
    expect(minutes.statusCode).toBe(200);
    expect(minutes.headers['content-type']).toBe('application/pdf');
    expect(minutes.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // The enterprise's HR sees the recommended list once closed.
    const recommended = (await setup.hr.get(`/api/v1/review/recommended?planId=${setup.planId}`)).json();
    expect(recommended.items.map((item: { name: string }) => item.name)).toEqual([app('C').name, app('D').name]);
    expect((await setup.hr.get(`/api/v1/review/committees/${committeeId}/documents/recommended-list`)).statusCode).toBe(200);
  });

  it('keeps a closed review immutable; only a new, recorded round may follow', async () => {
    const attempts = [
      expert(1).client.request('PUT', `/api/v1/review/committees/${committeeId}/votes/${app('A').applicationId}`, { vote: 'approve' }),
      expert(1).client.request('PUT', `/api/v1/review/committees/${committeeId}/scores/${app('A').applicationId}`, { scores: { performance: 1, innovation: 1, mentoring: 1, defence: 1 } }),
      setup.bodyAdmin.post(`/api/v1/review/committees/${committeeId}/recusals`, { expertId: expert(1).id, applicationId: app('A').applicationId, reason: 'same-team' }),
      chair.client.request('PUT', `/api/v1/review/committees/${committeeId}/attendance`, { presentExpertIds: [] }),
      chair.client.post(`/api/v1/review/committees/${committeeId}/close`, { confirm: true, recommendedIds: [app('A').applicationId] }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().code).toBe('REVIEW_CLOSED');
    }
    const round = await setup.bodyAdmin.post(`/api/v1/review/committees/${committeeId}/rounds`, { reason: '补充评审新移交人员' });
    expect(round.statusCode, round.body).toBe(201);
    expect(round.json()).toMatchObject({ round: 2, roundReason: '补充评审新移交人员', status: 'forming' });
    const [entry] = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, 'review.round-opened'));
    expect(entry.after).toMatchObject({ round: 2, reason: '补充评审新移交人员' });
    // Until it starts, the closed round's result stands.
    expect((await setup.hr.get(`/api/v1/review/recommended?planId=${setup.planId}`)).json().items).toHaveLength(2);

    // Starting the new round takes the closed round's candidates back into review (recommended and not recommended alike).
    const roundOne = (await chair.client.get(`/api/v1/review/committees/${committeeId}/summary`)).json().rows.map((row: { applicationId: string }) => row.applicationId).sort();
    const started = await setup.bodyAdmin.post(`/api/v1/review/committees/${round.json().id}/start`);
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ status: 'scoring', round: 2 });
    const statuses = Object.fromEntries((await t.handle.db.select().from(applications)).map((row) => [row.id, row.status]));
    for (const applicationId of roundOne) expect(statuses[applicationId]).toBe('in-review');
    const reopened = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, 'application.review-reopened'));
    expect(reopened.map((row) => row.targetId).sort()).toEqual(roundOne);
    expect(reopened.every((row) => (row.before as { status: string }).status !== 'in-review' && (row.after as { status: string }).status === 'in-review')).toBe(true);
    // The first round's result no longer stands for them: the list waits for the new round to close.
    expect((await setup.hr.get(`/api/v1/review/recommended?planId=${setup.planId}`)).json().items).toEqual([]);
    // The first round stays as it was closed.
    expect((await chair.client.get(`/api/v1/review/committees/${committeeId}`)).json()).toMatchObject({ status: 'closed', round: 1 });
    // Only one new round per closed round.
    expect((await setup.bodyAdmin.post(`/api/v1/review/committees/${committeeId}/rounds`, { reason: '再次评审' })).statusCode).toBe(409);
  });
});

describe('a commissioned body', () => {
  it('sees only the plans it was commissioned for', async () => {
    const province = await buildProvince(admin, { provinceCode: '22', name: '另一省人社厅' });
    const other = await buildEvaluationBody(admin, province.id, 'industry', '省机械行业协会');
    const otherAdmin = await login(t, await buildUser(admin, other.id, ['body-admin']));
    expect((await otherAdmin.get('/api/v1/review/commissions')).json().items).toEqual([]);
    expect((await otherAdmin.get('/api/v1/review/committees')).json().items).toEqual([]);
    expect((await otherAdmin.get(`/api/v1/review/committees/${committeeId}`)).statusCode).toBe(404);
    expect((await otherAdmin.get(`/api/v1/review/committees/${committeeId}/summary`)).statusCode).toBe(404);
    const formed = await otherAdmin.post('/api/v1/review/committees', { commissionId: setup.commissionId, name: '越权委员会', occupationCodes: ['6-18-01-01'], memberIds: setup.experts.slice(0, 5).map((entry) => entry.id), chairId: chair.id });
    expect(formed.statusCode).toBe(404);
    // Its own expert, even with an account, reaches no applicant of the plan.
    const outsider = await login(t, await buildUser(admin, other.id, ['expert']));
    expect((await outsider.get(`/api/v1/review/committees/${committeeId}/mine`)).statusCode).toBe(404);
    // The commissioned body sees its plan.
    const own = (await setup.bodyAdmin.get('/api/v1/review/commissions')).json().items;
    expect(own.map((item: { planId: string }) => item.planId)).toEqual([setup.planId]);
  });
});
