// The authorization matrix's cases for the appointment routes (聘任、工作室、待遇、考核、退出);
// test/integration/authorization-matrix.test.ts merges them into its own. The fixture is group B's
// certificate holder, appointed and signed, with a term ending within 60 days: outside the scope of
// every actor the matrix tries.
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { addDays } from '../../src/domain/calendar-date.ts';
import { appointHolder, signAppointment } from '../../src/modules/appointments/service.ts';
import { appointments, assessments, studioEntries, treatmentRecords } from '../../src/modules/appointments/tables.ts';
import { storeFile } from '../../src/platform/files.ts';
import { contextFor } from '../support/actors.ts';
import { buildUser } from '../support/factories.ts';
import { samplePdf } from '../support/files.ts';
import type { TestApp, TestClient } from '../support/test-app.ts';
import { testClock } from '../support/clock.ts';

interface MatrixActor {
  role: string;
  client: TestClient;
}

export interface AppointmentFixture {
  groupId: string;
  certificateId: string;
  appointmentId: string;
}

/** Group B's HR appoints its certificate holder and records the signing. */
export async function buildAppointmentFixture(t: TestApp, admin: TestClient, groupId: string, certificateId: string): Promise<AppointmentFixture> {
  const user = await buildUser(admin, groupId, ['enterprise-admin']);
  const context = await contextFor(t.handle.db, user.id, t.clock);
  const today = testClock().today();
  const drafted = await appointHolder(t.handle.db, context, { certificateId, post: '乙集团技能专家', duties: '技术攻关', treatment: '比照正高级', termStart: addDays(today, -700), termEnd: addDays(today, 30) });
  const scan = await storeFile(t.handle.db, context, { name: '签字扫描件.pdf', bytes: samplePdf('matrix appointment') });
  await signAppointment(t.handle.db, context, drafted.id, { signedOn: addDays(today, -700), signedFileId: scan.id });
  return { groupId, certificateId, appointmentId: drafted.id };
}

const refused = (status: number) => status === 403 || status === 404;
type Case = (actor: MatrixActor) => Promise<void>;

export function appointmentCases(fixture: () => AppointmentFixture, t: () => TestApp): Record<string, Case> {
  const expectRefused = async (actor: MatrixActor, label: string, call: () => Promise<{ statusCode: number; body: string }>) => {
    const response = await call();
    expect(refused(response.statusCode), `${actor.role} ${label}: ${response.statusCode} ${response.body.slice(0, 200)}`).toBe(true);
  };
  const unchanged = async () => {
    const db = t().handle.db;
    const [row] = await db.select().from(appointments).where(eq(appointments.id, fixture().appointmentId));
    expect(row).toMatchObject({ status: 'active', termNumber: 1 });
    expect(await db.select().from(appointments).where(eq(appointments.certificateId, fixture().certificateId))).toHaveLength(1);
    expect(await db.select().from(studioEntries).where(eq(studioEntries.certificateId, fixture().certificateId))).toHaveLength(0);
    expect(await db.select().from(treatmentRecords).where(eq(treatmentRecords.certificateId, fixture().certificateId))).toHaveLength(0);
    expect(await db.select().from(assessments).where(eq(assessments.certificateId, fixture().certificateId))).toHaveLength(0);
  };
  const holder = () => `/api/v1/appointment-holders/${fixture().certificateId}`;
  const appointment = () => `/api/v1/appointments/${fixture().appointmentId}`;
  return {
    'GET /api/v1/appointment-holders': async (actor) => {
      const response = await actor.client.get('/api/v1/appointment-holders?limit=500');
      if (response.statusCode === 200) expect(response.json().items.map((item: { certificateId: string }) => item.certificateId)).not.toContain(fixture().certificateId);
      else expect(refused(response.statusCode)).toBe(true);
      await expectRefused(actor, 'lists group B', () => actor.client.get(`/api/v1/appointment-holders?enterpriseId=${fixture().groupId}`));
    },
    'GET /api/v1/appointment-holders/:certificateId': (actor) => expectRefused(actor, 'reads group B’s holder', () => actor.client.get(holder())),
    'POST /api/v1/appointment-holders/:certificateId/studio-entries': async (actor) => {
      await expectRefused(actor, 'records a studio entry', () => actor.client.post(`${holder()}/studio-entries`, { kind: 'research', title: '越权', onDate: '2025-01-01' }));
      await unchanged();
    },
    'POST /api/v1/appointment-holders/:certificateId/treatments': async (actor) => {
      await expectRefused(actor, 'records a treatment', () => actor.client.post(`${holder()}/treatments`, { kind: 'pay', description: '越权', grantedOn: '2025-01-01' }));
      await unchanged();
    },
    'POST /api/v1/appointment-holders/:certificateId/assessments': async (actor) => {
      await expectRefused(actor, 'records an assessment', () =>
        actor.client.post(`${holder()}/assessments`, { appointmentId: fixture().appointmentId, kind: 'yearly', year: 2025, result: 'unqualified', assessedOn: '2025-12-01' }),
      );
      await unchanged();
    },
    'GET /api/v1/appointment-template': (actor) => expectRefused(actor, 'reads group B’s template', () => actor.client.get(`/api/v1/appointment-template?enterpriseId=${fixture().groupId}`)),
    'PUT /api/v1/appointment-template': (actor) =>
      expectRefused(actor, 'writes group B’s template', () => actor.client.request('PUT', '/api/v1/appointment-template', { enterpriseId: fixture().groupId, body: '{{姓名}}' })),
    'POST /api/v1/appointment-template/preview': (actor) =>
      expectRefused(actor, 'previews group B’s template', () => actor.client.post('/api/v1/appointment-template/preview', { enterpriseId: fixture().groupId, body: '{{企业名称}}' })),
    'GET /api/v1/appointment-reminders': async (actor) => {
      const response = await actor.client.get('/api/v1/appointment-reminders');
      if (response.statusCode === 200) expect(response.json().items.map((item: { appointmentId: string }) => item.appointmentId)).not.toContain(fixture().appointmentId);
      else expect(refused(response.statusCode)).toBe(true);
    },
    'POST /api/v1/appointments': async (actor) => {
      await expectRefused(actor, 'appoints group B’s holder', () =>
        actor.client.post('/api/v1/appointments', { certificateId: fixture().certificateId, post: '越权', duties: '越权', treatment: '越权', termStart: '2030-01-01', termEnd: '2032-12-31' }),
      );
      await unchanged();
    },
    'GET /api/v1/appointments/:id/agreement': (actor) => expectRefused(actor, 'downloads group B’s agreement', () => actor.client.get(`${appointment()}/agreement`)),
    'POST /api/v1/appointments/:id/sign': async (actor) => {
      await expectRefused(actor, 'signs group B’s agreement', () => actor.client.post(`${appointment()}/sign`, { signedOn: '2025-01-01', signedFileId: fixture().appointmentId }));
      await unchanged();
    },
    'POST /api/v1/appointments/:id/renew': async (actor) => {
      await expectRefused(actor, 'renews group B’s term', () => actor.client.post(`${appointment()}/renew`, { termStart: '2030-01-01', termEnd: '2032-12-31' }));
      await unchanged();
    },
    'POST /api/v1/appointments/:id/exit': async (actor) => {
      await expectRefused(actor, 'ends group B’s appointment', () => actor.client.post(`${appointment()}/exit`, { category: 'left', reason: '越权退出', endedOn: '2025-06-01' }));
      await unchanged();
    },
  };
}
