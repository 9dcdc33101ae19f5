// The authorization matrix's cases for the register, applications, screening, bans and
// notifications routes (authorization-matrix.test.ts merges them into its own). The fixture lies
// in 乙集团 (province B), outside the scope of every actor the matrix tries.
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { applications } from '../../src/modules/applications/tables.ts';
import { createBan } from '../../src/modules/bans/service.ts';
import { notifications } from '../../src/modules/notifications/tables.ts';
import { contextFor } from '../support/actors.ts';
import { buildUser } from '../support/factories.ts';
import { TestClient, type TestApp } from '../support/test-app.ts';
import { completeContent, goodRow, importRegister, multipart, registerWorkbook, setWindow, todayInChina } from './applications-fixtures.ts';
import { addDays } from '../../src/domain/calendar-date.ts';
import { testClock } from '../support/clock.ts';

interface MatrixActor {
  role: string;
  client: TestClient;
}

export interface ApplicationsFixture {
  planId: string;
  groupId: string;
  applicationId: string;
  /** A register row with an account (the applicant) and one without. */
  employeeId: string;
  employeeWithoutAccountId: string;
  notificationId: string;
  banId: string;
}

/** 乙集团's HR imports two employees; one applies and is returned (a notification); a ban is recorded by 乙集团. */
export async function buildApplicationsFixture(t: TestApp, admin: TestClient, planId: string, groupId: string): Promise<ApplicationsFixture> {
  const hrUser = await buildUser(admin, groupId, ['enterprise-admin']);
  const hr = await t.login(hrUser.username, hrUser.password);
  const applicant = goodRow(9001, { name: '乙集团申报人' });
  const other = goodRow(9002, { name: '乙集团未开户职工' });
  const job = await importRegister(hr, await registerWorkbook([applicant, other]));
  if ((job.result as { outcome?: string } | null)?.outcome !== 'imported') throw new Error(`fixture register: ${JSON.stringify(job)}`);
  const rows = (await hr.get('/api/v1/register?limit=200')).json().items as { id: string; name: string }[];
  const employeeId = rows.find((row) => row.name === applicant.name)!.id;
  const employeeWithoutAccountId = rows.find((row) => row.name === other.name)!.id;
  const account = await hr.post(`/api/v1/register/${employeeId}/user`, { username: `yi-applicant-${Date.now()}` });
  if (account.statusCode !== 201) throw new Error(`fixture account: ${account.body}`);
  const employee = await TestClient.firstLogIn(t.app, account.json().user.username, account.json().initialPassword, 'Password-2021-ok');
  await setWindow(t, planId, addDays(todayInChina(), -1), addDays(todayInChina(), 30));
  const draft = await employee.post('/api/v1/applications', { planId });
  if (draft.statusCode !== 201) throw new Error(`fixture apply: ${draft.body}`);
  const saved = await employee.patch(`/api/v1/applications/${draft.json().id}`, { revision: draft.json().revision, content: await completeContent(employee) });
  const submitted = await employee.post(`/api/v1/applications/${draft.json().id}/submit`, { revision: saved.json().revision });
  if (submitted.statusCode !== 200) throw new Error(`fixture submit: ${submitted.body}`);
  const returned = await hr.post(`/api/v1/applications/${draft.json().id}/return`, { comment: '请补充材料' });
  if (returned.statusCode !== 200) throw new Error(`fixture return: ${returned.body}`);
  const [notice] = await t.handle.db.select().from(notifications).where(eq(notifications.userId, account.json().user.id));
  const context = await contextFor(t.handle.db, hrUser.id, t.clock);
  const ban = await t.handle.db.transaction((tx) =>
    createBan(tx, context, { subjectType: 'person', idType: 'resident-id', number: goodRow(9003).idNumber!, subjectName: '乙集团被禁入人员', basis: '弄虚作假', organisationId: groupId, organisationPath: context.actor.organisationPath }),
  );
  return { planId, groupId, applicationId: draft.json().id, employeeId, employeeWithoutAccountId, notificationId: notice.id, banId: ban.id };
}

const refused = (status: number) => status === 403 || status === 404;

type Case = (actor: MatrixActor) => Promise<void>;

export function applicationsCases(fixture: () => ApplicationsFixture, app: () => TestApp): Record<string, Case> {
  const expectRefused = async (actor: MatrixActor, label: string, call: () => Promise<{ statusCode: number; body: string }>) => {
    const response = await call();
    expect(refused(response.statusCode), `${actor.role} ${label}: ${response.statusCode} ${response.body.slice(0, 200)}`).toBe(true);
  };
  const listExcludes = async (actor: MatrixActor, url: string, ids: string[], key = 'id') => {
    const response = await actor.client.get(url);
    if (response.statusCode !== 200) {
      expect(refused(response.statusCode), `${actor.role} GET ${url}: ${response.statusCode}`).toBe(true);
      return;
    }
    const body = response.json() as { items: Record<string, unknown>[] };
    const listed = body.items.map((item) => String(item[key] ?? (item.plan as { id?: string } | undefined)?.id ?? ''));
    for (const id of ids) expect(listed, `${actor.role} lists 乙集团's ${id} at ${url}`).not.toContain(id);
  };
  const applicationUrl = (suffix = '') => `/api/v1/applications/${fixture().applicationId}${suffix}`;
  const planUrl = (suffix = '') => `/api/v1/application-plans/${fixture().planId}${suffix}`;
  const unchanged = async () => {
    const [row] = await app().handle.db.select().from(applications).where(eq(applications.id, fixture().applicationId));
    expect(row.status).toBe('returned');
  };

  return {
    'GET /api/v1/notifications': async (actor) => {
      await listExcludes(actor, '/api/v1/notifications', [fixture().notificationId]);
    },
    'POST /api/v1/notifications/:id/read': async (actor) => {
      await expectRefused(actor, 'marks 乙集团 employee’s notification read', () => actor.client.post(`/api/v1/notifications/${fixture().notificationId}/read`));
    },
    'POST /api/v1/notifications/read-all': async (actor) => {
      expect((await actor.client.post('/api/v1/notifications/read-all', { before: testClock().now().toISOString() })).statusCode).toBe(200);
      const [row] = await app().handle.db.select().from(notifications).where(eq(notifications.id, fixture().notificationId));
      expect(row.readAt, `${actor.role} marked another user's notification read`).toBeNull();
    },
    'GET /api/v1/bans': async (actor) => {
      await listExcludes(actor, '/api/v1/bans', [fixture().banId]);
    },
    'GET /api/v1/register': async (actor) => {
      await listExcludes(actor, '/api/v1/register?limit=200', [fixture().employeeId, fixture().employeeWithoutAccountId]);
      await expectRefused(actor, 'reads 乙集团’s register', () => actor.client.get(`/api/v1/register?enterpriseId=${fixture().groupId}`));
    },
    'GET /api/v1/register/template': async (actor) => {
      // The template holds no data; HR (register:read) downloads it, everyone else is refused.
      const response = await actor.client.get('/api/v1/register/template');
      expect([200, 403]).toContain(response.statusCode);
    },
    'POST /api/v1/register/imports': async (actor) => {
      const { payload, headers } = multipart({ name: '名册.xlsx', bytes: await registerWorkbook([goodRow(9100)]) }, { enterpriseId: fixture().groupId });
      await expectRefused(actor, 'imports into 乙集团’s register', () => actor.client.request('POST', '/api/v1/register/imports', payload, headers));
    },
    'POST /api/v1/register/exports': async (actor) => {
      await expectRefused(actor, 'exports 乙集团’s register', () => actor.client.post('/api/v1/register/exports', { format: 'xlsx', enterpriseId: fixture().groupId }));
    },
    'POST /api/v1/register/:id/user': async (actor) => {
      await expectRefused(actor, 'opens an account for 乙集团’s employee', () => actor.client.post(`/api/v1/register/${fixture().employeeWithoutAccountId}/user`, { username: `intruder${Math.floor(Math.random() * 1e9)}` }));
    },
    'GET /api/v1/my/plans': async (actor) => {
      await listExcludes(actor, '/api/v1/my/plans', [fixture().planId]);
    },
    'GET /api/v1/my/applications': async (actor) => {
      await listExcludes(actor, '/api/v1/my/applications', [fixture().applicationId]);
    },
    'POST /api/v1/applications': async (actor) => {
      await expectRefused(actor, 'applies under 乙集团’s plan', () => actor.client.post('/api/v1/applications', { planId: fixture().planId }));
      await expectRefused(actor, 'applies for 乙集团’s employee', () => actor.client.post('/api/v1/applications', { planId: fixture().planId, employeeId: fixture().employeeWithoutAccountId }));
    },
    'GET /api/v1/applications': async (actor) => {
      await listExcludes(actor, '/api/v1/applications', [fixture().applicationId]);
      await listExcludes(actor, `/api/v1/applications?planId=${fixture().planId}&status=returned`, [fixture().applicationId]);
    },
    'GET /api/v1/applications/:id': async (actor) => {
      await expectRefused(actor, 'reads 乙集团’s application', () => actor.client.get(applicationUrl()));
    },
    'PATCH /api/v1/applications/:id': async (actor) => {
      await expectRefused(actor, 'edits 乙集团’s application', async () => actor.client.patch(applicationUrl(), { revision: 1, content: await completeContent(actor.client).catch(() => ({})) }));
      await unchanged();
    },
    'POST /api/v1/applications/:id/submit': async (actor) => {
      await expectRefused(actor, 'submits 乙集团’s application', () => actor.client.post(applicationUrl('/submit'), { revision: 1 }));
      await unchanged();
    },
    'GET /api/v1/applications/:id/versions/:version': async (actor) => {
      await expectRefused(actor, 'reads a version of 乙集团’s application', () => actor.client.get(applicationUrl('/versions/1')));
    },
    'POST /api/v1/applications/:id/conditions/:conditionId/review': async (actor) => {
      await expectRefused(actor, 'reviews 乙集团’s application', () => actor.client.post(applicationUrl('/conditions/health/review'), { decision: 'override', reason: '越权' }));
    },
    'POST /api/v1/applications/:id/fact-corrections': async (actor) => {
      await expectRefused(actor, 'corrects a fact of 乙集团’s application', () =>
        actor.client.post(applicationUrl('/fact-corrections'), { postSince: '2010-10-31', note: '越权更正', evidenceFileIds: ['00000000-0000-4000-8000-000000000001'] }),
      );
      await unchanged();
    },
    'POST /api/v1/applications/:id/return': async (actor) => {
      await expectRefused(actor, 'returns 乙集团’s application', () => actor.client.post(applicationUrl('/return'), { comment: '越权退回' }));
      await unchanged();
    },
    'POST /api/v1/applications/:id/reject': async (actor) => {
      await expectRefused(actor, 'rejects 乙集团’s application', () => actor.client.post(applicationUrl('/reject'), { reason: '越权' }));
      await unchanged();
    },
    'POST /api/v1/applications/:id/mark-eligible': async (actor) => {
      await expectRefused(actor, 'marks 乙集团’s application eligible', () => actor.client.post(applicationUrl('/mark-eligible'), {}));
      await unchanged();
    },
    'GET /api/v1/application-plans/:planId': async (actor) => {
      await expectRefused(actor, 'reads 乙集团’s plan overview', () => actor.client.get(planUrl()));
    },
    'GET /api/v1/application-plans/:planId/candidates': async (actor) => {
      await expectRefused(actor, 'screens 乙集团’s register', () => actor.client.get(planUrl('/candidates')));
    },
    'POST /api/v1/application-plans/:planId/invitations': async (actor) => {
      await expectRefused(actor, 'invites 乙集团’s employees', () => actor.client.post(planUrl('/invitations'), { employeeIds: [fixture().employeeWithoutAccountId] }));
    },
    'GET /api/v1/application-plans/:planId/export': async (actor) => {
      await expectRefused(actor, 'exports 乙集团’s screened list', () => actor.client.get(planUrl('/export')));
    },
    'POST /api/v1/application-plans/:planId/handover': async (actor) => {
      await expectRefused(actor, 'hands over 乙集团’s list', () => actor.client.post(planUrl('/handover'), {}));
    },
  };
}
