// 颁证 for the confirmed list of a plan (after 公示期满核准): the page lists the plan's confirmed
// applications, issues them by the same batch path, and each application moves to certified with
// its certificate, in the same transaction.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.ts';
import { applications } from '../../src/modules/applications/tables.ts';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { runJobsOnce } from '../../src/platform/jobs.ts';
import { contextFor } from '../support/actors.ts';
import { holder, residentId } from '../support/certificate-factories.ts';
import { confirmedList } from '../support/confirmed-list.ts';
import { buildProvince } from '../support/factories.ts';
import { completePlanContent, currentYear, pilotGroup } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

let t: TestApp;
let hr: TestClient;
let planId: string;
let groupId: string;
const applicationIds: string[] = [];

/**
 * A confirmed application on a confirmed notice of the plan (confirmedList): the path that leads
 * there (apply, screen, review, notice, confirm) is the other modules' and is tested there.
 */
async function confirmedApplication(sequence: number, name: string, occupationCode: string) {
  const list = await confirmedList(t.handle.db, { enterpriseId: groupId, planId, people: [{ ...holder(sequence, { name, occupationCode }), birthDate: '1975-03-08', gender: sequence % 2 ? 'male' : 'female' }] });
  return list.holders[0].applicationId;
}

beforeAll(async () => {
  t = await createTestApp({ jobs: false });
  const admin = await t.admin();
  const province = await buildProvince(admin);
  const pilot = await pilotGroup(t, admin, province.id);
  hr = pilot.hr;
  groupId = pilot.group.id;
  const year = currentYear();
  const created = await hr.post('/api/v1/plans', { year, kind: 're-review', content: completePlanContent(year, pilot.body.id) });
  expect(created.statusCode, created.body).toBe(201);
  planId = created.json().id;
  const published = await hr.post(`/api/v1/plans/${planId}/publish`, {});
  expect(published.statusCode, published.body).toBe(200);
  applicationIds.push(await confirmedApplication(1, '刘永坦', '6-18-01-01'), await confirmedApplication(2, '王曼', '6-18-01-01'));
}, 120_000);
afterAll(() => t?.close());

describe('certificates for the confirmed applications of a plan', () => {
  it('lists them masked, issues them as one batch, and moves each application to certified', async () => {
    const list = await hr.get(`/api/v1/certificate-batches/confirmed-applications?planId=${planId}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toHaveLength(2);
    expect(list.json().items[0]).toMatchObject({ idNumberMasked: expect.stringContaining('****'), occupationCode: '6-18-01-01' });
    expect(list.body).not.toContain(residentId(1));

    const started = await hr.post('/api/v1/certificate-batches/from-applications', { planId, issuedOn: '2024-12-20', idempotencyKey: 'confirmed-list-2024-12-20' });
    expect(started.statusCode, started.body).toBe(202);
    await runJobsOnce(t.handle.db, t.clock);
    const batch = (await hr.get(`/api/v1/certificate-batches/${started.json().id}`)).json();
    expect(batch).toMatchObject({ status: 'issued', certificateCount: 2, planId });
    const issued = (await hr.get(`/api/v1/certificates?batchId=${batch.id}`)).json().items as { applicationId: string; holderName: string; occupationName: string; planId: string }[];
    expect(issued.map((item) => item.applicationId).sort()).toEqual([...applicationIds].sort());
    expect(issued.find((item) => item.holderName === '刘永坦')).toMatchObject({ occupationName: expect.any(String), planId });
    const rows = await t.handle.db.select({ id: applications.id, status: applications.status }).from(applications).where(eq(applications.planId, planId));
    expect(rows.map((row) => row.status)).toEqual(['certified', 'certified']);
    const events = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'application.certified'), eq(auditLog.targetId, applicationIds[0])));
    expect(events).toHaveLength(1);

    const again = await hr.post('/api/v1/certificate-batches/from-applications', { planId, issuedOn: '2024-12-20' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CERTIFICATE_NOTHING_CONFIRMED');
    // The first request retried (its answer lost) gets the batch it made; another date under the key is refused.
    const retried = await hr.post('/api/v1/certificate-batches/from-applications', { planId, issuedOn: '2024-12-20', idempotencyKey: 'confirmed-list-2024-12-20' });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ id: batch.id, certificateCount: 2 });
    const reused = await hr.post('/api/v1/certificate-batches/from-applications', { planId, issuedOn: '2024-12-21', idempotencyKey: 'confirmed-list-2024-12-20' });
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses an application that is not a confirmed application of the plan', async () => {
    const user = (await hr.get('/api/v1/me')).json();
    const context = await contextFor(t.handle.db, user.id, t.clock);
    const refused = await issueCertificates(t.handle.db, context, {
      enterpriseId: groupId,
      planId,
      issuedOn: '2024-12-21',
      holders: [{ name: '刘永坦', idType: 'resident-id', idNumber: residentId(11), gender: 'male', birthDate: '1975-03-08', occupationCode: '6-18-01-02', occupationName: '车工', applicationId: applicationIds[0] }],
    }).catch((error: { code: string; errors: { code: string }[] }) => error);
    expect(refused).toMatchObject({ code: 'CERTIFICATE_ISSUE_INVALID' });
    expect((refused as { errors: { code: string }[] }).errors.map((error) => error.code)).toEqual(expect.arrayContaining(['APPLICATION_NOT_CONFIRMED', 'APPLICATION_CERTIFIED']));
  });
});
