import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog, files, jobs, organisations, users } from '../../src/db/schema.ts';
import { samplePdf, upload } from '../support/files.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { buildPilotPlanFixture, pilotPlanCases, type PilotPlanFixture } from '../support/authorization-pilot-cases.ts';
import { buildNoticeFixture, noticeCases, type NoticeFixture } from './notices-authorization-cases.ts';
import { buildCertificateFixture, certificateCases, type CertificateFixture } from '../support/authorization-certificate-cases.ts';
import { appointmentCases, buildAppointmentFixture, type AppointmentFixture } from './appointments-authorization-cases.ts';
import { buildReviewFixture, reviewCases, type ReviewFixture } from './review-authorization-cases.ts';
import { applicationsCases, buildApplicationsFixture, type ApplicationsFixture } from './applications-authorization-cases.ts';
import { statisticsCases } from './statistics-authorization-cases.ts';
import { buildSanctionsFixture, sanctionsCases, type SanctionsFixture } from './sanctions-authorization-cases.ts';
import { buildEvidenceFixture, evidenceCases, holderCases, type EvidenceFixture } from './evidence-authorization-cases.ts';
import { reviewCandidates, reviewCommissions, reviewCommittees, reviewExperts, reviewMembers, reviewRecusals } from '../../src/modules/review/tables.ts';

/**
 * Every role against every route: an actor reaches nothing outside its own organisation and those
 * below it. Each route of the app must have a case here, so a new route cannot slip through.
 */
interface Org {
  id: string;
  path?: string;
}
interface Actor {
  role: string;
  client: TestClient;
  /** Organisations outside the actor's scope. */
  foreign: Org[];
  foreignUsers: string[];
}

let t: TestApp;
let actors: Actor[] = [];
const ids: Record<string, string> = {};
/** Files and jobs of 乙集团 (outside every actor's scope) and of an employee of 甲集团. */
const owned: Record<'foreignFile' | 'groupAFile' | 'foreignJob' | 'groupAJob', string> = { foreignFile: '', groupAFile: '', foreignJob: '', groupAJob: '' };

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.admin();
  const provinceA = await buildProvince(admin, { name: '甲省人社厅', provinceCode: '23' });
  const provinceB = await buildProvince(admin, { name: '乙省人社厅', provinceCode: '22' });
  const groupA = await buildEnterprise(admin, provinceA.id, { name: '甲集团' });
  const subsidiaryA = await buildEnterprise(admin, groupA.id, { name: '甲集团子公司' });
  const bodyResponse = await admin.post('/api/v1/organisations', { parentId: groupA.id, kind: 'evaluation-body', name: '甲集团考评机构', bodyType: 'internal' });
  const bodyA = bodyResponse.json();
  const groupB = await buildEnterprise(admin, provinceB.id, { name: '乙集团', institution: { category: 'Y', institutionCode: '0000', provinceCode: '22', siteCode: '000009' } });
  Object.assign(ids, { root: admin.me.organisation.id, provinceA: provinceA.id, provinceB: provinceB.id, groupA: groupA.id, subsidiaryA: subsidiaryA.id, bodyA: bodyA.id, groupB: groupB.id });

  const foreignUserB = await buildUser(admin, groupB.id, ['enterprise-admin']);
  const rootUser = await buildUser(admin, ids.root, ['ministry-admin']);
  const groupUser = await buildUser(admin, groupA.id, ['employee']);
  Object.assign(ids, { foreignUserB: foreignUserB.id, rootUser: rootUser.id, groupUser: groupUser.id });
  const failedJob = async (organisationId: string, createdBy: string) => {
    const [organisation] = await t.handle.db.select().from(organisations).where(eq(organisations.id, organisationId));
    const [job] = await t.handle.db
      .insert(jobs)
      .values({ kind: 'matrix.sample', status: 'failed', payload: {}, organisationId, organisationPath: organisation.path, createdBy, error: { code: 'JOB_FAILED', messages: { 'zh-CN': '失败', en: 'failed' } } })
      .returning();
    return job.id;
  };
  owned.foreignFile = (await upload(await t.login(foreignUserB.username, foreignUserB.password), { name: '乙集团材料.pdf', bytes: samplePdf('B') })).json().id;
  owned.groupAFile = (await upload(await t.login(groupUser.username, groupUser.password), { name: '甲集团员工材料.pdf', bytes: samplePdf('A') })).json().id;
  owned.foreignJob = await failedJob(groupB.id, foreignUserB.id);
  owned.groupAJob = await failedJob(groupA.id, groupUser.id);
  const make = async (organisationId: string, role: string) => {
    const user = await buildUser(admin, organisationId, [role]);
    return t.login(user.username, user.password);
  };
  const outsideProvinceA: Org[] = [{ id: ids.provinceB }, { id: ids.groupB }, { id: ids.root }];
  actors = [
    { role: 'department-admin', client: await make(ids.provinceA, 'department-admin'), foreign: outsideProvinceA, foreignUsers: [foreignUserB.id, rootUser.id] },
    { role: 'enterprise-admin', client: await make(ids.groupA, 'enterprise-admin'), foreign: [...outsideProvinceA, { id: ids.provinceA }], foreignUsers: [foreignUserB.id, rootUser.id] },
    { role: 'enterprise-admin (subsidiary)', client: await make(ids.subsidiaryA, 'enterprise-admin'), foreign: [...outsideProvinceA, { id: ids.provinceA }, { id: ids.groupA }, { id: ids.bodyA }], foreignUsers: [foreignUserB.id, groupUser.id] },
    { role: 'employee', client: await make(ids.groupA, 'employee'), foreign: [...outsideProvinceA, { id: ids.provinceA }, { id: ids.subsidiaryA }], foreignUsers: [foreignUserB.id, groupUser.id] },
    { role: 'body-admin', client: await make(ids.bodyA, 'body-admin'), foreign: [...outsideProvinceA, { id: ids.groupA }], foreignUsers: [foreignUserB.id, groupUser.id] },
    { role: 'expert', client: await make(ids.bodyA, 'expert'), foreign: [...outsideProvinceA, { id: ids.groupA }], foreignUsers: [foreignUserB.id, groupUser.id] },
  ];
}, 120_000);
afterAll(() => t?.close());

// Pilot filing and work plans: province B's accepted pilot and group B's published plan.
let pilotPlanFixture: PilotPlanFixture;
/** A running notice of 乙集团 (notices-authorization-cases.ts). */
let noticeFixture: NoticeFixture;
beforeAll(async () => {
  pilotPlanFixture = await buildPilotPlanFixture(t, await t.admin(), ids.provinceB, ids.groupB);
  noticeFixture = await buildNoticeFixture(t, pilotPlanFixture.planId, ids.groupB);
}, 120_000);

// Certificates, issue batches and national uploads: group B's certificate and upload batch.
let certificateFixture: CertificateFixture;
beforeAll(async () => {
  certificateFixture = await buildCertificateFixture(t, await t.admin(), ids.groupB, pilotPlanFixture.planId);
}, 120_000);

// Appointments: group B's certificate holder, appointed and signed.
let appointmentFixture: AppointmentFixture;
beforeAll(async () => {
  while (!certificateFixture) await new Promise((resolve) => setTimeout(resolve, 10));
  appointmentFixture = await buildAppointmentFixture(t, await t.admin(), ids.groupB, certificateFixture.certificateId);
}, 120_000);

// Review: a committee of 乙集团's evaluation body (review-authorization-cases.ts).
let reviewFixture: ReviewFixture;
beforeAll(async () => {
  while (!pilotPlanFixture) await new Promise((resolve) => setTimeout(resolve, 10));
  reviewFixture = await buildReviewFixture(t, await t.admin(), pilotPlanFixture.planId, ids.groupB);
}, 120_000);

// Register, applications, screening, bans and notifications: 乙集团's applicant (applications-authorization-cases.ts).
let applicationsFixture: ApplicationsFixture;
beforeAll(async () => {
  while (!pilotPlanFixture) await new Promise((resolve) => setTimeout(resolve, 10));
  applicationsFixture = await buildApplicationsFixture(t, await t.admin(), pilotPlanFixture.planId, ids.groupB);
}, 120_000);

// Sanctions (六(四)): a suspension of 乙集团, beside the application, ban, certificate and committee above.
let sanctionsFixture: SanctionsFixture;
beforeAll(async () => {
  sanctionsFixture = await buildSanctionsFixture(t, ids.groupB, ids.provinceB);
}, 120_000);
// Evidence flags: a flag between two applications of 乙集团 (evidence-authorization-cases.ts).
let evidenceFixture: EvidenceFixture;
beforeAll(async () => {
  while (!applicationsFixture) await new Promise((resolve) => setTimeout(resolve, 10));
  evidenceFixture = await buildEvidenceFixture(t, ids.groupB, applicationsFixture.applicationId);
}, 120_000);

/**
 * Every table of the database, row by row (as text, sorted), except what the cases' allowed calls
 * and the sessions themselves change: the files each actor uploads (POST /files), the audit entries
 * of those uploads and of allowed unmasked views, the sessions' last-seen times.
 */
const SNAPSHOT_SKIPS: Record<string, string> = {
  files: 'every actor uploads a file of its own (POST /api/v1/files)',
  file_blobs: 'the encrypted bytes of those uploads (on PostgreSQL the blobs are rows)',
  file_blob_chunks: 'the encrypted bytes of those uploads (on PostgreSQL the blobs are rows)',
  audit_log: 'allowed calls are audited (uploads, unmasked views)',
  sessions: 'each request renews its session',
  jurisdiction_settings: 'a provincial department sets its own area’s row (POST /api/v1/jurisdiction-settings); the case checks it is its own',
  rate_limit_counters: 'rate-limited routes count every request, refused ones too (POST /api/v1/files, the public look-ups)',
};
// Two actors whose reach is granted by the data, not by the tree: an industry body of province A
// commissioned by 乙集团's plan (it may review that plan, and reach nothing else of 乙集团), and an
// expert of 乙集团's evaluation body sitting on an open committee with a recusal (a conflict) on one
// of its candidates (it may see and score the others, never that one).
interface SpecialFixture {
  bodyId: string;
  commissionId: string;
  committeeId: string;
  conflictedApplicationId: string;
  otherApplicationId: string;
  fileId: string;
  commissioned: TestClient;
  conflicted: TestClient;
}
let special: SpecialFixture;
beforeAll(async () => {
  while (!reviewFixture) await new Promise((resolve) => setTimeout(resolve, 10));
  const admin = await t.admin();
  const db = t.handle.db;
  const created = await admin.post('/api/v1/organisations', { parentId: ids.provinceA, kind: 'evaluation-body', name: '甲省机械行业协会考评机构', bodyType: 'industry' });
  if (created.statusCode !== 201) throw new Error(`commissioned body: ${created.body}`);
  const [body] = await db.select().from(organisations).where(eq(organisations.id, created.json().id));
  const [groupB] = await db.select().from(organisations).where(eq(organisations.id, ids.groupB));
  const [commission] = await db
    .insert(reviewCommissions)
    .values({ planId: pilotPlanFixture.planId, enterpriseId: groupB.id, enterprisePath: groupB.path, bodyId: body.id, bodyPath: body.path, planTitle: '乙集团方案', enterpriseName: groupB.name })
    .returning();
  const bodyAdmin = await buildUser(admin, body.id, ['body-admin']);

  // The conflicted expert: a member of an open committee of 乙集团's own body, recused from one candidate.
  const [bodyB] = await db.select().from(organisations).where(eq(organisations.id, reviewFixture.bodyId));
  const expertUser = await buildUser(admin, bodyB.id, ['expert']);
  const [expert] = await db.insert(reviewExperts).values({ bodyId: bodyB.id, bodyPath: bodyB.path, name: '回避专家', userId: expertUser.id }).returning();
  const [committee] = await db
    .insert(reviewCommittees)
    .values({ commissionId: reviewFixture.commissionId, planId: pilotPlanFixture.planId, bodyId: bodyB.id, bodyPath: bodyB.path, enterprisePath: groupB.path, name: '乙集团第二评审委员会', occupationCodes: ['6-18-02-04'], status: 'scoring' })
    .returning();
  await db.insert(reviewMembers).values([
    { committeeId: committee.id, expertId: expert.id, isChair: false },
    { committeeId: committee.id, expertId: reviewFixture.expertId, isChair: true },
  ]);
  const conflictedApplicationId = randomUUID();
  const otherApplicationId = randomUUID();
  const fileId = randomUUID();
  await db.insert(reviewCandidates).values([
    { committeeId: committee.id, applicationId: conflictedApplicationId, version: 1, name: '回避对象', idNumberMasked: '2301**********0031', occupationCode: '6-18-02-04', priority: false, content: {}, evidenceFileIds: [fileId] },
    { committeeId: committee.id, applicationId: otherApplicationId, version: 1, name: '其他申报人', idNumberMasked: '2301**********0051', occupationCode: '6-18-02-04', priority: false, content: {}, evidenceFileIds: [] },
  ]);
  await db.insert(reviewRecusals).values({ committeeId: committee.id, expertId: expert.id, applicationId: conflictedApplicationId, reason: 'relative', source: 'declared', note: '近亲属' });

  special = {
    bodyId: body.id,
    commissionId: commission.id,
    committeeId: committee.id,
    conflictedApplicationId,
    otherApplicationId,
    fileId,
    commissioned: await t.login(bodyAdmin.username, bodyAdmin.password),
    conflicted: await t.login(expertUser.username, expertUser.password),
  };
  const everyOrganisation: Org[] = [{ id: ids.root }, { id: ids.provinceA }, { id: ids.provinceB }, { id: ids.groupA }, { id: ids.subsidiaryA }, { id: ids.bodyA }, { id: ids.groupB }];
  actors.push(
    { role: 'body-admin (commissioned)', client: special.commissioned, foreign: everyOrganisation, foreignUsers: [ids.foreignUserB, ids.rootUser, ids.groupUser] },
    { role: 'expert (conflicted)', client: special.conflicted, foreign: everyOrganisation, foreignUsers: [ids.foreignUserB, ids.rootUser, ids.groupUser] },
  );
}, 120_000);

async function snapshot() {
  const tables = (await t.handle.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`)) as unknown as {
    rows: { table_name: string }[];
  };
  const digest: Record<string, string> = {};
  for (const { table_name: table } of tables.rows) {
    if (table in SNAPSHOT_SKIPS) continue;
    const rows = (await t.handle.db.execute(sql.raw(`select md5(coalesce(string_agg(row_text, E'\n' order by row_text), '')) as digest, count(*)::int as count from (select t::text as row_text from "${table}" t) rows`))) as unknown as {
      rows: { digest: string; count: number }[];
    };
    digest[table] = `${rows.rows[0].count}:${rows.rows[0].digest}`;
  }
  const orgRows = await t.handle.db.select().from(organisations);
  const userRows = await t.handle.db.select().from(users);
  digest.organisations = JSON.stringify(orgRows.map((row) => ({ ...row, updatedAt: undefined })).sort((a, b) => a.id.localeCompare(b.id)));
  digest.users = JSON.stringify(userRows.map((row) => ({ ...row, lastLoginAt: undefined, failedLogins: undefined })).sort((a, b) => a.id.localeCompare(b.id)));
  return digest;
}

const refused = (status: number) => status === 403 || status === 404;
/** Administrators at or above 甲集团 may read what its employees uploaded or started; nobody else may. */
const readsGroupA = (actor: Actor) => actor.role === 'department-admin' || actor.role === 'enterprise-admin';

type Case = (actor: Actor) => Promise<void>;

const cases: Record<string, Case> = {
  'POST /api/v1/auth/login': async () => {
    // Public by design; proven in auth.test.ts.
  },
  'POST /api/v1/auth/logout': async () => {
    // Acts on the caller's own session only; proven in auth.test.ts.
  },
  'POST /api/v1/auth/password': async () => {
    // Acts on the caller's own account only; proven in auth.test.ts.
  },
  'GET /api/v1/me': async (actor) => {
    const me = (await actor.client.get('/api/v1/me')).json();
    expect(me.id).toBe(actor.client.me.id);
  },
  'GET /api/v1/me/first-steps': async (actor) => {
    // The caller's own checklist: counts inside its own subtree only; a list for administrators and HR alone.
    const response = await actor.client.get('/api/v1/me/first-steps');
    expect(response.statusCode).toBe(200);
    const audience = response.json().audience;
    if (actor.role === 'system-admin') expect(audience).toBe('administrator');
    else if (actor.role.startsWith('enterprise-admin')) expect(audience).toBe('enterprise');
    else expect(audience).toBeNull();
  },
  'GET /api/v1/organisations': async (actor) => {
    const response = await actor.client.get('/api/v1/organisations');
    if (response.statusCode === 200) {
      const listed = response.json().items.map((item: { id: string }) => item.id);
      for (const org of actor.foreign) expect(listed, `${actor.role} lists a foreign organisation`).not.toContain(org.id);
    } else {
      expect(refused(response.statusCode)).toBe(true);
    }
  },
  'GET /api/v1/organisations/:id': async (actor) => {
    for (const org of actor.foreign) {
      const response = await actor.client.get(`/api/v1/organisations/${org.id}`);
      expect(refused(response.statusCode), `${actor.role} reads ${org.id}: ${response.statusCode}`).toBe(true);
    }
  },
  'POST /api/v1/organisations': async (actor) => {
    for (const org of actor.foreign) {
      const response = await actor.client.post('/api/v1/organisations', { parentId: org.id, kind: 'evaluation-body', name: '越权考评机构', bodyType: 'industry' });
      expect(refused(response.statusCode), `${actor.role} creates under ${org.id}: ${response.statusCode}`).toBe(true);
    }
  },
  'PATCH /api/v1/organisations/:id': async (actor) => {
    for (const org of actor.foreign) {
      const response = await actor.client.patch(`/api/v1/organisations/${org.id}`, { name: '被越权修改' });
      expect(refused(response.statusCode), `${actor.role} edits ${org.id}: ${response.statusCode}`).toBe(true);
    }
  },
  'GET /api/v1/users': async (actor) => {
    const response = await actor.client.get('/api/v1/users');
    if (response.statusCode === 200) {
      const listed = response.json().items.map((item: { id: string }) => item.id);
      for (const id of actor.foreignUsers) expect(listed).not.toContain(id);
    } else {
      expect(refused(response.statusCode)).toBe(true);
    }
    for (const org of actor.foreign) {
      expect(refused((await actor.client.get(`/api/v1/users?organisationId=${org.id}`)).statusCode)).toBe(true);
    }
  },
  'POST /api/v1/users': async (actor) => {
    for (const org of actor.foreign) {
      const response = await actor.client.post('/api/v1/users', { organisationId: org.id, username: `intruder${Math.floor(Math.random() * 1e9)}`, displayName: '越权', roles: ['ministry-admin'], password: 'Password-2021-ok' });
      expect(refused(response.statusCode), `${actor.role} creates a user in ${org.id}: ${response.statusCode}`).toBe(true);
    }
  },
  'PATCH /api/v1/users/:id': async (actor) => {
    for (const id of actor.foreignUsers) {
      const response = await actor.client.patch(`/api/v1/users/${id}`, { disabled: true });
      expect(refused(response.statusCode)).toBe(true);
    }
  },
  'POST /api/v1/users/:id/reset-password': async (actor) => {
    for (const id of actor.foreignUsers) {
      const response = await actor.client.post(`/api/v1/users/${id}/reset-password`);
      expect(refused(response.statusCode)).toBe(true);
    }
  },
  'GET /api/v1/audit': async (actor) => {
    const response = await actor.client.get('/api/v1/audit?limit=500');
    if (response.statusCode === 200) {
      const entries = response.json().items as { organisationId: string | null; targetId: string | null }[];
      const foreignIds = new Set([...actor.foreign.map((org) => org.id), ...actor.foreignUsers]);
      for (const entry of entries) {
        expect(foreignIds.has(entry.organisationId ?? '')).toBe(false);
        expect(foreignIds.has(entry.targetId ?? '')).toBe(false);
      }
    } else {
      expect(refused(response.statusCode)).toBe(true);
    }
    for (const org of actor.foreign) {
      expect(refused((await actor.client.get(`/api/v1/audit?organisationId=${org.id}`)).statusCode)).toBe(true);
    }
  },
  'GET /api/v1/calendars': async (actor) => {
    // The State Council calendars are public facts every user may read.
    expect((await actor.client.get('/api/v1/calendars')).statusCode).toBe(200);
  },
  'GET /api/v1/calendars/:year': async (actor) => {
    expect((await actor.client.get('/api/v1/calendars/2024')).statusCode).toBe(200);
  },
  'PUT /api/v1/calendars/:year': async (actor) => {
    const response = await actor.client.request('PUT', '/api/v1/calendars/2024', { holidays: ['2024-01-01'], workdays: [] });
    expect(response.statusCode, `${actor.role} rewrites a calendar`).toBe(403);
  },
  'GET /api/v1/calendars/status': async (actor) => {
    // Whether the calendar due is held is a public fact; only those who count in working days are reminded, and none of these actors may load.
    const response = await actor.client.get('/api/v1/calendars/status');
    expect(response.statusCode).toBe(200);
    const status = response.json();
    expect(status.canLoad, `${actor.role} may load calendars`).toBe(false);
    const reminded = actor.role === 'department-admin' || actor.role.startsWith('enterprise-admin');
    expect(status.remind, `${actor.role} is reminded`).toBe(reminded && status.missingYear !== null);
  },
  'POST /api/v1/calendars/parse': async (actor) => {
    const response = await actor.client.post('/api/v1/calendars/parse', { text: '国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。' });
    expect(response.statusCode, `${actor.role} reads a notice`).toBe(403);
  },
  'POST /api/v1/calendars/import': async (actor) => {
    const response = await actor.client.post('/api/v1/calendars/import', { content: JSON.stringify({ year: 2024, holidays: ['2024-01-01'], workdays: [] }) });
    expect(response.statusCode, `${actor.role} imports a calendar`).toBe(403);
  },
  'GET /api/v1/workdays/notice-end': async (actor) => {
    expect((await actor.client.get('/api/v1/workdays/notice-end?start=2024-09-27')).json().end).toBe('2024-10-09');
  },
  'GET /api/v1/workdays/count': async (actor) => {
    expect((await actor.client.get('/api/v1/workdays/count?from=2024-10-01&to=2024-10-12')).json().count).toBe(5);
  },
  'POST /api/v1/files': async (actor) => {
    // Every user may upload; the file belongs to the uploader's own organisation, never another.
    const response = await upload(actor.client, { name: '材料.pdf', bytes: samplePdf(actor.role) });
    expect(response.statusCode).toBe(201);
    const [file] = await t.handle.db.query.files.findMany({ where: (table, { eq: equal }) => equal(table.id, response.json().id) });
    expect(file.organisationId).toBe(actor.client.me.organisation.id);
  },
  'GET /api/v1/files/:id': async (actor) => {
    expect(refused((await actor.client.get(`/api/v1/files/${owned.foreignFile}`)).statusCode), `${actor.role} reads 乙集团's file`).toBe(true);
    const groupA = await actor.client.get(`/api/v1/files/${owned.groupAFile}`);
    if (readsGroupA(actor)) expect(groupA.statusCode).toBe(200);
    else expect(refused(groupA.statusCode), `${actor.role} reads a 甲集团 employee's file`).toBe(true);
  },
  'GET /api/v1/jobs/:id': async (actor) => {
    expect(refused((await actor.client.get(`/api/v1/jobs/${owned.foreignJob}`)).statusCode), `${actor.role} reads 乙集团's job`).toBe(true);
    const groupA = await actor.client.get(`/api/v1/jobs/${owned.groupAJob}`);
    if (readsGroupA(actor)) expect(groupA.statusCode).toBe(200);
    else expect(refused(groupA.statusCode), `${actor.role} reads a 甲集团 employee's job`).toBe(true);
  },
  'POST /api/v1/jobs/:id/retry': async (actor) => {
    expect(refused((await actor.client.post(`/api/v1/jobs/${owned.foreignJob}/retry`)).statusCode), `${actor.role} retries 乙集团's job`).toBe(true);
    if (!readsGroupA(actor)) expect(refused((await actor.client.post(`/api/v1/jobs/${owned.groupAJob}/retry`)).statusCode)).toBe(true);
    const [foreign] = await t.handle.db.select().from(jobs).where(eq(jobs.id, owned.foreignJob));
    expect(foreign.status).toBe('failed');
  },
  'GET /api/v1/audit/verify': async (actor) => {
    const response = await actor.client.get('/api/v1/audit/verify');
    if (/^(employee|expert|body-admin)/.test(actor.role)) expect(response.statusCode).toBe(403);
  },
  // Checkpoints of the whole chain: the system administrator's alone (audit:checkpoint).
  'GET /api/v1/audit/checkpoint': async (actor) => {
    const response = await actor.client.get('/api/v1/audit/checkpoint');
    if (actor.role === 'system-admin') expect(response.statusCode).toBe(200);
    else expect(response.statusCode, `${actor.role} makes a checkpoint`).toBe(403);
  },
  'POST /api/v1/audit/verify': async (actor) => {
    const response = await actor.client.post('/api/v1/audit/verify', { checkpoints: '[]' });
    if (actor.role === 'system-admin') expect(response.statusCode).toBe(400); // an empty list: nothing to check against
    else expect(response.statusCode, `${actor.role} verifies against checkpoints`).toBe(403);
  },
};
// The pilot filing, occupation catalogue and work plan routes (test/support/authorization-pilot-cases.ts).
Object.assign(cases, pilotPlanCases(() => pilotPlanFixture));
// The notice routes (test/integration/notices-authorization-cases.ts).
Object.assign(cases, noticeCases(() => noticeFixture));
// Certificates, issuance, settings and the national data upload (test/support/authorization-certificate-cases.ts).
Object.assign(cases, certificateCases(() => certificateFixture, () => t));
// Appointments, studio, treatment, assessment and exit (test/integration/appointments-authorization-cases.ts).
Object.assign(cases, appointmentCases(() => appointmentFixture, () => t));
// Commissions, expert pool, committees, scoring, ballots and the close (test/integration/review-authorization-cases.ts).
Object.assign(cases, reviewCases(() => reviewFixture));
// The register, applications, screening, bans and notifications (test/integration/applications-authorization-cases.ts).
Object.assign(cases, applicationsCases(() => applicationsFixture, () => t));
// The dashboards and their exports (test/integration/statistics-authorization-cases.ts).
Object.assign(cases, statisticsCases());
// Fraud found at any step, bans lifted or corrected, suspensions (test/integration/sanctions-authorization-cases.ts).
Object.assign(
  cases,
  sanctionsCases(
    () => sanctionsFixture,
    () => ({
      applicationId: applicationsFixture.applicationId,
      banId: applicationsFixture.banId,
      certificateId: certificateFixture.certificateId,
      committeeId: special.committeeId,
      committeeApplicationId: special.otherApplicationId,
    }),
    () => t,
  ),
);
// Evidence flags: read and decided only in scope (test/integration/evidence-authorization-cases.ts).
Object.assign(cases, evidenceCases(() => evidenceFixture));
// The holder's own certificates and their verifications (same file).
Object.assign(cases, holderCases(() => certificateFixture.certificateId));

describe('the role × route matrix', () => {
  it('has a case for every route of the API', () => {
    const apiRoutes = t.app.routeTable.filter((route) => route.url.startsWith('/api/v1/')).map((route) => `${route.method} ${route.url}`);
    const missing = apiRoutes.filter((route) => !(route in cases) && !t.app.routeTable.find((r) => `${r.method} ${r.url}` === route)?.public);
    expect(missing, 'routes without a case in the authorization matrix').toEqual([]);
  });

  it('nobody reads or changes another organisation’s data', async () => {
    const before = await snapshot();
    const [{ lastSeq }] = await t.handle.db.select({ lastSeq: sql<number>`coalesce(max(${auditLog.seq}), 0)::int` }).from(auditLog);
    const filesBefore = new Set((await t.handle.db.select({ id: files.id }).from(files)).map((row) => row.id));
    const apiRoutes = t.app.routeTable.filter((route) => route.url.startsWith('/api/v1/'));
    for (const actor of actors) {
      for (const route of apiRoutes) {
        const check = cases[`${route.method} ${route.url}`];
        if (check) await check(actor);
      }
    }
    expect(await snapshot()).toEqual(before);
    // What the skipped tables gained: the actors' own uploads, the provincial department's setting of
    // its own area, and the audit entries of those allowed calls (downloads of files within reach included).
    const added = await t.handle.db.select({ action: auditLog.action }).from(auditLog).where(sql`${auditLog.seq} > ${lastSeq}`);
    expect([...new Set(added.map((entry) => entry.action))].sort()).toEqual(['file.downloaded', 'file.stored', 'jurisdiction.setting-set']);
    const newFiles = (await t.handle.db.select().from(files)).filter((row) => !filesBefore.has(row.id));
    expect([...new Set(newFiles.map((row) => row.uploadedBy))].sort()).toEqual(actors.map((actor) => actor.client.me.id).sort());
    for (const file of newFiles) expect(file.organisationId).toBe(actors.find((actor) => actor.client.me.id === file.uploadedBy)!.client.me.organisation.id);
  });

  it('a commissioned body reaches the plan it was commissioned for and nothing else of the enterprise; a conflicted expert never reaches the candidate', async () => {
    const before = await snapshot();
    const refusedCall = async (label: string, call: Promise<{ statusCode: number; body: string }>) => {
      const response = await call;
      expect(refused(response.statusCode), `${label}: ${response.statusCode} ${response.body}`).toBe(true);
    };
    // The commission is the body's own…
    const commissions = await special.commissioned.get('/api/v1/review/commissions');
    expect(commissions.statusCode).toBe(200);
    expect(commissions.body).toContain(special.commissionId);
    expect(commissions.body).not.toContain(reviewFixture.commissionId);
    // …but the enterprise's register, applications, users, certificates and other committees are not.
    await refusedCall('commissioned body reads the register', special.commissioned.get(`/api/v1/register?enterpriseId=${ids.groupB}`));
    await refusedCall('commissioned body reads the enterprise', special.commissioned.get(`/api/v1/organisations/${ids.groupB}`));
    await refusedCall('commissioned body lists the enterprise users', special.commissioned.get(`/api/v1/users?organisationId=${ids.groupB}`));
    await refusedCall('commissioned body reads a certificate', special.commissioned.get(`/api/v1/certificates/${certificateFixture.certificateId}`));
    await refusedCall('commissioned body reads the other body’s committee', special.commissioned.get(`/api/v1/review/committees/${reviewFixture.committeeId}`));
    await refusedCall('commissioned body reads the conflict committee', special.commissioned.get(`/api/v1/review/committees/${special.committeeId}`));
    await refusedCall('commissioned body forms a committee of another commission', special.commissioned.post('/api/v1/review/committees', { commissionId: reviewFixture.commissionId, name: '越权', occupationCodes: ['6-18-01-01'], memberIds: [reviewFixture.expertId], chairId: reviewFixture.expertId }));
    const applications = await special.commissioned.get(`/api/v1/applications?planId=${pilotPlanFixture.planId}`);
    if (applications.statusCode === 200) expect(applications.json().items ?? []).toEqual([]);
    else expect(refused(applications.statusCode)).toBe(true);

    // The conflicted expert sees the other candidate, not the one it is recused from…
    const committee = `/api/v1/review/committees/${special.committeeId}`;
    const mine = await special.conflicted.get(`${committee}/mine`);
    expect(mine.statusCode, mine.body).toBe(200);
    const seen = (mine.json().candidates as { applicationId: string }[]).map((candidate) => candidate.applicationId);
    expect(seen).toContain(special.otherApplicationId);
    expect(seen).not.toContain(special.conflictedApplicationId);
    // …and can neither read its evidence, nor score it, nor vote on it.
    await refusedCall('conflicted expert reads the evidence', special.conflicted.get(`${committee}/candidates/${special.conflictedApplicationId}/files/${special.fileId}`));
    const score = await special.conflicted.request('PUT', `${committee}/scores/${special.conflictedApplicationId}`, { scores: { performance: 90, innovation: 90, mentoring: 90, defence: 90 } });
    expect(score.statusCode, score.body).toBe(403);
    expect(score.json().code).toBe('REVIEW_CONFLICTED');
    const vote = await special.conflicted.request('PUT', `${committee}/votes/${special.conflictedApplicationId}`, { vote: 'approve' });
    expect([403, 409]).toContain(vote.statusCode);
    await refusedCall('conflicted expert reads the summary', special.conflicted.get(`${committee}/summary`));
    await refusedCall('conflicted expert closes scoring', special.conflicted.post(`${committee}/close-scoring`));
    await refusedCall('conflicted expert lifts the recusal by declaring for another', special.conflicted.post(`${committee}/recusals`, { expertId: reviewFixture.expertId, applicationId: special.otherApplicationId, reason: 'relative' }));
    expect(await snapshot()).toEqual(before);
  });

  it('employees and experts hold no administrative permission', async () => {
    for (const actor of actors.filter((candidate) => candidate.role === 'employee' || candidate.role.startsWith('expert'))) {
      expect((await actor.client.get('/api/v1/organisations')).statusCode).toBe(403);
      expect((await actor.client.get('/api/v1/users')).statusCode).toBe(403);
      expect((await actor.client.get('/api/v1/audit')).statusCode).toBe(403);
      // …but may read their own organisation.
      expect((await actor.client.get(`/api/v1/organisations/${actor.client.me.organisation.id}`)).statusCode).toBe(200);
    }
  });
});
