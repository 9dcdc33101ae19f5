// The authorization matrix's cases for the notice routes (merged by authorization-matrix.test.ts).
// The fixture is a running notice of 乙集团 (province B), outside the scope of every actor tried:
// rows written directly, since the matrix proves scope, not the notice's flow (notices.test.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { organisations } from '../../src/db/schema.ts';
import { addDays } from '../../src/domain/calendar-date.ts';
import { noticeCandidates, noticeObjections, notices } from '../../src/modules/notices/tables.ts';
import type { TestApp, TestClient } from '../support/test-app.ts';
import { testClock } from '../support/clock.ts';

export interface NoticeFixture {
  noticeId: string;
  candidateId: string;
  objectionId: string;
  token: string;
  planId: string;
}

export async function buildNoticeFixture(t: TestApp, planId: string, groupId: string): Promise<NoticeFixture> {
  const [group] = await t.handle.db.select().from(organisations).where(eq(organisations.id, groupId));
  const today = testClock().today();
  const token = randomBytes(24).toString('base64url');
  const [notice] = await t.handle.db
    .insert(notices)
    .values({ planId, planYear: Number(today.slice(0, 4)), enterpriseId: groupId, enterprisePath: group.path, startDate: addDays(today, -1), endDate: addDays(today, 7), workingDays: 5, contact: '乙集团人力资源部', publicToken: token, publicEnabled: true })
    .returning();
  const [candidate] = await t.handle.db
    .insert(noticeCandidates)
    .values({ noticeId: notice.id, applicationId: randomUUID(), position: 1, name: '乙集团人选', organisationId: groupId, organisationPath: group.path, unitName: group.name, summary: '业绩' })
    .returning();
  const [objection] = await t.handle.db
    .insert(noticeObjections)
    .values({ noticeId: notice.id, candidateId: candidate.id, channel: 'app', objectorName: '乙集团职工', objectorContact: '13800000000', content: '乙集团内部的异议', evidenceFileIds: [], raisedOn: today })
    .returning();
  return { noticeId: notice.id, candidateId: candidate.id, objectionId: objection.id, token, planId };
}

interface MatrixActor {
  role: string;
  client: TestClient;
}
const refused = (status: number) => status === 403 || status === 404;

export function noticeCases(fixture: () => NoticeFixture): Record<string, (actor: MatrixActor) => Promise<void>> {
  const expectRefused = async (actor: MatrixActor, label: string, call: () => Promise<{ statusCode: number; body: string }>) => {
    const response = await call();
    expect(refused(response.statusCode), `${actor.role} ${label}: ${response.statusCode} ${response.body.slice(0, 200)}`).toBe(true);
  };
  const base = () => `/api/v1/notices/${fixture().noticeId}`;
  return {
    'GET /api/v1/notices': async (actor) => {
      const response = await actor.client.get('/api/v1/notices');
      if (response.statusCode === 200) expect(response.json().items.map((item: { id: string }) => item.id)).not.toContain(fixture().noticeId);
      else expect(refused(response.statusCode)).toBe(true);
    },
    'GET /api/v1/notice-plans/:planId/preview': (actor) => expectRefused(actor, 'previews a foreign notice', () => actor.client.get(`/api/v1/notice-plans/${fixture().planId}/preview?start=2024-09-27`)),
    'POST /api/v1/notices': (actor) => expectRefused(actor, 'starts a foreign notice', () => actor.client.post('/api/v1/notices', { planId: fixture().planId, startDate: '2024-09-27', contact: '越权启动' })),
    'GET /api/v1/notices/:id': (actor) => expectRefused(actor, 'reads a foreign notice', () => actor.client.get(base())),
    'PUT /api/v1/notices/:id/public-link': (actor) => expectRefused(actor, 'turns a foreign link off', () => actor.client.request('PUT', `${base()}/public-link`, { enabled: false })),
    'GET /api/v1/notices/:id/pdf': (actor) => expectRefused(actor, 'prints a foreign notice', () => actor.client.get(`${base()}/pdf`)),
    'POST /api/v1/notices/:id/objections': (actor) =>
      expectRefused(actor, 'objects to a foreign notice', () => actor.client.post(`${base()}/objections`, { candidateId: fixture().candidateId, name: '越权者', contact: '13800000000', content: '越权提出的异议内容，请予以核实。' })),
    'POST /api/v1/notices/:id/objections/:objectionId/investigation': (actor) =>
      expectRefused(actor, 'investigates a foreign objection', () => actor.client.post(`${base()}/objections/${fixture().objectionId}/investigation`, { note: '越权调查' })),
    'POST /api/v1/notices/:id/objections/:objectionId/finding': (actor) =>
      expectRefused(actor, 'decides a foreign objection', () => actor.client.post(`${base()}/objections/${fixture().objectionId}/finding`, { outcome: 'dismissed', reasons: '越权结论' })),
    'POST /api/v1/notices/:id/confirm': (actor) => expectRefused(actor, 'confirms a foreign notice', () => actor.client.post(`${base()}/confirm`)),
    'POST /api/v1/notices/:id/cancel': (actor) => expectRefused(actor, 'cancels a foreign notice', () => actor.client.post(`${base()}/cancel`, { reason: '越权撤销公示' })),
  };
}
