// 证明材料指纹 (issue 20): every submitted application's evidence files (SHA-256) and certificate and
// award numbers are compared with every other applicant's, in any enterprise. The same file or the
// same number under two different applicants flags both sides for both enterprises' HR and the
// departments above them, with the other organisation's applicant masked; the same applicant using
// their own file again is not flagged. A flag is a suspicion: each side is cleared by its own people,
// fraud is found through the fraud module, which the flag then shows.
import fs from 'node:fs';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../src/db/client.ts';
import { auditLog, jobs } from '../../src/db/schema.ts';
import { FINGERPRINT_BACKFILL_JOB } from '../../src/modules/applications/fingerprint-backfill.ts';
import { evidenceFingerprints, evidenceFlags, evidenceFlagSides } from '../../src/modules/evidence/tables.ts';
import { wakeJobRunners } from '../../src/platform/jobs.ts';
import { buildProvince } from '../support/factories.ts';
import { samplePdf, upload } from '../support/files.ts';
import { currentYear, departmentAdmin, pilotGroup } from '../support/pilot-factories.ts';
import { createTestApp, TestClient, type TestApp } from '../support/test-app.ts';
import { completeContent, importRegister, openPlan, goodRow, registerWorkbook, SCREENING_CONDITIONS, confirmingReview } from './applications-fixtures.ts';

interface Enterprise {
  setup: Awaited<ReturnType<typeof pilotGroup>>;
  planId: string;
  department: TestClient;
}

interface Flag {
  id: string;
  kind: 'file' | 'number';
  display: string;
  open: boolean;
  sides: {
    applicationId: string;
    readable: boolean;
    name: string;
    idNumberMasked: string | null;
    organisationName: string;
    field: string;
    fileId: string | null;
    fileName: string | null;
    status: string;
    note: string | null;
    fraudFound: boolean;
    allowedActs: string[];
  }[];
}

let t: TestApp;
let a: Enterprise;
let b: Enterprise;
const year = currentYear();

/** A register row of a person of their own (own ID number, own qualification certificate number). */
function person(sequence: number, name: string) {
  return goodRow(sequence, { name, certificateNumber: `Y0000230000011010${String(sequence).padStart(5, '0')}` });
}

const people = {
  a1: person(11, '张三丰'),
  a2: person(12, '李四海'),
  a3: person(13, '王五岳'),
  b1: person(21, '赵六合'),
  b2: person(22, '钱七星'),
};

async function enterprise(admin: TestClient, provinceCode: string, rows: ReturnType<typeof person>[]): Promise<Enterprise> {
  const province = await buildProvince(admin, { provinceCode });
  const setup = await pilotGroup(t, admin, province.id, year);
  const planId = await openPlan(t, setup.hr, setup.body.id);
  if (rows.length) {
    const job = await importRegister(setup.hr, await registerWorkbook(rows));
    expect(job.result).toMatchObject({ outcome: 'imported' });
  }
  return { setup, planId, department: await departmentAdmin(t, admin, province.id) };
}

const clients: Record<string, TestClient> = {};
async function account(of: Enterprise, key: keyof typeof people) {
  const list = (await of.setup.hr.get(`/api/v1/register?q=${encodeURIComponent(people[key].name!)}`)).json();
  const username = `ev-${key}-${Math.floor(Math.random() * 1e6)}`;
  const response = await of.setup.hr.post(`/api/v1/register/${list.items[0].id}/user`, { username });
  if (response.statusCode !== 201) throw new Error(`account: ${response.body}`);
  clients[key] = await TestClient.firstLogIn(t.app, username, response.json().initialPassword, 'Password-2021-ok');
}

/** Uploads bytes as the client: its own upload (a new file row even when the bytes are someone else's). */
async function file(client: TestClient, bytes: Buffer, name = '扫描件.pdf') {
  const response = await upload(client, { name, bytes });
  expect(response.statusCode, response.body).toBe(201);
  return { fileId: response.json().id as string, name };
}

/** A complete form whose every section has the applicant's own scan, except where `shared` is given. */
async function content(client: TestClient, key: keyof typeof people, options: { qualificationFile?: { fileId: string; name: string }; awardNumber?: string } = {}) {
  const own = await file(client, samplePdf(`own scan of ${key} ${Math.random()}`));
  const base = await completeContent(client);
  return {
    ...base,
    identity: { ...base.identity, name: people[key].name },
    qualification: { ...base.qualification, certificateNumber: people[key].certificateNumber, evidence: [options.qualificationFile ?? own] },
    post: { ...base.post, evidence: [own] },
    achievements: base.achievements.map((entry) => ({ ...entry, evidence: [own] })),
    honours: base.honours.map((entry) => ({ ...entry, certificateNumber: options.awardNumber ?? null, evidence: [own] })),
    health: { ...base.health, evidence: [own] },
    integrity: { ...base.integrity, evidence: [own] },
  };
}

async function applyAndSubmit(of: Enterprise, key: keyof typeof people, options: Parameters<typeof content>[2] = {}) {
  const client = clients[key];
  const draft = await client.post('/api/v1/applications', { planId: of.planId });
  expect(draft.statusCode, draft.body).toBe(201);
  const id = draft.json().id as string;
  const saved = await client.patch(`/api/v1/applications/${id}`, { revision: draft.json().revision, content: await content(client, key, options) });
  expect(saved.statusCode, saved.body).toBe(200);
  const submitted = await client.post(`/api/v1/applications/${id}/submit`, { revision: saved.json().revision });
  expect(submitted.statusCode, submitted.body).toBe(200);
  return id;
}

async function flagsOf(client: TestClient, query = ''): Promise<Flag[]> {
  const response = await client.get(`/api/v1/evidence-flags${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items;
}

async function notificationsOf(client: TestClient): Promise<{ kind: string; title: Record<string, string>; body: Record<string, string>; link: string | null }[]> {
  return (await client.get('/api/v1/notifications?limit=100')).json().items;
}

const scan = samplePdf('一份国家级技能大赛获奖证书的扫描件');
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.admin();
  a = await enterprise(admin, '23', [people.a1, people.a2, people.a3]);
  b = await enterprise(admin, '22', [people.b1, people.b2]);
  for (const key of ['a1', 'a2', 'a3'] as const) await account(a, key);
  for (const key of ['b1', 'b2'] as const) await account(b, key);
}, 240_000);
afterAll(() => t?.close());

describe('the same evidence file under two applicants in two enterprises', () => {
  it('flags both applications for both HRs and both departments, the other organisation’s applicant masked', async () => {
    ids.a1 = await applyAndSubmit(a, 'a1', { qualificationFile: await file(clients.a1, scan, '技能大赛获奖证书.pdf') });
    expect(await flagsOf(a.setup.hr)).toEqual([]);
    // B1 uploads the very same bytes as their own file (another name, another file row).
    ids.b1 = await applyAndSubmit(b, 'b1', { qualificationFile: await file(clients.b1, scan, '证书.pdf') });

    const seenByA = await flagsOf(a.setup.hr, `?applicationId=${ids.a1}`);
    expect(seenByA).toHaveLength(1);
    const flag = seenByA[0];
    expect(flag).toMatchObject({ kind: 'file', open: true });
    const [sideA, sideB] = [flag.sides.find((side) => side.applicationId === ids.a1)!, flag.sides.find((side) => side.applicationId === ids.b1)!];
    expect(sideA).toMatchObject({ readable: true, name: '张三丰', field: 'qualification', fileName: '技能大赛获奖证书.pdf', status: 'open', allowedActs: ['clear'] });
    expect(sideA.idNumberMasked).toMatch(/\*/);
    // The other enterprise's applicant: surname and stars, no number, no file, nothing to decide.
    expect(sideB).toMatchObject({ readable: false, name: '赵**', idNumberMasked: null, fileId: null, fileName: null, allowedActs: [], organisationName: b.setup.group.name });
    expect(JSON.stringify(seenByA)).not.toContain('赵六合');

    // HR of B sees the same flag the other way round.
    const seenByB = await flagsOf(b.setup.hr);
    expect(seenByB.map((item) => item.id)).toEqual([flag.id]);
    const bView = seenByB[0].sides;
    expect(bView.find((side) => side.applicationId === ids.b1)).toMatchObject({ readable: true, name: '赵六合', fileName: '证书.pdf' });
    expect(bView.find((side) => side.applicationId === ids.a1)).toMatchObject({ readable: false, name: '张**', idNumberMasked: null });
    expect(JSON.stringify(seenByB)).not.toContain('张三丰');

    // Each province's department sees it, its own enterprise's applicant in full, the other masked.
    const seenByDepartmentA = await flagsOf(a.department);
    expect(seenByDepartmentA.map((item) => item.id)).toEqual([flag.id]);
    expect(seenByDepartmentA[0].sides.map((side) => side.name).sort()).toEqual(['张三丰', '赵**'].sort());
    const seenByDepartmentB = await flagsOf(b.department, '?status=open');
    expect(seenByDepartmentB[0].sides.map((side) => side.name).sort()).toEqual(['张**', '赵六合'].sort());
    // The ministry reads both in full.
    const ministry = await flagsOf(await t.admin());
    expect(ministry.find((item) => item.id === flag.id)!.sides.map((side) => side.name).sort()).toEqual(['张三丰', '赵六合'].sort());

    // The applicants themselves see nothing of it.
    expect((await clients.b1.get('/api/v1/evidence-flags')).statusCode).toBe(403);
    expect((await clients.a1.get(`/api/v1/evidence-flags/${flag.id}`)).statusCode).toBe(403);

    // Notified: both HRs and both departments, linked to the flag, with no one's name.
    for (const client of [a.setup.hr, b.setup.hr, a.department, b.department]) {
      const notices = (await notificationsOf(client)).filter((item) => item.kind === 'evidence.flagged');
      expect(notices).toHaveLength(1);
      expect(notices[0].link).toBe(`/evidence-flags?flag=${flag.id}`);
      expect(notices[0].title['zh-CN']).toBe('发现疑似重复使用的证明材料');
      expect(notices[0].body['zh-CN']).toContain(a.setup.group.name);
      expect(notices[0].body['zh-CN']).toContain(b.setup.group.name);
      for (const name of ['张三丰', '赵六合', '张**', '赵**']) expect(JSON.stringify(notices[0])).not.toContain(name);
    }
    for (const client of [clients.a1, clients.b1]) expect((await notificationsOf(client)).filter((item) => item.kind === 'evidence.flagged')).toEqual([]);

    // One audit entry, on the side that submitted last, without names.
    const entries = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'evidence.flagged'), eq(auditLog.targetId, flag.id)));
    expect(entries).toHaveLength(1);
    expect(entries[0].after).toMatchObject({ kind: 'file', applicationId: ids.b1, otherApplicationId: ids.a1, field: 'qualification', otherField: 'qualification' });
    expect(JSON.stringify(entries[0].after)).not.toMatch(/张三丰|赵六合/);
  });

  it('outside both scopes the flag is not found', async () => {
    const admin = await t.admin();
    const third = await enterprise(admin, '21', []);
    expect(await flagsOf(third.setup.hr)).toEqual([]);
    expect(await flagsOf(third.department)).toEqual([]);
    const [flag] = await flagsOf(a.setup.hr, `?applicationId=${ids.a1}`);
    expect((await third.setup.hr.get(`/api/v1/evidence-flags/${flag.id}`)).statusCode).toBe(404);
    expect((await third.department.post(`/api/v1/evidence-flags/${flag.id}/sides/${ids.a1}/clear`, { note: '越权排除' })).statusCode).toBe(404);
  });
});

describe('the same award number', () => {
  it('is flagged however it is written, with the number masked', async () => {
    ids.a2 = await applyAndSubmit(a, 'a2', { awardNumber: 'JN-2018-0012345' });
    ids.b2 = await applyAndSubmit(b, 'b2', { awardNumber: 'jn 2018 0012345' });
    const flags = await flagsOf(b.setup.hr, `?applicationId=${ids.b2}`);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: 'number', display: 'JN20******345' });
    const sides = flags[0].sides;
    expect(sides.find((side) => side.applicationId === ids.a2)).toMatchObject({ readable: false, name: '李**', field: 'honours.national-technical-expert' });
    expect(sides.find((side) => side.applicationId === ids.b2)).toMatchObject({ readable: true, name: '钱七星', field: 'honours.national-technical-expert', fileId: null });
    // No file of theirs is shared: the one flag is the number's.
    expect((await flagsOf(a.setup.hr, `?applicationId=${ids.a2}`)).map((flag) => flag.kind)).toEqual(['number']);
  });
});

describe('the same applicant', () => {
  it('re-uploading their own file after a return, and using one file in several places, is not flagged', async () => {
    const mine = samplePdf('王五岳的高级技师证书');
    ids.a3 = await applyAndSubmit(a, 'a3', { qualificationFile: await file(clients.a3, mine) });
    expect(await flagsOf(a.setup.hr, `?applicationId=${ids.a3}`)).toEqual([]);
    const returned = await a.setup.hr.post(`/api/v1/applications/${ids.a3}/return`, { comment: '请补充上传岗位聘任文件的清晰扫描件' });
    expect(returned.statusCode, returned.body).toBe(200);
    // Uploaded again (a new file row with the same bytes), and used for the post too.
    const again = await file(clients.a3, mine, '高级技师证书（重新上传）.pdf');
    const current = (await clients.a3.get(`/api/v1/applications/${ids.a3}`)).json();
    const saved = await clients.a3.patch(`/api/v1/applications/${ids.a3}`, {
      revision: current.revision,
      content: { ...current.content, identity: { ...current.content.identity }, qualification: { ...current.content.qualification, evidence: [again] }, post: { ...current.content.post, evidence: [again] } },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const resubmitted = await clients.a3.post(`/api/v1/applications/${ids.a3}/submit`, { revision: saved.json().revision });
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    expect(await flagsOf(a.setup.hr, `?applicationId=${ids.a3}`)).toEqual([]);
  });
});

describe('deciding a flag', () => {
  it('each side is cleared by its own HR or department with a reason, audited; fraud is found on the application and shown', async () => {
    const [flag] = await flagsOf(a.setup.hr, `?applicationId=${ids.a1}`);
    // HR of A may not decide B's side: it does not even read it.
    expect((await a.setup.hr.post(`/api/v1/evidence-flags/${flag.id}/sides/${ids.b1}/clear`, { note: '不是我方人员' })).statusCode).toBe(404);
    const cleared = await a.setup.hr.post(`/api/v1/evidence-flags/${flag.id}/sides/${ids.a1}/clear`, { note: '经核实，该扫描件为本人原件扫描，原件已查验' });
    expect(cleared.statusCode, cleared.body).toBe(200);
    const after = cleared.json() as Flag;
    expect(after.sides.find((side) => side.applicationId === ids.a1)).toMatchObject({ status: 'cleared', note: '经核实，该扫描件为本人原件扫描，原件已查验', allowedActs: ['reopen'] });
    expect(after.open).toBe(true);
    // Cleared twice: the life cycle refuses.
    expect((await a.setup.hr.post(`/api/v1/evidence-flags/${flag.id}/sides/${ids.a1}/clear`, { note: '再次排除' })).statusCode).toBe(409);
    // B's side shows A's decision as a state, not A's note.
    const bSide = (await flagsOf(b.setup.hr)).find((item) => item.id === flag.id)!.sides.find((side) => side.applicationId === ids.a1)!;
    expect(bSide).toMatchObject({ status: 'cleared', note: null });
    const entries = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'evidence.flag-cleared'), eq(auditLog.targetId, flag.id)));
    expect(entries).toHaveLength(1);

    // B's HR finds fraud on its applicant through the fraud module; the flag shows the finding.
    for (const condition of SCREENING_CONDITIONS) {
      const reviewed = await b.setup.hr.post(`/api/v1/applications/${ids.b1}/conditions/${condition}/review`, confirmingReview(condition));
      expect(reviewed.statusCode, reviewed.body).toBe(200);
    }
    const proof = await file(b.setup.hr, samplePdf('获奖证书核查函：颁奖单位无此获奖记录'));
    const found = await b.setup.hr.post(`/api/v1/applications/${ids.b1}/fraud`, { findings: '获奖证书为他人证书的复制件，颁奖单位复函无此记录', evidenceFileIds: [proof.fileId], confirm: true });
    expect(found.statusCode, found.body).toBe(201);
    const shown = (await b.setup.hr.get(`/api/v1/evidence-flags/${flag.id}`)).json() as Flag & { sides: { fraudFindingId: string | null }[] };
    expect(shown.sides.find((side) => side.applicationId === ids.b1)).toMatchObject({ fraudFound: true, fraudFindingId: found.json().id });
    // A's HR learns that fraud was found on the other side, not the finding itself.
    const aView = (await a.setup.hr.get(`/api/v1/evidence-flags/${flag.id}`)).json() as Flag & { sides: { fraudFindingId: string | null }[] };
    expect(aView.sides.find((side) => side.applicationId === ids.b1)).toMatchObject({ fraudFound: true, fraudFindingId: null });

    // The department above B clears B's side too; the flag is then closed.
    const closed = await b.department.post(`/api/v1/evidence-flags/${flag.id}/sides/${ids.b1}/clear`, { note: '已按弄虚作假处理，疑点结案' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().open).toBe(false);
    expect((await flagsOf(a.department, '?status=open')).map((item) => item.id)).not.toContain(flag.id);
    expect((await flagsOf(a.department, '?status=cleared')).map((item) => item.id)).toContain(flag.id);
    // Reopened with a reason.
    const reopened = await a.setup.hr.post(`/api/v1/evidence-flags/${flag.id}/sides/${ids.a1}/reopen`, { note: '对方已认定弄虚作假，重新核查本方材料' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json().open).toBe(true);
  });
});

describe('applications submitted before fingerprints existed (migration 0019)', () => {
  it('are fingerprinted once by a job the upgrade queues, and flagged as a submission would have been', async () => {
    const db = t.handle.db;
    // As a database from before migration 0017 holds them: A2 and B2 (the shared award number) have no fingerprints and no flag.
    const pair = [ids.a2, ids.b2];
    const old = await db.select({ id: evidenceFlags.id }).from(evidenceFlags).where(or(inArray(evidenceFlags.firstApplicationId, pair), inArray(evidenceFlags.secondApplicationId, pair)));
    expect(old).toHaveLength(1);
    await db.delete(evidenceFlagSides).where(eq(evidenceFlagSides.flagId, old[0].id));
    await db.delete(evidenceFlags).where(eq(evidenceFlags.id, old[0].id));
    await db.delete(evidenceFingerprints).where(inArray(evidenceFingerprints.applicationId, pair));
    expect(await flagsOf(b.setup.hr, `?applicationId=${ids.b2}`)).toEqual([]);

    // The upgrade: migration 0019 as the migrator runs it.
    const migration = fs.readFileSync(`${migrationsFolder}/0019_fingerprint_backfill.sql`, 'utf8');
    await db.execute(sql.raw(migration));
    const queued = await db.select().from(jobs).where(eq(jobs.kind, FINGERPRINT_BACKFILL_JOB));
    expect(queued).toHaveLength(1);
    wakeJobRunners();
    await expect.poll(async () => (await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, queued[0].id)))[0].status, { timeout: 30_000 }).toBe('succeeded');
    const [done] = await db.select().from(jobs).where(eq(jobs.id, queued[0].id));
    expect(done.result).toEqual({ applications: 2, flags: 1 });

    // The same flag as at submission: the number masked, the other enterprise's applicant masked.
    const flags = await flagsOf(b.setup.hr, `?applicationId=${ids.b2}`);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: 'number', display: 'JN20******345', open: true });
    expect(flags[0].sides.find((side) => side.applicationId === ids.a2)).toMatchObject({ readable: false, name: '李**' });
    expect((await flagsOf(a.setup.hr, `?applicationId=${ids.a2}`)).map((flag) => flag.id)).toEqual([flags[0].id]);
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'evidence.flagged'), eq(auditLog.targetId, flags[0].id)));
    expect(entry).toMatchObject({ actorId: null, userAgent: `job:${FINGERPRINT_BACKFILL_JOB}` });
    // Every submitted application now has its fingerprints; the migration's statement run again queues nothing more.
    for (const id of [ids.a1, ids.a2, ids.a3, ids.b1, ids.b2]) expect((await db.select().from(evidenceFingerprints).where(eq(evidenceFingerprints.applicationId, id))).length).toBeGreaterThan(0);
    await db.execute(sql.raw(migration));
    expect(await db.select().from(jobs).where(eq(jobs.kind, FINGERPRINT_BACKFILL_JOB))).toHaveLength(1);
  });
});
