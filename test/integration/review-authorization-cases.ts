// The authorization matrix's cases for the review routes (merged by authorization-matrix.test.ts).
// The fixture is a committee of 乙集团's evaluation body reviewing 乙集团's plan (province B),
// outside the scope of every actor tried: rows written directly, since the matrix proves scope,
// not the review's flow (review.test.ts).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { organisations } from '../../src/db/schema.ts';
import { reviewCandidates, reviewCommissions, reviewCommittees, reviewExperts, reviewMembers } from '../../src/modules/review/tables.ts';
import type { TestApp, TestClient } from '../support/test-app.ts';
import { testClock } from '../support/clock.ts';

export interface ReviewFixture {
  planId: string;
  bodyId: string;
  commissionId: string;
  committeeId: string;
  expertId: string;
  applicationId: string;
  fileId: string;
}

export async function buildReviewFixture(t: TestApp, admin: TestClient, planId: string, groupId: string): Promise<ReviewFixture> {
  const created = await admin.post('/api/v1/organisations', { parentId: groupId, kind: 'evaluation-body', name: '乙集团评审机构', bodyType: 'internal' });
  if (created.statusCode !== 201) throw new Error(`fixture: ${created.body}`);
  const [body] = await t.handle.db.select().from(organisations).where(eq(organisations.id, created.json().id));
  const [group] = await t.handle.db.select().from(organisations).where(eq(organisations.id, groupId));
  const db = t.handle.db;
  const [commission] = await db.insert(reviewCommissions).values({ planId, enterpriseId: groupId, enterprisePath: group.path, bodyId: body.id, bodyPath: body.path, planTitle: '乙集团方案', enterpriseName: group.name }).returning();
  const [expert] = await db.insert(reviewExperts).values({ bodyId: body.id, bodyPath: body.path, name: '乙集团专家' }).returning();
  const [committee] = await db
    .insert(reviewCommittees)
    .values({ commissionId: commission.id, planId, bodyId: body.id, bodyPath: body.path, enterprisePath: group.path, name: '乙集团评审委员会', occupationCodes: ['6-18-01-01'], status: 'closed', closedAt: testClock().now() })
    .returning();
  await db.insert(reviewMembers).values({ committeeId: committee.id, expertId: expert.id, isChair: true });
  const applicationId = randomUUID();
  const fileId = randomUUID();
  await db.insert(reviewCandidates).values({ committeeId: committee.id, applicationId, version: 1, name: '乙集团申报人', idNumberMasked: '2301**********0011', occupationCode: '6-18-01-01', priority: false, content: {}, evidenceFileIds: [fileId] });
  return { planId, bodyId: body.id, commissionId: commission.id, committeeId: committee.id, expertId: expert.id, applicationId, fileId };
}

interface MatrixActor {
  role: string;
  client: TestClient;
}

const refused = (status: number) => status === 403 || status === 404;
type Case = (actor: MatrixActor) => Promise<void>;

export function reviewCases(fixture: () => ReviewFixture): Record<string, Case> {
  const committee = () => `/api/v1/review/committees/${fixture().committeeId}`;
  const expectRefused = async (actor: MatrixActor, label: string, call: Promise<{ statusCode: number; body: string }>) => {
    const response = await call;
    expect(refused(response.statusCode), `${actor.role} ${label}: ${response.statusCode} ${response.body}`).toBe(true);
  };
  const expectNotListed = async (actor: MatrixActor, url: string, id: string) => {
    const response = await actor.client.get(url);
    if (response.statusCode === 200) expect(response.body, `${actor.role} lists a foreign review record`).not.toContain(id);
    else expect(refused(response.statusCode)).toBe(true);
  };
  return {
    'GET /api/v1/review/commissions': (actor) => expectNotListed(actor, '/api/v1/review/commissions', fixture().commissionId),
    'POST /api/v1/review/commissions': (actor) => expectRefused(actor, 'commissions a foreign plan', actor.client.post('/api/v1/review/commissions', { planId: fixture().planId })),
    'GET /api/v1/review/experts': (actor) => expectNotListed(actor, '/api/v1/review/experts', fixture().expertId),
    'POST /api/v1/review/experts': (actor) => expectRefused(actor, 'adds an expert to a foreign body', actor.client.post('/api/v1/review/experts', { bodyId: fixture().bodyId, name: '越权专家' })),
    'PATCH /api/v1/review/experts/:id': (actor) => expectRefused(actor, 'changes a foreign expert', actor.client.patch(`/api/v1/review/experts/${fixture().expertId}`, { name: '越权修改' })),
    'GET /api/v1/review/committees': (actor) => expectNotListed(actor, '/api/v1/review/committees', fixture().committeeId),
    'POST /api/v1/review/committees': (actor) =>
      expectRefused(actor, 'forms a committee for a foreign commission', actor.client.post('/api/v1/review/committees', { commissionId: fixture().commissionId, name: '越权', occupationCodes: ['6-18-01-01'], memberIds: [fixture().expertId], chairId: fixture().expertId })),
    'GET /api/v1/review/committees/:id': (actor) => expectRefused(actor, 'reads a foreign committee', actor.client.get(committee())),
    'POST /api/v1/review/committees/:id/recusals': (actor) =>
      expectRefused(actor, 'records a recusal', actor.client.post(`${committee()}/recusals`, { expertId: fixture().expertId, applicationId: fixture().applicationId, reason: 'relative' })),
    'PUT /api/v1/review/committees/:id/attendance': (actor) => expectRefused(actor, 'records attendance', actor.client.request('PUT', `${committee()}/attendance`, { presentExpertIds: [] })),
    'POST /api/v1/review/committees/:id/start': (actor) => expectRefused(actor, 'starts a foreign review', actor.client.post(`${committee()}/start`)),
    'POST /api/v1/review/committees/:id/rounds': (actor) => expectRefused(actor, 'opens a round', actor.client.post(`${committee()}/rounds`, { reason: '越权重新评审' })),
    'GET /api/v1/review/committees/:id/mine': (actor) => expectRefused(actor, 'reads foreign candidates', actor.client.get(`${committee()}/mine`)),
    'GET /api/v1/review/committees/:id/candidates/:applicationId/files/:fileId': (actor) =>
      expectRefused(actor, 'reads foreign evidence', actor.client.get(`${committee()}/candidates/${fixture().applicationId}/files/${fixture().fileId}`)),
    'PUT /api/v1/review/committees/:id/scores/:applicationId': (actor) =>
      expectRefused(actor, 'scores', actor.client.request('PUT', `${committee()}/scores/${fixture().applicationId}`, { scores: { performance: 90 } })),
    'POST /api/v1/review/committees/:id/close-scoring': (actor) => expectRefused(actor, 'closes scoring', actor.client.post(`${committee()}/close-scoring`)),
    'PUT /api/v1/review/committees/:id/votes/:applicationId': (actor) => expectRefused(actor, 'votes', actor.client.request('PUT', `${committee()}/votes/${fixture().applicationId}`, { vote: 'approve' })),
    'GET /api/v1/review/committees/:id/summary': (actor) => expectRefused(actor, 'reads a foreign summary', actor.client.get(`${committee()}/summary`)),
    'POST /api/v1/review/committees/:id/close': (actor) => expectRefused(actor, 'closes a foreign review', actor.client.post(`${committee()}/close`, { confirm: true, recommendedIds: [] })),
    'GET /api/v1/review/committees/:id/documents/:document': (actor) => expectRefused(actor, 'downloads foreign minutes', actor.client.get(`${committee()}/documents/minutes`)),
    'GET /api/v1/review/recommended': (actor) => expectNotListed(actor, '/api/v1/review/recommended', fixture().applicationId),
  };
}
