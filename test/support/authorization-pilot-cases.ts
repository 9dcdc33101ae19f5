// The authorization matrix's cases for the pilot filing, occupation catalogue and work plan
// routes (test/integration/authorization-matrix.test.ts merges them into its own). The fixture
// lies in province B, outside the scope of every actor the matrix tries.
import { expect } from 'vitest';
import { buildUser } from './factories.ts';
import { multipartBody } from './files.ts';
import { buildEvaluationBody, completePlanContent, currentYear, ensureCalendar } from './pilot-factories.ts';
import type { TestApp, TestClient } from './test-app.ts';

interface MatrixActor {
  role: string;
  client: TestClient;
}

export interface PilotPlanFixture {
  /** An accepted application (this year) and a submitted one (next year) of province B. */
  acceptedApplicationId: string;
  submittedApplicationId: string;
  /** Group B's published plan (version 1). */
  planId: string;
  groupId: string;
  /** Province B: its rows are no one else's to read. */
  provinceId: string;
}

/** Province B files group B as a pilot, the ministry accepts it, group B publishes its plan. */
export async function buildPilotPlanFixture(t: TestApp, admin: TestClient, provinceId: string, groupId: string): Promise<PilotPlanFixture> {
  const year = currentYear();
  await ensureCalendar(t.handle.db, year);
  const ok = (response: { statusCode: number; body: string }, status = 200) => {
    if (response.statusCode !== status) throw new Error(`fixture: ${response.statusCode} ${response.body}`);
    return JSON.parse(response.body) as { id: string };
  };
  // The fixture's years run the 2021 model (ministry filing), so that pilot applications exist.
  for (const filingYear of [year, year + 1, year + 2]) ok(await admin.post('/api/v1/jurisdiction-settings', { year: filingYear, model: 'ministry-pilot-filing', deadline: `${filingYear}-12-31` }));
  const departmentUser = await buildUser(admin, provinceId, ['department-admin']);
  const department = await t.login(departmentUser.username, departmentUser.password);
  const contact = { contactName: '乙省联系人', contactPhone: '0431-1' };
  const accepted = ok(await department.post('/api/v1/pilot-applications', { year, enterpriseIds: [groupId], ...contact }), 201);
  ok(await department.post(`/api/v1/pilot-applications/${accepted.id}/submit`));
  ok(await admin.post(`/api/v1/pilot-applications/${accepted.id}/accept`, {}));
  const submitted = ok(await department.post('/api/v1/pilot-applications', { year: year + 1, enterpriseIds: [groupId], ...contact }), 201);
  ok(await department.post(`/api/v1/pilot-applications/${submitted.id}/submit`));

  const body = await buildEvaluationBody(admin, groupId, 'internal', '乙集团考评机构');
  const hrUser = await buildUser(admin, groupId, ['enterprise-admin']);
  const hr = await t.login(hrUser.username, hrUser.password);
  const plan = ok(await hr.post('/api/v1/plans', { year, content: completePlanContent(year, body.id) }), 201);
  ok(await hr.post(`/api/v1/plans/${plan.id}/publish`, {}));
  ok(await hr.post(`/api/v1/plans/${plan.id}/file`, {}));
  return { acceptedApplicationId: accepted.id, submittedApplicationId: submitted.id, planId: plan.id, groupId, provinceId };
}

const refused = (status: number) => status === 403 || status === 404;

type Case = (actor: MatrixActor) => Promise<void>;

export function pilotPlanCases(fixture: () => PilotPlanFixture): Record<string, Case> {
  const foreignApplications = () => [fixture().acceptedApplicationId, fixture().submittedApplicationId];
  const expectRefused = async (actor: MatrixActor, label: string, call: () => Promise<{ statusCode: number; body: string }>) => {
    const response = await call();
    expect(refused(response.statusCode), `${actor.role} ${label}: ${response.statusCode} ${response.body.slice(0, 200)}`).toBe(true);
  };
  const listExcludes = async (actor: MatrixActor, url: string, ids: string[], key = 'id') => {
    const response = await actor.client.get(url);
    if (response.statusCode === 200) {
      const listed = response.json().items.map((item: Record<string, string>) => item[key]);
      for (const id of ids) expect(listed, `${actor.role} lists ${id} at ${url}`).not.toContain(id);
    } else {
      expect(refused(response.statusCode)).toBe(true);
    }
  };
  const plan = () => fixture().planId;

  return {
    'GET /api/v1/jurisdiction-settings': async (actor) => {
      const response = await actor.client.get('/api/v1/jurisdiction-settings');
      if (response.statusCode === 200) {
        // A provincial department reads its own area's rows and the national ones, never another province's.
        expect(response.body, `${actor.role} reads settings`).not.toContain(fixture().provinceId);
        expect(response.json().items.every((item: { provinces: unknown[] }) => item.provinces.length === 0)).toBe(true);
      } else {
        expect(refused(response.statusCode), `${actor.role} reads settings: ${response.statusCode}`).toBe(true);
      }
    },
    'POST /api/v1/jurisdiction-settings': async (actor) => {
      const response = await actor.client.post('/api/v1/jurisdiction-settings', { year: currentYear() + 5, model: null, committee: { minimumSize: 5 } });
      if (response.statusCode === 200) {
        // Only for its own area: the row is the actor's own department's, never another province's.
        expect(actor.role).toBe('department-admin');
        expect(response.json()).toMatchObject({ level: 'provincial', year: currentYear() + 5 });
        expect(response.json().organisationId).not.toBe(fixture().provinceId);
      } else {
        expect(refused(response.statusCode), `${actor.role} sets settings: ${response.statusCode}`).toBe(true);
      }
    },
    'GET /api/v1/pilot-applications': (actor) => listExcludes(actor, '/api/v1/pilot-applications', foreignApplications()),
    'GET /api/v1/pilot-applications/candidates': (actor) => listExcludes(actor, '/api/v1/pilot-applications/candidates', [fixture().groupId]),
    'POST /api/v1/pilot-applications': async (actor) => {
      const response = await actor.client.post('/api/v1/pilot-applications', { year: currentYear() + 2, enterpriseIds: [fixture().groupId] });
      if (response.statusCode === 422) {
        // A department: the foreign enterprise is refused as outside its scope, and nothing is stored.
        expect(response.json().errors.map((error: { code: string }) => error.code)).toEqual(['OUTSIDE_SCOPE']);
      } else {
        expect(refused(response.statusCode), `${actor.role} files a foreign enterprise: ${response.statusCode}`).toBe(true);
      }
    },
    'GET /api/v1/pilot-applications/:id': async (actor) => {
      for (const id of foreignApplications()) await expectRefused(actor, `reads ${id}`, () => actor.client.get(`/api/v1/pilot-applications/${id}`));
    },
    'PATCH /api/v1/pilot-applications/:id': async (actor) => {
      for (const id of foreignApplications()) await expectRefused(actor, `edits ${id}`, () => actor.client.patch(`/api/v1/pilot-applications/${id}`, { remarks: '越权' }));
    },
    'POST /api/v1/pilot-applications/:id/submit': async (actor) => {
      for (const id of foreignApplications()) await expectRefused(actor, `submits ${id}`, () => actor.client.post(`/api/v1/pilot-applications/${id}/submit`));
    },
    'POST /api/v1/pilot-applications/:id/accept': async (actor) => {
      await expectRefused(actor, 'accepts', () => actor.client.post(`/api/v1/pilot-applications/${fixture().submittedApplicationId}/accept`, {}));
    },
    'POST /api/v1/pilot-applications/:id/amend': async (actor) => {
      await expectRefused(actor, 'amends', () => actor.client.post(`/api/v1/pilot-applications/${fixture().acceptedApplicationId}/amend`, { enterpriseIds: [fixture().groupId], reason: '越权调整' }));
    },
    'POST /api/v1/pilot-applications/:id/return': async (actor) => {
      await expectRefused(actor, 'returns', () => actor.client.post(`/api/v1/pilot-applications/${fixture().submittedApplicationId}/return`, { reason: '越权退回' }));
    },
    'GET /api/v1/pilot-enterprises': (actor) => listExcludes(actor, '/api/v1/pilot-enterprises', [fixture().groupId], 'enterpriseId'),

    'GET /api/v1/occupations': async (actor) => {
      // The catalogue is the public 大典: every signed-in user reads it.
      expect((await actor.client.get('/api/v1/occupations')).statusCode).toBe(200);
    },
    'GET /api/v1/occupations/template': async (actor) => {
      expect((await actor.client.get('/api/v1/occupations/template')).statusCode).toBe(200);
    },
    'POST /api/v1/occupations/import': async (actor) => {
      const { payload, headers } = multipartBody({ name: 'x.csv', bytes: Buffer.from('职业编码,职业名称\n6-18-01-01,越权改名\n') });
      await expectRefused(actor, 'imports the catalogue', () => actor.client.request('POST', '/api/v1/occupations/import', payload, headers));
    },

    'GET /api/v1/plans': (actor) => listExcludes(actor, '/api/v1/plans', [plan()]),
    'GET /api/v1/plans/options': async (actor) => {
      await expectRefused(actor, 'reads foreign plan options', () => actor.client.get(`/api/v1/plans/options?enterpriseId=${fixture().groupId}`));
    },
    'POST /api/v1/plans': async (actor) => {
      await expectRefused(actor, 'creates a foreign plan', () => actor.client.post('/api/v1/plans', { year: currentYear(), kind: 're-review', enterpriseId: fixture().groupId }));
    },
    'GET /api/v1/plans/:id': (actor) => expectRefused(actor, 'reads a foreign plan', () => actor.client.get(`/api/v1/plans/${plan()}`)),
    'PATCH /api/v1/plans/:id': (actor) => expectRefused(actor, 'edits a foreign plan', () => actor.client.patch(`/api/v1/plans/${plan()}`, { content: { title: '越权' } })),
    'POST /api/v1/plans/:id/validate': (actor) => expectRefused(actor, 'validates a foreign plan', () => actor.client.post(`/api/v1/plans/${plan()}/validate`, {})),
    'POST /api/v1/plans/:id/publish': (actor) => expectRefused(actor, 'publishes a foreign plan', () => actor.client.post(`/api/v1/plans/${plan()}/publish`, {})),
    'POST /api/v1/plans/:id/file': (actor) => expectRefused(actor, 'files a foreign plan', () => actor.client.post(`/api/v1/plans/${plan()}/file`, {})),
    'POST /api/v1/plans/:id/filing/accept': (actor) => expectRefused(actor, 'accepts a foreign filing', () => actor.client.post(`/api/v1/plans/${plan()}/filing/accept`, {})),
    'POST /api/v1/plans/:id/filing/return': (actor) => expectRefused(actor, 'returns a foreign filing', () => actor.client.post(`/api/v1/plans/${plan()}/filing/return`, { reason: '越权退回' })),
    'POST /api/v1/plans/:id/close': (actor) => expectRefused(actor, 'closes a foreign plan', () => actor.client.post(`/api/v1/plans/${plan()}/close`, { reason: '越权关闭' })),
    'GET /api/v1/plans/:id/versions/:version': (actor) => expectRefused(actor, 'reads a foreign version', () => actor.client.get(`/api/v1/plans/${plan()}/versions/1`)),
    'GET /api/v1/plans/:id/versions/:version/pdf': (actor) => expectRefused(actor, 'reads a foreign PDF', () => actor.client.get(`/api/v1/plans/${plan()}/versions/1/pdf`)),
    'GET /api/v1/plans/:id/diff': (actor) => expectRefused(actor, 'reads a foreign diff', () => actor.client.get(`/api/v1/plans/${plan()}/diff?from=0&to=1`)),

    'GET /api/v1/published-plans': (actor) => listExcludes(actor, '/api/v1/published-plans', [plan()]),
    'GET /api/v1/published-plans/:id': (actor) => expectRefused(actor, 'reads a foreign published plan', () => actor.client.get(`/api/v1/published-plans/${plan()}`)),
    'GET /api/v1/published-plans/:id/versions/:version': (actor) =>
      expectRefused(actor, 'reads a foreign published version', () => actor.client.get(`/api/v1/published-plans/${plan()}/versions/1`)),
    'GET /api/v1/published-plans/:id/versions/:version/pdf': (actor) =>
      expectRefused(actor, 'reads a foreign published PDF', () => actor.client.get(`/api/v1/published-plans/${plan()}/versions/1/pdf`)),
    'GET /api/v1/published-plans/:id/diff': (actor) =>
      expectRefused(actor, 'reads a foreign published diff', () => actor.client.get(`/api/v1/published-plans/${plan()}/diff?from=0&to=1`)),
  };
}
