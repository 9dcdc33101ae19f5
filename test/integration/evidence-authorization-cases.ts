// The authorization matrix's cases for the evidence flags (证明材料疑点, issue 20), merged by
// authorization-matrix.test.ts: a flag whose two sides both lie in 乙集团 (province B), outside the
// scope of every actor tried, written directly. Nobody reads it, nobody clears or reopens a side.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { organisations } from '../../src/db/schema.ts';
import { evidenceFlags, evidenceFlagSides } from '../../src/modules/evidence/tables.ts';
import { testClock } from '../support/clock.ts';
import type { TestApp, TestClient } from '../support/test-app.ts';

interface MatrixActor {
  role: string;
  client: TestClient;
}

export interface EvidenceFixture {
  flagId: string;
  applicationIds: [string, string];
}

/** A flag between an application of 乙集团 and another of the same group (the second made up). */
export async function buildEvidenceFixture(t: TestApp, groupId: string, applicationId: string): Promise<EvidenceFixture> {
  const [group] = await t.handle.db.select().from(organisations).where(eq(organisations.id, groupId));
  const other = randomUUID();
  const [first, second] = [applicationId, other].sort();
  const [flag] = await t.handle.db
    .insert(evidenceFlags)
    .values({ kind: 'file', value: 'f'.repeat(64), display: 'ffffffffffff', firstApplicationId: first, secondApplicationId: second, createdAt: testClock().now() })
    .returning();
  const side = (id: string) => ({
    flagId: flag.id,
    applicationId: id,
    organisationId: group.id,
    organisationPath: group.path,
    planEnterpriseId: group.id,
    planEnterprisePath: group.path,
    field: 'qualification',
    fileName: '乙集团证书扫描件.pdf',
    status: 'open' as const,
  });
  await t.handle.db.insert(evidenceFlagSides).values([side(applicationId), side(other)]);
  return { flagId: flag.id, applicationIds: [applicationId, other] };
}

const refused = (status: number) => status === 403 || status === 404;

export function evidenceCases(fixture: () => EvidenceFixture): Record<string, (actor: MatrixActor) => Promise<void>> {
  const expectRefused = async (actor: MatrixActor, label: string, call: () => Promise<{ statusCode: number; body: string }>) => {
    const response = await call();
    expect(refused(response.statusCode), `${actor.role} ${label}: ${response.statusCode} ${response.body.slice(0, 200)}`).toBe(true);
  };
  return {
    'GET /api/v1/evidence-flags': async (actor) => {
      for (const query of ['', `?applicationId=${fixture().applicationIds[0]}`, '?status=open']) {
        const response = await actor.client.get(`/api/v1/evidence-flags${query}`);
        if (response.statusCode === 200) expect(response.json().items.map((item: { id: string }) => item.id)).not.toContain(fixture().flagId);
        else expect(refused(response.statusCode)).toBe(true);
      }
    },
    'GET /api/v1/evidence-flags/:id': async (actor) => {
      await expectRefused(actor, 'reads a foreign evidence flag', () => actor.client.get(`/api/v1/evidence-flags/${fixture().flagId}`));
    },
    'POST /api/v1/evidence-flags/:id/sides/:applicationId/clear': async (actor) => {
      for (const applicationId of fixture().applicationIds) {
        await expectRefused(actor, 'clears a foreign flag', () => actor.client.post(`/api/v1/evidence-flags/${fixture().flagId}/sides/${applicationId}/clear`, { note: '越权排除疑点' }));
      }
    },
    'POST /api/v1/evidence-flags/:id/sides/:applicationId/reopen': async (actor) => {
      for (const applicationId of fixture().applicationIds) {
        await expectRefused(actor, 'reopens a foreign flag', () => actor.client.post(`/api/v1/evidence-flags/${fixture().flagId}/sides/${applicationId}/reopen`, { note: '越权重新核查' }));
      }
    },
  };
}

/** The holder's own certificates (我的证书) and who verified them: 乙集团's certificate is nobody's here. */
export function holderCases(certificateId: () => string): Record<string, (actor: MatrixActor) => Promise<void>> {
  return {
    'GET /api/v1/my/certificates': async (actor) => {
      const response = await actor.client.get('/api/v1/my/certificates');
      if (response.statusCode === 200) expect(response.json().items.map((item: { id: string }) => item.id)).not.toContain(certificateId());
      else expect(refused(response.statusCode)).toBe(true);
    },
    'GET /api/v1/my/certificates/:id/verifications': async (actor) => {
      const response = await actor.client.get(`/api/v1/my/certificates/${certificateId()}/verifications`);
      expect(refused(response.statusCode), `${actor.role} reads who verified a foreign certificate: ${response.statusCode}`).toBe(true);
    },
  };
}
