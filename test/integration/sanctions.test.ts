// 六(四) of 人社厅发〔2021〕66号: fraud found at any step is sanctioned, and the procedure cannot be
// bypassed. Fraud found at screening (HR), in review (the committee's chair), at the notice (HR: the
// candidate withdrawn from it), after certification
// (HR: the certificate revoked in the same act) and by the supervising department: each voids the
// year (disqualified), records the five-year ban, keeps the finding, and writes its audit entries.
// A ban then refuses the person at the invitation in another enterprise (naming its basis and end),
// until the department lifts it; a department suspends a fraudulent unit's evaluation (no plan, no
// issuance while it runs) and lifts it again.
import { and, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.ts';
import { addDays } from '../../src/domain/calendar-date.ts';
import { banUntil, createBan } from '../../src/modules/bans/service.ts';
import { applications } from '../../src/modules/applications/tables.ts';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { certificates } from '../../src/modules/certificates/tables.ts';
import { appointments } from '../../src/modules/appointments/tables.ts';
import { contextFor } from '../support/actors.ts';
import { certificateEnterprise, holder, residentId } from '../support/certificate-factories.ts';
import { confirmedList } from '../support/confirmed-list.ts';
import { buildProvince, buildUser } from '../support/factories.ts';
import { completePlanContent, currentYear, login, pilotGroup } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { samplePdf, upload } from '../support/files.ts';
import { evidence, goodRow, importRegister, openPlan, registerWorkbook, todayInChina } from './applications-fixtures.ts';
import { buildReviewSetup, scoreAll, type ReviewSetup } from './review-fixtures.ts';
import { recommendedApplicants } from './notices-fixtures.ts';

let t: TestApp;
let admin: TestClient;
let provinceId: string;
let department: TestClient;
let setup: ReviewSetup & { others: Record<string, string> };
const FIRST = 400;
const today = todayInChina();

const applicant = (key: string) => setup.applicants.find((entry) => entry.key === key)!;
const statusOf = async (applicationId: string) => (await t.handle.db.select({ status: applications.status }).from(applications).where(eq(applications.id, applicationId)))[0].status;
/** The audit actions written about these targets, in order. */
const actionsOn = async (...targetIds: string[]) => (await t.handle.db.select().from(auditLog).where(inArray(auditLog.targetId, targetIds)).orderBy(auditLog.seq)).map((entry) => entry.action);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  provinceId = (await buildProvince(admin, { provinceCode: '23' })).id;
  department = await login(t, await buildUser(admin, provinceId, ['department-admin']));
  setup = await buildReviewSetup(t, admin, provinceId, {
    applicants: [
      { key: 'S', department: '总装车间' },
      { key: 'R', department: '机加车间' },
      { key: 'Q', department: '焊接车间' },
    ],
    experts: 7,
    firstSequence: FIRST,
  });
}, 300_000);
afterAll(() => t?.close());

async function finding(client: TestClient, name = '认定材料.pdf') {
  const file = await evidence(client, name);
  return { findings: '经向发证机构核实，申报材料中的获奖证书系伪造。', evidenceFileIds: [file.fileId], confirm: true };
}

describe('fraud found at screening (HR)', () => {
  it('needs findings, evidence and a confirmation; then voids the year, bans for five years and keeps the finding, each audited', async () => {
    const id = applicant('S').applicationId;
    const incomplete = await setup.hr.post(`/api/v1/applications/${id}/fraud`, { findings: '伪造证书的事实', evidenceFileIds: [] });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().errors.map((error: { path: string }) => error.path).sort()).toEqual(['confirm', 'evidenceFileIds']);
    expect((await setup.hr.get(`/api/v1/applications/${id}`)).json().allowedActs).toContain('find-fraud');

    const found = await setup.hr.post(`/api/v1/applications/${id}/fraud`, await finding(setup.hr));
    expect(found.statusCode, found.body).toBe(201);
    expect(found.json()).toMatchObject({ applicationId: id, fromStatus: 'eligible', stage: 'screening', finder: 'enterprise', year: currentYear(), certificateRevoked: false, banUntil: banUntil(today) });
    expect(await statusOf(id)).toBe('disqualified');
    const application = (await setup.hr.get(`/api/v1/applications/${id}`)).json();
    expect(application).toMatchObject({ status: 'disqualified', allowedActs: [] });
    expect(application.events.at(-1)).toMatchObject({ act: 'disqualify', toStatus: 'disqualified', comment: expect.stringContaining('资格审核中认定弄虚作假') });
    const ban = (await setup.hr.get('/api/v1/bans')).json().items.find((item: { sourceId: string }) => item.sourceId === found.json().id);
    expect(ban).toMatchObject({ subjectName: applicant('S').name, sourceType: 'fraud-finding', yearDisqualified: currentYear(), active: true, status: 'effective', fromDate: today, untilDate: banUntil(today) });
    expect(ban.basis).toContain('资格审核中经核实弄虚作假');
    expect(await actionsOn(id, found.json().id, ban.id)).toEqual(expect.arrayContaining(['application.disqualified', 'ban.created', 'fraud.found']));
    expect((await setup.hr.get(`/api/v1/fraud-findings?applicationId=${id}`)).json().items).toHaveLength(1);
    // Nothing more can be found on it; the applicant is told.
    expect((await setup.hr.post(`/api/v1/applications/${id}/fraud`, await finding(setup.hr))).json().code).toBe('FRAUD_NOT_AT_THIS_STEP');
  });
});

describe('fraud found in review (the committee’s chair)', () => {
  let committeeId: string;

  it('is the chair’s while the applicant is in review: HR and the other members are refused', async () => {
    const created = await setup.bodyAdmin.post('/api/v1/review/committees', { commissionId: setup.commissionId, name: '车工评审委员会', occupationCodes: ['6-18-01-01'], memberIds: setup.experts.map((expert) => expert.id), chairId: setup.experts[0].id });
    expect(created.statusCode, created.body).toBe(201);
    committeeId = created.json().id;
    const started = await setup.bodyAdmin.post(`/api/v1/review/committees/${committeeId}/start`);
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json().candidateCount).toBe(2);
    const id = applicant('R').applicationId;
    const byHr = await setup.hr.post(`/api/v1/applications/${id}/fraud`, await finding(setup.hr));
    expect(byHr.statusCode).toBe(403);
    expect(byHr.json()).toMatchObject({ code: 'FRAUD_NOT_AT_THIS_STEP' });
    expect(byHr.json().messages['zh-CN']).toContain('评审委员会主任委员');
    const byMember = await setup.experts[1].client.post(`/api/v1/review/committees/${committeeId}/candidates/${id}/fraud`, await finding(setup.experts[1].client));
    expect(byMember.statusCode).toBe(403);
  });

  it('the chair’s finding takes the candidate out of the review (nobody scores them), disqualifies and bans', async () => {
    const chair = setup.experts[0].client;
    const id = applicant('R').applicationId;
    const found = await chair.post(`/api/v1/review/committees/${committeeId}/candidates/${id}/fraud`, await finding(chair, '答辩核查记录.pdf'));
    expect(found.statusCode, found.body).toBe(201);
    expect(found.json()).toMatchObject({ stage: 'review', finder: 'chair', fromStatus: 'in-review' });
    expect(await statusOf(id)).toBe('disqualified');
    const committee = (await setup.bodyAdmin.get(`/api/v1/review/committees/${committeeId}`)).json();
    expect(committee).toMatchObject({ candidateCount: 1, disqualifiedCandidates: [{ applicationId: id, name: applicant('R').name }] });
    const mine = (await setup.experts[2].client.get(`/api/v1/review/committees/${committeeId}/mine`)).json();
    expect(mine.candidates.map((candidate: { applicationId: string }) => candidate.applicationId)).toEqual([applicant('Q').applicationId]);
    // Scoring closes with the remaining candidate's sheets alone.
    await scoreAll(setup, committeeId, setup.experts, () => 80);
    expect((await chair.post(`/api/v1/review/committees/${committeeId}/close-scoring`)).statusCode).toBe(200);
    // The ban is the enterprise's record (its HR and its department list it).
    const bans = (await department.get('/api/v1/bans')).json().items;
    expect(bans.find((ban: { sourceId: string }) => ban.sourceId === found.json().id)).toMatchObject({ subjectName: applicant('R').name, basis: expect.stringContaining('评审中经核实弄虚作假') });
    expect(await actionsOn(id, found.json().id)).toEqual(expect.arrayContaining(['application.disqualified', 'fraud.found']));
  });
});

describe('fraud found at the notice (HR)', () => {
  it('withdraws the candidate from the running notice, disqualifies and bans; the others stay on it', async () => {
    const other = await pilotGroup(t, admin, (await buildProvince(admin, { name: '辽宁省人力资源和社会保障厅', provinceCode: '21' })).id, currentYear());
    const planId = await openPlan(t, other.hr, other.body.id);
    const [cheat, honest] = await recommendedApplicants(t.handle.db, (username, password) => t.login(username, password), admin, other.group.id, planId, ['孙公示假', '周公示真']);
    const started = await other.hr.post('/api/v1/notices', { planId, startDate: today, contact: '人力资源部 024-00000000' });
    expect(started.statusCode, started.body).toBe(201);
    expect(await statusOf(cheat.applicationId)).toBe('in-notice');

    const found = await other.hr.post(`/api/v1/applications/${cheat.applicationId}/fraud`, await finding(other.hr, '公示期间核查报告.pdf'));
    expect(found.statusCode, found.body).toBe(201);
    expect(found.json()).toMatchObject({ stage: 'notice', finder: 'enterprise', fromStatus: 'in-notice', certificateRevoked: false, banUntil: banUntil(today) });
    expect(await statusOf(cheat.applicationId)).toBe('disqualified');
    expect(await statusOf(honest.applicationId)).toBe('in-notice');
    const notice = (await other.hr.get(`/api/v1/notices/${started.json().id}`)).json();
    expect(notice.candidates.map((candidate: { name: string; status: string }) => `${candidate.name}:${candidate.status}`).sort()).toEqual(['周公示真:in-notice', '孙公示假:withdrawn']);
    expect(notice.events.map((event: { act: string }) => event.act)).toContain('candidate-withdrawn');
    const ban = (await other.hr.get('/api/v1/bans')).json().items.find((item: { sourceId: string }) => item.sourceId === found.json().id);
    expect(ban).toMatchObject({ subjectName: '孙公示假', sourceType: 'fraud-finding', active: true, untilDate: banUntil(today) });
    expect(await actionsOn(cheat.applicationId, found.json().id, ban.id)).toEqual(expect.arrayContaining(['application.disqualified', 'ban.created', 'fraud.found']));
  });
});

describe('fraud found after certification (HR)', () => {
  it('revokes the certificate and bans in one act; the public verification says revoked', async () => {
    const { enterprise, hr, user } = await certificateEnterprise(t, admin, provinceId);
    const list = await confirmedList(t.handle.db, { enterpriseId: enterprise.id, people: [holder(801, { name: '钱伪造' })] });
    const context = await contextFor(t.handle.db, user.id, t.clock);
    const [certificate] = (await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-12-18', planId: list.planId, holders: list.holders as never })).certificates;
    expect(certificate.allowedActs).toContain('find-fraud');
    const found = await hr.post(`/api/v1/certificates/${certificate.id}/fraud`, await finding(hr));
    expect(found.statusCode, found.body).toBe(201);
    expect(found.json()).toMatchObject({ stage: 'after-certification', finder: 'enterprise', fromStatus: 'certified', certificateRevoked: true, certificateId: certificate.id });
    const [row] = await t.handle.db.select().from(certificates).where(eq(certificates.id, certificate.id));
    expect(row).toMatchObject({ status: 'revoked', revocationBasis: 'fraud', revokedOn: today, uploadStatus: 'pending' });
    expect(await statusOf(list.holders[0].applicationId)).toBe('disqualified');
    const verified = await t.app.inject({ method: 'GET', url: `/api/v1/public/certificates/${certificate.code}` });
    expect(verified.json()).toMatchObject({ status: 'revoked', revokedOn: today, basis: 'confirmed-list' });
    expect(await actionsOn(certificate.id, list.holders[0].applicationId, found.json().id)).toEqual(expect.arrayContaining(['certificate.issued', 'certificate.revoked', 'application.disqualified', 'fraud.found']));
    // The revoked certificate allows nothing more; the department sees the finding.
    expect((await hr.post(`/api/v1/certificates/${certificate.id}/fraud`, await finding(hr))).json().code).toBe('FRAUD_NOT_AT_THIS_STEP');
    expect((await department.get(`/api/v1/fraud-findings?certificateId=${certificate.id}`)).json().items).toEqual([expect.objectContaining({ certificateRevoked: true })]);
  });

  it('ends the holder’s open appointment with it', async () => {
    const { enterprise, hr, user } = await certificateEnterprise(t, admin, provinceId);
    const list = await confirmedList(t.handle.db, { enterpriseId: enterprise.id, people: [holder(802, { name: '孙聘任' })] });
    const context = await contextFor(t.handle.db, user.id, t.clock);
    const [certificate] = (await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-12-18', planId: list.planId, holders: list.holders as never })).certificates;
    const drafted = await hr.post('/api/v1/appointments', { certificateId: certificate.id, post: '技能专家', duties: '技术攻关', treatment: '比照正高级', termStart: today, termEnd: addDays(today, 1000) });
    expect(drafted.statusCode, drafted.body).toBe(201);
    expect((await hr.post(`/api/v1/certificates/${certificate.id}/fraud`, await finding(hr))).statusCode).toBe(201);
    const [term] = await t.handle.db.select().from(appointments).where(eq(appointments.certificateId, certificate.id));
    expect(term).toMatchObject({ status: 'ended', exitCategory: 'fraud', endedOn: today });
  });
});

describe('fraud found by the supervising department (at any step)', () => {
  it('disqualifies a confirmed application of an enterprise under it, and is refused outside its scope', async () => {
    const { enterprise } = await certificateEnterprise(t, admin, provinceId);
    const list = await confirmedList(t.handle.db, { enterpriseId: enterprise.id, people: [holder(811, { name: '周监督' })] });
    const id = list.holders[0].applicationId;
    expect((await department.get(`/api/v1/applications/${id}`)).json().allowedActs).toContain('find-fraud');
    const found = await department.post(`/api/v1/applications/${id}/fraud`, await finding(department, '监督检查报告.pdf'));
    expect(found.statusCode, found.body).toBe(201);
    expect(found.json()).toMatchObject({ stage: 'notice', finder: 'department', fromStatus: 'confirmed', foundByOrganisationName: '黑龙江省人力资源和社会保障厅' });
    expect(await statusOf(id)).toBe('disqualified');
    expect(await actionsOn(id, found.json().id)).toEqual(expect.arrayContaining(['application.disqualified', 'fraud.found']));
    // A certificate cannot be issued to it any more.
    const hrUser = await buildUser(admin, enterprise.id, ['enterprise-admin']);
    const refused = await issueCertificates(t.handle.db, await contextFor(t.handle.db, hrUser.id, t.clock), { enterpriseId: enterprise.id, issuedOn: '2024-12-18', planId: list.planId, holders: list.holders as never }).catch((error: { errors: { code: string }[] }) => error);
    expect((refused as { errors: { code: string }[] }).errors.map((error) => error.code)).toEqual(expect.arrayContaining(['APPLICANT_BANNED', 'APPLICATION_NOT_CONFIRMED']));
    // Another province's department reaches nothing.
    const other = await login(t, await buildUser(admin, (await buildProvince(admin, { name: '吉林省人力资源和社会保障厅', provinceCode: '22' })).id, ['department-admin']));
    expect((await other.post(`/api/v1/applications/${applicant('Q').applicationId}/fraud`, await finding(other))).statusCode).toBe(404);
  });
});

describe('a ban is checked at every step, first of all at the invitation', () => {
  let banned: { employeeId: string; hr: TestClient; planId: string; enterpriseId: string };

  it('refuses to invite, or to start a draft for, a person banned in another enterprise, naming the basis and the end; screening shows notBanned not met', async () => {
    // The person found fraudulent at screening (S) is also in another pilot enterprise's register.
    // …in another province: a ban holds across the whole jurisdiction.
    const other = await pilotGroup(t, admin, (await buildProvince(admin, { name: '辽宁省人力资源和社会保障厅', provinceCode: '21' })).id, currentYear());
    const planId = await openPlan(t, other.hr, other.body.id);
    const job = await importRegister(other.hr, await registerWorkbook([goodRow(FIRST, { name: applicant('S').name }), goodRow(FIRST + 90, { name: '清白职工' })]));
    expect((job.result as { outcome: string }).outcome).toBe('imported');
    const rows = (await other.hr.get('/api/v1/register?limit=10')).json().items as { id: string; name: string }[];
    const employeeId = rows.find((row) => row.name === applicant('S').name)!.id;
    banned = { employeeId, hr: other.hr, planId, enterpriseId: other.group.id };
    const invited = await other.hr.post(`/api/v1/application-plans/${planId}/invitations`, { employeeIds: [rows.find((row) => row.name === '清白职工')!.id, employeeId] });
    expect(invited.statusCode, invited.body).toBe(422);
    expect(invited.json()).toMatchObject({ code: 'APPLICANT_BANNED', name: applicant('S').name, until: banUntil(today) });
    expect(invited.json().detail).toContain('资格审核中经核实弄虚作假');
    expect(invited.json().errors).toEqual([expect.objectContaining({ path: 'employeeIds.1', code: 'APPLICANT_BANNED' })]);
    const draft = await other.hr.post('/api/v1/applications', { planId, employeeId });
    expect(draft.statusCode).toBe(422);
    expect(draft.json().code).toBe('APPLICANT_BANNED');
    const candidates = (await other.hr.get(`/api/v1/application-plans/${planId}/candidates?limit=10`)).json().items;
    const screened = candidates.find((candidate: { employeeId: string }) => candidate.employeeId === employeeId);
    expect(screened.outcome).toBe('not-met');
    expect(screened.conditions.find((condition: { id: string }) => condition.id === 'notBanned')).toMatchObject({ state: 'not-met' });
  });

  it('lets the supervising department correct or lift the ban with reasons (audited, shown on the bans page); then the invitation goes through', async () => {
    const ban = (await department.get('/api/v1/bans')).json().items.find((item: { subjectName: string; sourceType: string }) => item.subjectName === applicant('S').name && item.sourceType === 'fraud-finding');
    expect(ban.allowedActs).toEqual(['correct', 'lift']);
    expect((await banned.hr.get('/api/v1/bans')).json().items.every((item: { allowedActs: string[] }) => item.allowedActs.length === 0)).toBe(true);
    expect((await banned.hr.post(`/api/v1/bans/${ban.id}/lift`, { reason: '企业无权撤销' })).statusCode).toBe(403);
    const tooLong = await department.post(`/api/v1/bans/${ban.id}/correct`, { untilDate: addDays(ban.untilDate, 30), reason: '更正期限' });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0].code).toBe('BAN_TOO_LONG');
    const corrected = await department.post(`/api/v1/bans/${ban.id}/correct`, { untilDate: addDays(today, 700), reason: '经复查，按认定时间重新核定禁入期限' });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ untilDate: addDays(today, 700), status: 'effective', changes: [expect.objectContaining({ act: 'corrected', reason: '经复查，按认定时间重新核定禁入期限', before: expect.objectContaining({ untilDate: ban.untilDate }) })] });
    const lifted = await department.post(`/api/v1/bans/${ban.id}/lift`, { reason: '经行政复议，原认定证据不足，撤销禁入' });
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json()).toMatchObject({ status: 'lifted', active: false, liftedOn: today, liftReason: '经行政复议，原认定证据不足，撤销禁入', allowedActs: [] });
    expect(lifted.json().changes.map((change: { act: string }) => change.act)).toEqual(['corrected', 'lifted']);
    expect(await actionsOn(ban.id)).toEqual(['ban.created', 'ban.corrected', 'ban.lifted']);
    expect((await department.post(`/api/v1/bans/${ban.id}/lift`, { reason: '再次撤销' })).json().code).toBe('INVALID_TRANSITION');
    const invited = await banned.hr.post(`/api/v1/application-plans/${banned.planId}/invitations`, { employeeIds: [banned.employeeId] });
    expect(invited.statusCode, invited.body).toBe(200);
  });
});

describe('a ban recorded later stops the person at the next step', () => {
  it('refuses to start the notice with them, and to appoint a holder under one, naming the ban', async () => {
    const other = await pilotGroup(t, admin, (await buildProvince(admin, { name: '吉林省人力资源和社会保障厅', provinceCode: '22' })).id, currentYear());
    const planId = await openPlan(t, other.hr, other.body.id);
    const [first, second] = await recommendedApplicants(t.handle.db, (username, password) => t.login(username, password), admin, other.group.id, planId, ['吴后禁', '郑清白']);
    const hrContext = await contextFor(t.handle.db, other.hr.me.id, t.clock);
    // Fraud found in another enterprise meanwhile: a ban on the first.
    await t.handle.db.transaction((tx) =>
      createBan(tx, hrContext, { subjectType: 'person', idType: 'resident-id', number: first.idNumber, subjectName: '吴后禁', basis: '他处认定申报材料弄虚作假', organisationId: other.group.id, organisationPath: hrContext.actor.organisationPath }),
    );
    const notice = await other.hr.post('/api/v1/notices', { planId, startDate: today, contact: '人力资源部 0431-00000000' });
    expect(notice.statusCode).toBe(422);
    expect(notice.json()).toMatchObject({ code: 'APPLICANT_BANNED', name: '吴后禁', basis: '他处认定申报材料弄虚作假' });
    expect(notice.json().errors).toEqual([expect.objectContaining({ code: 'APPLICANT_BANNED' })]);
    expect(await statusOf(second.applicationId)).toBe('recommended');

    // A holder banned after certification is not appointed.
    const { enterprise, hr, user } = await certificateEnterprise(t, admin, provinceId);
    const list = await confirmedList(t.handle.db, { enterpriseId: enterprise.id, people: [holder(831, { name: '冯后禁' })] });
    const context = await contextFor(t.handle.db, user.id, t.clock);
    const [certificate] = (await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-12-18', planId: list.planId, holders: list.holders as never })).certificates;
    await t.handle.db.transaction((tx) =>
      createBan(tx, context, { subjectType: 'person', idType: 'resident-id', number: holder(831).idNumber, subjectName: '冯后禁', basis: '他处认定弄虚作假', organisationId: enterprise.id, organisationPath: context.actor.organisationPath }),
    );
    const appointed = await hr.post('/api/v1/appointments', { certificateId: certificate.id, post: '技能专家', duties: '技术攻关', treatment: '比照正高级', termStart: today, termEnd: addDays(today, 1000) });
    expect(appointed.statusCode).toBe(422);
    expect(appointed.json()).toMatchObject({ code: 'APPLICANT_BANNED', name: '冯后禁' });
  });
});

describe('a department suspends a fraudulent unit’s evaluation (申报单位弄虚作假)', () => {
  it('refuses plans and issuance while it runs, naming the period; both sides see it; lifting it is audited', async () => {
    const { enterprise, hr, user } = await certificateEnterprise(t, admin, provinceId, { name: '哈尔滨造假机械厂' });
    const list = await confirmedList(t.handle.db, { enterpriseId: enterprise.id, people: [holder(821)] });
    const pastStart = await department.post('/api/v1/suspensions', { enterpriseId: enterprise.id, fromDate: addDays(today, -1), untilDate: addDays(today, -2), findings: '出具虚假业绩证明材料' });
    expect(pastStart.statusCode).toBe(400);
    expect(pastStart.json().errors.map((error: { code: string }) => error.code)).toEqual(['DATE_IN_PAST', 'DATE_RANGE_REVERSED']);
    expect((await hr.post('/api/v1/suspensions', { enterpriseId: enterprise.id, fromDate: today, untilDate: addDays(today, 90), findings: '企业自行暂停' })).statusCode).toBe(403);
    const file = await evidence(department, '调查报告.pdf');
    const suspended = await department.post('/api/v1/suspensions', { enterpriseId: enterprise.id, fromDate: today, untilDate: addDays(today, 180), findings: '该企业为申报人出具虚假业绩证明材料', evidenceFileIds: [file.fileId] });
    expect(suspended.statusCode, suspended.body).toBe(201);
    expect(suspended.json()).toMatchObject({ active: true, status: 'effective', decidedByName: '黑龙江省人力资源和社会保障厅', allowedActs: ['lift'] });

    const issuing = await hr.post('/api/v1/certificate-batches/from-applications', { planId: list.planId, issuedOn: '2024-12-18' });
    expect(issuing.statusCode).toBe(422);
    expect(issuing.json()).toMatchObject({ code: 'EVALUATION_SUSPENDED', from: today, until: addDays(today, 180) });
    expect(issuing.json().detail).toContain('暂停期间不能颁发证书');
    const planning = await hr.post('/api/v1/plans', { year: currentYear() + 1, kind: 'evaluation', content: completePlanContent(currentYear() + 1, enterprise.id) });
    expect(planning.statusCode).toBe(422);
    expect(planning.json().code).toBe('EVALUATION_SUSPENDED');
    // The enterprise sees it (without the act), the department too, on the dashboards as well.
    expect((await hr.get('/api/v1/suspensions')).json().items).toEqual([expect.objectContaining({ id: suspended.json().id, active: true, allowedActs: [] })]);
    expect((await hr.get('/api/v1/statistics/dashboard')).json().suspensions).toEqual([expect.objectContaining({ enterpriseName: '哈尔滨造假机械厂', untilDate: addDays(today, 180) })]);
    expect((await department.get('/api/v1/statistics/dashboard')).json().suspensions.map((row: { id: string }) => row.id)).toContain(suspended.json().id);

    expect((await hr.post(`/api/v1/suspensions/${suspended.json().id}/lift`, { reason: '企业自行解除' })).statusCode).toBe(403);
    const lifted = await department.post(`/api/v1/suspensions/${suspended.json().id}/lift`, { reason: '企业已整改，经核查予以解除' });
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json()).toMatchObject({ status: 'lifted', active: false, liftReason: '企业已整改，经核查予以解除', allowedActs: [] });
    expect(await actionsOn(suspended.json().id)).toEqual(['suspension.created', 'suspension.lifted']);
    const context = await contextFor(t.handle.db, user.id, t.clock);
    const issued = await issueCertificates(t.handle.db, context, { enterpriseId: enterprise.id, issuedOn: '2024-12-18', planId: list.planId, holders: list.holders as never });
    expect(issued.certificates).toHaveLength(1);
    const audit = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'suspension.lifted'), eq(auditLog.targetId, suspended.json().id)));
    expect(audit[0].after).toMatchObject({ status: 'lifted', reason: '企业已整改，经核查予以解除' });
  });

  it('stops a 复核确认 while it runs: no holder confirmed, no notice of the confirmed list; a banned holder is never published', async () => {
    const province = await buildProvince(admin, { name: '江苏省人力资源和社会保障厅', provinceCode: '32' });
    const pilot = await pilotGroup(t, admin, province.id, currentYear());
    const supervisor = await login(t, await buildUser(admin, province.id, ['department-admin']));
    const year = currentYear();
    const created = await pilot.hr.post('/api/v1/plans', { year, kind: 're-review', content: completePlanContent(year, pilot.body.id) });
    expect(created.statusCode, created.body).toBe(201);
    const planId = created.json().id as string;
    expect((await pilot.hr.post(`/api/v1/plans/${planId}/publish`, {})).statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['姓名', '证件类型', '证件号码', '性别', '出生日期', '职业编码', '职业名称', '工种/职业方向']);
    sheet.addRow(['陈早评', '居民身份证', residentId(841), '男', '1975-03-08', '6-18-01-01', '车工', '']);
    sheet.addRow(['林早评', '居民身份证', residentId(842), '女', '1975-03-08', '6-18-01-01', '车工', '']);
    const imported = await pilot.hr.post('/api/v1/re-review/holders/import', { planId, fileName: '复核名单.xlsx', content: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64'), previousEvaluation: '2019年企业特级技师评聘' });
    expect(imported.statusCode, imported.body).toBe(201);
    const [first, second] = imported.json().items as { id: string }[];
    const scan = await upload(pilot.hr, { name: '证书及聘书.pdf', bytes: samplePdf('证书') });
    for (const item of [first, second]) {
      const checked = await pilot.hr.post(`/api/v1/re-review/holders/${item.id}/check`, { qualification: { kind: 'skill-level', certificateNumber: 'Y000032000001101000123', level: 1 }, postSince: '2010-10-31', stillInOccupation: true, evidenceFileIds: [scan.json().id] });
      expect(checked.statusCode, checked.body).toBe(200);
    }
    expect((await pilot.hr.post(`/api/v1/re-review/holders/${first.id}/decision`, { act: 'confirm' })).statusCode).toBe(200);

    const suspended = await supervisor.post('/api/v1/suspensions', { enterpriseId: pilot.group.id, fromDate: today, untilDate: addDays(today, 60), findings: '复核确认材料中的原聘任文件系事后补制', evidenceFileIds: [(await evidence(supervisor, '调查报告.pdf')).fileId] });
    expect(suspended.statusCode, suspended.body).toBe(201);
    const confirming = await pilot.hr.post(`/api/v1/re-review/holders/${second.id}/decision`, { act: 'confirm' });
    expect(confirming.statusCode).toBe(422);
    expect(confirming.json()).toMatchObject({ code: 'EVALUATION_SUSPENDED', until: addDays(today, 60) });
    const noticeUrl = `/api/v1/re-review/plans/${planId}/notices`;
    const publishing = await pilot.hr.post(noticeUrl, { startDate: today, contact: '集团人力资源部 025-00000000' });
    expect(publishing.statusCode).toBe(422);
    expect(publishing.json().code).toBe('EVALUATION_SUSPENDED');
    expect(publishing.json().detail).toContain('暂停期间不能启动公示');
    expect((await supervisor.post(`/api/v1/suspensions/${suspended.json().id}/lift`, { reason: '经核查，原聘任文件属实' })).statusCode).toBe(200);

    // Lifted: the second is confirmed; then a ban recorded elsewhere on the first keeps the list off the notice.
    expect((await pilot.hr.post(`/api/v1/re-review/holders/${second.id}/decision`, { act: 'confirm' })).statusCode).toBe(200);
    const context = await contextFor(t.handle.db, pilot.hr.me.id, t.clock);
    await t.handle.db.transaction((tx) =>
      createBan(tx, context, { subjectType: 'person', idType: 'resident-id', number: residentId(841), subjectName: '陈早评', basis: '他处认定申报材料弄虚作假', organisationId: pilot.group.id, organisationPath: context.actor.organisationPath }),
    );
    const banned = await pilot.hr.post(noticeUrl, { startDate: today, contact: '集团人力资源部 025-00000000' });
    expect(banned.statusCode).toBe(422);
    expect(banned.json()).toMatchObject({ code: 'APPLICANT_BANNED', name: '陈早评', basis: '他处认定申报材料弄虚作假' });
    expect(banned.json().errors).toEqual([expect.objectContaining({ path: 'holders.0', code: 'APPLICANT_BANNED' })]);
    expect((await pilot.hr.get(noticeUrl)).json().items).toEqual([]);
  });
});
