// The authorization matrix's cases for the sanctions of 六(四) (merged by authorization-matrix.test.ts):
// the finding of fraud (on an application, a certificate, in a committee), the lifting and
// correction of bans, and the suspension of an enterprise's evaluation. Everything lies in 乙集团
// (province B), outside the scope of every actor tried; the fixture's suspension is written directly.
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { organisations } from '../../src/db/schema.ts';
import { bans, suspensions } from '../../src/modules/bans/tables.ts';
import { applications } from '../../src/modules/applications/tables.ts';
import { certificates } from '../../src/modules/certificates/tables.ts';
import type { TestApp, TestClient } from '../support/test-app.ts';
import { testClock } from '../support/clock.ts';
import { addDays } from '../../src/domain/calendar-date.ts';

interface MatrixActor {
  role: string;
  client: TestClient;
}

export interface SanctionsFixture {
  groupId: string;
  suspensionId: string;
}

/** A suspension of 乙集团's evaluation, decided by province B. */
export async function buildSanctionsFixture(t: TestApp, groupId: string, provinceId: string): Promise<SanctionsFixture> {
  const [group] = await t.handle.db.select().from(organisations).where(eq(organisations.id, groupId));
  const [province] = await t.handle.db.select().from(organisations).where(eq(organisations.id, provinceId));
  const today = testClock().today();
  // Ended yesterday: it exists to be listed and acted on, without stopping the other fixtures' acts.
  const [row] = await t.handle.db
    .insert(suspensions)
    .values({
      enterpriseId: group.id,
      enterprisePath: group.path,
      enterpriseName: group.name,
      fromDate: addDays(today, -30),
      untilDate: addDays(today, -1),
      findings: '乙集团出具虚假业绩证明',
      evidenceFileIds: [],
      sourceType: 'department',
      decidedById: province.id,
      decidedByName: province.name,
    })
    .returning();
  return { groupId, suspensionId: row.id };
}

const refused = (status: number) => status === 403 || status === 404;

export function sanctionsCases(
  fixture: () => SanctionsFixture,
  others: () => { applicationId: string; banId: string; certificateId: string; committeeId: string; committeeApplicationId: string },
  t: () => TestApp,
): Record<string, (actor: MatrixActor) => Promise<void>> {
  const expectRefused = async (actor: MatrixActor, label: string, call: () => Promise<{ statusCode: number; body: string }>) => {
    const response = await call();
    expect(refused(response.statusCode), `${actor.role} ${label}: ${response.statusCode} ${response.body.slice(0, 200)}`).toBe(true);
  };
  const finding = { findings: '越权认定的弄虚作假事实', evidenceFileIds: [], confirm: true };
  const unchanged = async () => {
    const db = t().handle.db;
    const [application] = await db.select({ status: applications.status }).from(applications).where(eq(applications.id, others().applicationId));
    expect(application.status).toBe('returned');
    const [certificate] = await db.select({ status: certificates.status }).from(certificates).where(eq(certificates.id, others().certificateId));
    expect(certificate.status).toBe('valid');
    const [ban] = await db.select({ status: bans.status, untilDate: bans.untilDate }).from(bans).where(eq(bans.id, others().banId));
    expect(ban.status).toBe('effective');
    const [suspension] = await db.select({ status: suspensions.status }).from(suspensions).where(eq(suspensions.id, fixture().suspensionId));
    expect(suspension.status).toBe('effective');
  };
  return {
    'GET /api/v1/fraud-findings': async (actor) => {
      const response = await actor.client.get(`/api/v1/fraud-findings?applicationId=${others().applicationId}`);
      if (response.statusCode === 200) expect(response.json().items).toEqual([]);
      else expect(refused(response.statusCode)).toBe(true);
    },
    'POST /api/v1/applications/:id/fraud': async (actor) => {
      await expectRefused(actor, 'finds fraud in a foreign application', () => actor.client.post(`/api/v1/applications/${others().applicationId}/fraud`, finding));
      await unchanged();
    },
    'POST /api/v1/certificates/:id/fraud': async (actor) => {
      await expectRefused(actor, 'finds fraud on a foreign certificate', () => actor.client.post(`/api/v1/certificates/${others().certificateId}/fraud`, finding));
      await unchanged();
    },
    'POST /api/v1/review/committees/:id/candidates/:applicationId/fraud': async (actor) => {
      await expectRefused(actor, 'finds fraud in a foreign committee', () => actor.client.post(`/api/v1/review/committees/${others().committeeId}/candidates/${others().committeeApplicationId}/fraud`, finding));
      await unchanged();
    },
    'POST /api/v1/bans/:id/lift': async (actor) => {
      await expectRefused(actor, 'lifts a foreign ban', () => actor.client.post(`/api/v1/bans/${others().banId}/lift`, { reason: '越权撤销禁入' }));
      await unchanged();
    },
    'POST /api/v1/bans/:id/correct': async (actor) => {
      await expectRefused(actor, 'corrects a foreign ban', () => actor.client.post(`/api/v1/bans/${others().banId}/correct`, { basis: '越权更正', reason: '越权更正禁入' }));
      await unchanged();
    },
    'GET /api/v1/suspensions': async (actor) => {
      const response = await actor.client.get('/api/v1/suspensions');
      if (response.statusCode === 200) expect(response.json().items.map((item: { id: string }) => item.id)).not.toContain(fixture().suspensionId);
      else expect(refused(response.statusCode)).toBe(true);
    },
    'POST /api/v1/suspensions': async (actor) => {
      const today = testClock().today();
      await expectRefused(actor, 'suspends a foreign enterprise', () =>
        actor.client.post('/api/v1/suspensions', { enterpriseId: fixture().groupId, fromDate: today, untilDate: addDays(today, 30), findings: '越权暂停评审的认定事实' }),
      );
    },
    'POST /api/v1/suspensions/:id/lift': async (actor) => {
      await expectRefused(actor, 'lifts a foreign suspension', () => actor.client.post(`/api/v1/suspensions/${fixture().suspensionId}/lift`, { reason: '越权解除暂停' }));
      await unchanged();
    },
  };
}
