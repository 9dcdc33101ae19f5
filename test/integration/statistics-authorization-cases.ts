// The authorization matrix's cases for the statistics routes (merged by authorization-matrix.test.ts):
// a dashboard names nothing outside the caller's scope, and drilling down (or exporting) outside it
// is refused.
import { expect } from 'vitest';
import type { TestClient } from '../support/test-app.ts';

interface MatrixActor {
  role: string;
  client: TestClient;
  foreign: { id: string }[];
}
const refused = (status: number) => status === 403 || status === 404;
/** The roles that read statistics (statistics:read); the others are refused outright. */
const readsStatistics = (actor: MatrixActor) => actor.role === 'department-admin' || actor.role.startsWith('enterprise-admin');

export function statisticsCases(): Record<string, (actor: MatrixActor) => Promise<void>> {
  return {
    'GET /api/v1/statistics/dashboard': async (actor) => {
      const response = await actor.client.get('/api/v1/statistics/dashboard');
      if (readsStatistics(actor)) {
        expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
        const dashboard = response.json();
        const named = [
          ...dashboard.units.map((row: { organisationId: string }) => row.organisationId),
          ...dashboard.enterprises.map((row: { organisationId: string }) => row.organisationId),
          ...dashboard.quotas.map((row: { enterpriseId: string }) => row.enterpriseId),
          ...dashboard.followUps.map((row: { organisationId: string }) => row.organisationId),
        ];
        for (const org of actor.foreign) expect(named, `${actor.role} sees ${org.id}`).not.toContain(org.id);
      } else {
        expect(response.statusCode, `${actor.role} reads statistics`).toBe(403);
      }
      for (const org of actor.foreign) {
        const drilled = await actor.client.get(`/api/v1/statistics/dashboard?organisationId=${org.id}`);
        expect(refused(drilled.statusCode), `${actor.role} drills into ${org.id}: ${drilled.statusCode}`).toBe(true);
      }
    },
    'GET /api/v1/statistics/export': async (actor) => {
      const response = await actor.client.get('/api/v1/statistics/export?table=enterprises');
      if (readsStatistics(actor)) expect(response.statusCode).toBe(200);
      else expect(response.statusCode).toBe(403);
      for (const org of actor.foreign) {
        const exported = await actor.client.get(`/api/v1/statistics/export?table=units&organisationId=${org.id}`);
        expect(refused(exported.statusCode), `${actor.role} exports ${org.id}: ${exported.statusCode}`).toBe(true);
      }
    },
  };
}
