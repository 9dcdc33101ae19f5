import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar-date.ts';
import { listConfirmedApplications } from '../../src/modules/applications/service.ts';
import { applications } from '../../src/modules/applications/tables.ts';
import { cancelNotice, confirmNotice, getNotice, raiseObjection, startNotice } from '../../src/modules/notices/service.ts';
import { contextFor } from '../support/actors.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { samplePdf } from '../support/files.ts';
import { acceptPilot, buildEvaluationBody, currentYear, ensureCalendar, login } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { AppError } from '../../src/platform/errors.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { evidence, multipart, openPlan, todayInChina } from './applications-fixtures.ts';
import { recommendedApplicants, submittedApplication, type Applicant } from './notices-fixtures.ts';
import { onDay } from '../support/clock.ts';
import { auditLog } from '../../src/db/schema.ts';
import { saveCalendar } from '../../src/platform/calendar-store.ts';
import { banUntil } from '../../src/modules/bans/service.ts';

let t: TestApp;
let admin: TestClient;
let setup: { group: { id: string }; subsidiary: { id: string }; body: { id: string }; hr: TestClient };
let planId: string;
let colleague: TestClient;
let outsider: TestClient;
let other: { id: string; hr: TestClient; planId: string };
const year = currentYear();
const signIn = (username: string, password: string) => t.login(username, password);
let againId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  const province = await buildProvince(admin, { provinceCode: '23' });
  // Two enterprises of the same province filed in one pilot; the second's plan lasts 7 working days.
  const group = await buildEnterprise(admin, province.id, { name: '哈尔滨电气集团有限公司' });
  const subsidiary = await buildEnterprise(admin, group.id, { name: '哈尔滨汽轮机厂有限责任公司' });
  const enterprise = await buildEnterprise(admin, province.id, { name: '哈尔滨锅炉厂有限责任公司' });
  await ensureCalendar(t.handle.db, year);
  await acceptPilot(t, admin, province.id, [group.id, enterprise.id], year);
  setup = { group, subsidiary, body: await buildEvaluationBody(admin, group.id), hr: await login(t, await buildUser(admin, group.id, ['enterprise-admin'])) };
  planId = await openPlan(t, setup.hr, setup.body.id);
  colleague = await login(t, await buildUser(admin, setup.subsidiary.id, ['employee']));
  const hr = await login(t, await buildUser(admin, enterprise.id, ['enterprise-admin']));
  const body = await buildEvaluationBody(admin, enterprise.id);
  other = { id: enterprise.id, hr, planId: await openPlan(t, hr, body.id, { publicity: { workingDays: 7, scope: '本企业内部' } }) };
  outsider = await login(t, await buildUser(admin, enterprise.id, ['employee']));
}, 240_000);
afterAll(() => t?.close());

async function expectRefused(call: Promise<unknown>, code: string) {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe('GET /api/v1/notice-plans/:planId/preview', () => {
  it('counts the end date with the working-day rules around holidays and make-up working days', async () => {
    const preview = async (id: string, start: string, client = setup.hr) => client.get(`/api/v1/notice-plans/${id}/preview?start=${start}`);
    expect((await preview(planId, '2024-09-27')).json()).toMatchObject({ startDate: '2024-09-27', endDate: '2024-10-09', workingDays: 5 });
    expect((await preview(planId, '2024-02-07')).json()).toMatchObject({ endDate: '2024-02-19', workingDays: 5 });
    // A plan of 7 working days: 27 Sep (Fri), 29 Sep (Sun, make-up), 30 Sep, then 8–11 Oct after the National Day holiday.
    expect((await preview(other.planId, '2024-09-27', other.hr)).json()).toMatchObject({ endDate: '2024-10-11', workingDays: 7 });
  });

  it('refuses a start in a year without a calendar, in Chinese first', async () => {
    const response = await setup.hr.get(`/api/v1/notice-plans/${planId}/preview?start=2099-03-02`);
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('CALENDAR_MISSING');
    expect(response.json().detail).toMatch(/2099/);
    expect(response.json().messages['zh-CN']).toMatch(/2099/);
    const start = await setup.hr.post('/api/v1/notices', { planId, startDate: '2099-03-02', contact: '人力资源部 张老师 0451-82870000' });
    expect(start.json().code).toBe('CALENDAR_MISSING');
  });

  it('is HR’s: an employee or another enterprise’s HR is refused', async () => {
    expect((await colleague.get(`/api/v1/notice-plans/${planId}/preview?start=2024-09-27`)).statusCode).toBe(403);
    expect((await other.hr.get(`/api/v1/notice-plans/${planId}/preview?start=2024-09-27`)).statusCode).toBe(404);
  });
});

describe('a notice from start to confirmation', () => {
  let applicants: Applicant[];
  let noticeId: string;
  let endDate: string;
  const today = todayInChina();

  it('refuses to start without recommended candidates', async () => {
    const response = await setup.hr.post('/api/v1/notices', { planId, startDate: today, contact: '人力资源部 0451-82870000' });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('NOTICE_NO_CANDIDATES');
  });

  it('starts with computed dates, moves the recommended applications into the notice and never shows ID numbers', async () => {
    applicants = await recommendedApplicants(t.handle.db, signIn, admin, setup.group.id, planId, ['王建国', '李卫东']);
    const response = await setup.hr.post('/api/v1/notices', {
      planId,
      startDate: today,
      contact: '集团人力资源部 张老师 0451-82870000',
      summaries: { [applicants[0].applicationId]: '主持焊接工艺改进，年节约成本120万元；带徒5名。' },
    });
    expect(response.statusCode, response.body).toBe(201);
    const notice = response.json();
    noticeId = notice.id;
    endDate = notice.endDate;
    expect(notice).toMatchObject({ startDate: today, workingDays: 5, status: 'open', phase: 'running', candidateCount: 2 });
    expect(endDate > today).toBe(true);
    expect(notice.candidates.map((candidate: { name: string }) => candidate.name).sort()).toEqual(['李卫东', '王建国'].sort());
    expect(notice.candidates.find((candidate: { name: string }) => candidate.name === '王建国')).toMatchObject({ summary: '主持焊接工艺改进，年节约成本120万元；带徒5名。', department: '总装车间', status: 'in-notice' });
    for (const applicant of applicants) {
      const [row] = await t.handle.db.select().from(applications).where(eq(applications.id, applicant.applicationId));
      expect(row.status).toBe('in-notice');
      expect(response.body).not.toContain(applicant.idNumber);
      expect(response.body).not.toContain(row.idNumberMasked);
    }
    expect(response.body).not.toMatch(/idNumber/i);
  });

  it('is seen by every employee of the enterprise (without application ids), not by another enterprise', async () => {
    const seen = await colleague.get(`/api/v1/notices/${noticeId}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ canManage: false, canObject: true, publicLink: null, events: [] });
    expect(seen.json().candidates[0].applicationId).toBeUndefined();
    for (const applicant of applicants) expect(seen.body).not.toContain(applicant.idNumber);
    expect((await colleague.get('/api/v1/notices')).json().items.map((item: { id: string }) => item.id)).toContain(noticeId);
    expect((await outsider.get(`/api/v1/notices/${noticeId}`)).statusCode).toBe(404);
    expect((await outsider.get('/api/v1/notices')).json().items).toEqual([]);
    expect((await other.hr.post(`/api/v1/notices/${noticeId}/confirm`)).statusCode).toBe(404);
  });

  it('publishes on an unguessable public link that can be turned off, without ID numbers', async () => {
    const on = await setup.hr.request('PUT', `/api/v1/notices/${noticeId}/public-link`, { enabled: true });
    expect(on.statusCode).toBe(200);
    const token = on.json().publicLink.token as string;
    expect(token.length).toBeGreaterThanOrEqual(32);
    const page = await t.app.inject({ method: 'GET', url: `/api/v1/public/notices/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ endDate, contact: '集团人力资源部 张老师 0451-82870000', phase: 'running' });
    for (const applicant of applicants) expect(page.body).not.toContain(applicant.idNumber);
    expect(page.body).not.toContain('applicationId');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/notices/${'x'.repeat(32)}` })).statusCode).toBe(404);
    await setup.hr.request('PUT', `/api/v1/notices/${noticeId}/public-link`, { enabled: false });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/notices/${token}` })).json().code).toBe('NOTICE_PUBLIC_LINK_OFF');
    await setup.hr.request('PUT', `/api/v1/notices/${noticeId}/public-link`, { enabled: true });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/notices/${token}` })).statusCode).toBe(200);
  });

  it('prints the notice as a PDF', async () => {
    const pdf = await colleague.get(`/api/v1/notices/${noticeId}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('receives a real-name objection during the notice and refuses confirmation before the end date and while it is open', async () => {
    const file = await evidence(colleague, '证据.pdf');
    const candidateId = (await colleague.get(`/api/v1/notices/${noticeId}`)).json().candidates.find((candidate: { name: string }) => candidate.name === '李卫东').id;
    const objection = await colleague.post(`/api/v1/notices/${noticeId}/objections`, { candidateId, name: '赵同事', contact: '13900000000', content: '该同志的业绩材料与实际不符，请核实。', evidenceFileIds: [file.fileId] });
    expect(objection.statusCode, objection.body).toBe(201);
    expect(objection.json()).toMatchObject({ status: 'open', raisedOn: today });

    const early = await setup.hr.post(`/api/v1/notices/${noticeId}/confirm`);
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('NOTICE_NOT_ENDED');
    expect(early.json().detail).toContain(endDate);
    expect(early.json().errors.map((error: { code: string }) => error.code)).toEqual(['NOTICE_NOT_ENDED', 'NOTICE_OBJECTIONS_OPEN']);

    const context = await contextFor(t.handle.db, setup.hr.me.id, t.clock);
    const afterEnd = addDays(endDate, 1);
    const open = await expectRefused(confirmNotice(t.handle.db, onDay(context, afterEnd), noticeId), 'NOTICE_OBJECTIONS_OPEN');
    expect(open.messages['zh-CN']).toContain('1 件异议');
    expect((await getNotice(t.handle.db, onDay(context, afterEnd), noticeId)).confirmBlockers.map((blocker) => blocker.code)).toEqual(['NOTICE_OBJECTIONS_OPEN']);
  });

  it('refuses an objection after the end date, in both languages', async () => {
    const context = await contextFor(t.handle.db, colleague.me.id, t.clock);
    const notice = await getNotice(t.handle.db, context, noticeId);
    const late = await expectRefused(
      raiseObjection(t.handle.db, onDay(context, addDays(endDate, 1)), noticeId, { candidateId: notice.candidates[0].id, name: '赵同事', contact: '13900000000', content: '公示期满后才提出的异议内容。', evidenceFileIds: [] }),
      'NOTICE_OBJECTION_PERIOD_OVER',
    );
    expect(late.messages['zh-CN']).toContain(`公示期已于 ${endDate} 结束`);
    expect(late.messages.en).toContain(`ended on ${endDate}`);
    await expectRefused(
      raiseObjection(t.handle.db, onDay(context, addDays(today, -1)), noticeId, { candidateId: notice.candidates[0].id, name: '赵同事', contact: '13900000000', content: '公示开始前提出的异议内容。', evidenceFileIds: [] }),
      'NOTICE_NOT_STARTED',
    );
  });

  it('takes a public objection with evidence (PDF, JPG or PNG only) and answers its look-up code', async () => {
    const notice = (await setup.hr.get(`/api/v1/notices/${noticeId}`)).json();
    const token = notice.publicLink.token;
    const candidateId = notice.candidates.find((candidate: { name: string }) => candidate.name === '王建国').id;
    const fields = { candidateId, name: '钱群众', contact: '13700000000', content: '该人选的职业资格证书系伪造，附证据。' };
    const send = (file: { name: string; bytes: Buffer }) => {
      const { payload, headers } = multipart(file, fields);
      return t.app.inject({ method: 'POST', url: `/api/v1/public/notices/${token}/objections`, payload, headers });
    };
    const wrongType = await send({ name: 'a.txt', bytes: Buffer.from('plain text evidence') });
    expect(wrongType.statusCode).toBe(415);
    const raised = await send({ name: '证书比对.pdf', bytes: samplePdf('evidence') });
    expect(raised.statusCode, raised.body).toBe(201);
    const code = raised.json().lookupCode as string;
    const lookup = await t.app.inject({ method: 'POST', url: `/api/v1/public/notices/${token}/objection-lookup`, payload: { code } });
    expect(lookup.json()).toMatchObject({ candidateName: '王建国', status: 'open', findingReasons: null });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/public/notices/${token}/objection-lookup`, payload: { code: 'AAAAAAAAAAAA' } })).statusCode).toBe(404);
  });

  it('dismisses an objection with reasons the objector sees, and upholds a fraud objection: the candidate withdrawn and banned, the others unchanged', async () => {
    let notice = (await setup.hr.get(`/api/v1/notices/${noticeId}`)).json();
    const appObjection = notice.objections.find((objection: { channel: string }) => objection.channel === 'app');
    const publicObjection = notice.objections.find((objection: { channel: string }) => objection.channel === 'public');
    const investigated = await setup.hr.post(`/api/v1/notices/${noticeId}/objections/${appObjection.id}/investigation`, { note: '调阅原始业绩证明并询问车间主任。' });
    expect(investigated.json().objections.find((objection: { id: string }) => objection.id === appObjection.id).status).toBe('investigating');
    const dismissed = await setup.hr.post(`/api/v1/notices/${noticeId}/objections/${appObjection.id}/finding`, { outcome: 'dismissed', reasons: '经核实，业绩材料真实有效。' });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    const mine = (await colleague.get(`/api/v1/notices/${noticeId}`)).json();
    expect(mine.objections).toEqual([expect.objectContaining({ status: 'dismissed', findingReasons: '经核实，业绩材料真实有效。' })]);
    expect((await setup.hr.post(`/api/v1/notices/${noticeId}/objections/${appObjection.id}/finding`, { outcome: 'upheld', reasons: '改判' })).json().code).toBe('OBJECTION_DECIDED');

    const badFinding = await setup.hr.post(`/api/v1/notices/${noticeId}/objections/${publicObjection.id}/finding`, { outcome: 'dismissed', reasons: '矛盾的结论', fraud: true });
    expect(badFinding.statusCode).toBe(400);
    const upheld = await setup.hr.post(`/api/v1/notices/${noticeId}/objections/${publicObjection.id}/finding`, { outcome: 'upheld', reasons: '经向发证机构核实，证书系伪造。', fraud: true });
    expect(upheld.statusCode, upheld.body).toBe(200);
    notice = upheld.json();
    expect(notice.endDate).toBe(endDate);
    expect(notice.candidates.map((candidate: { name: string; status: string }) => `${candidate.name}:${candidate.status}`).sort()).toEqual(['李卫东:in-notice', '王建国:withdrawn'].sort());
    expect(notice.events.map((event: { act: string }) => event.act)).toEqual(
      expect.arrayContaining(['started', 'public-link-on', 'public-link-off', 'objection-raised', 'objection-investigated', 'objection-dismissed', 'objection-upheld', 'candidate-withdrawn', 'ban-recorded']),
    );
    // What the system writes comes in both languages; the finding's reasons are kept as typed, once.
    const byAct = (act: string) => notice.events.find((event: { act: string }) => event.act === act);
    expect(byAct('started').commentEn).toMatch(/^Public notice from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(\d+ working days\), 2 candidate\(s\)$/);
    expect(byAct('ban-recorded').commentEn).toMatch(/^Applicant 王建国 barred from applying until \d{4}-\d{2}-\d{2}$/);
    expect(byAct('objection-upheld')).toMatchObject({ comment: '经向发证机构核实，证书系伪造。', commentEn: null });
    const [withdrawn] = await t.handle.db.select().from(applications).where(eq(applications.id, applicants[0].applicationId));
    expect(withdrawn.status).toBe('withdrawn');
    const bans = (await setup.hr.get('/api/v1/bans')).json().items;
    expect(bans).toEqual([expect.objectContaining({ subjectType: 'person', subjectName: '王建国', yearDisqualified: year, sourceType: 'notice-objection', active: true })]);

    const token = notice.publicLink.token;
    const lookups = await t.app.inject({ method: 'GET', url: `/api/v1/public/notices/${token}` });
    expect(lookups.json().candidates.find((candidate: { name: string }) => candidate.name === '王建国').status).toBe('withdrawn');
  });

  it('a fraud ban later refuses an application in another enterprise of the same province, at the draft already', async () => {
    const employee = await login(t, await buildUser(admin, other.id, ['employee'], { displayName: '王建国' }));
    const response = await employee.post('/api/v1/applications', { planId: other.planId, identity: { name: '王建国', idType: 'resident-id', idNumber: applicants[0].idNumber } });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'APPLICANT_BANNED', name: '王建国', basis: expect.stringContaining('证书系伪造'), until: banUntil(todayInChina()) });
    expect(response.json().messages['zh-CN']).toContain('不得申报或参加特级技师评审');
  });

  it('confirms after the end date with no open objection: the remaining candidates are confirmed for certificate issuance', async () => {
    const context = await contextFor(t.handle.db, setup.hr.me.id, t.clock);
    const result = await confirmNotice(t.handle.db, onDay(context, addDays(endDate, 1)), noticeId);
    expect(result.confirmedApplicationIds).toEqual([applicants[1].applicationId]);
    expect(result.notice).toMatchObject({ status: 'confirmed', phase: 'confirmed' });
    expect((await listConfirmedApplications(t.handle.db, planId)).map((row) => row.name)).toEqual(['李卫东']);
    expect((await setup.hr.post(`/api/v1/notices/${noticeId}/confirm`)).json().code).toBe('NOTICE_CLOSED');
    expect(result.notice.events.at(-1)).toMatchObject({ act: 'confirmed', comment: '核准名单 1 人', commentEn: 'List confirmed: 1 candidate(s)' });
  });
});

describe('a notice runs in real time (四(三))', () => {
  it('refuses a start in the past with a coded error, in both languages', async () => {
    await recommendedApplicants(t.handle.db, signIn, admin, setup.group.id, planId, ['孙立新']);
    const past = await setup.hr.post('/api/v1/notices', { planId, startDate: addDays(todayInChina(), -1), contact: '人力资源部 0451-82870000' });
    expect(past.statusCode).toBe(422);
    expect(past.json()).toMatchObject({ code: 'NOTICE_START_IN_PAST', start: addDays(todayInChina(), -1), today: todayInChina() });
    expect(past.json().messages['zh-CN']).toContain('只能从今天或以后开始');
    expect(past.json().messages.en).toContain('starts today or later');
    const [applicant] = await t.handle.db.select().from(applications).where(eq(applications.name, '孙立新'));
    expect(applicant.status).toBe('recommended');
  });

  it('started today, refuses objections after its end and is confirmed then', async () => {
    const started = await setup.hr.post('/api/v1/notices', { planId, startDate: todayInChina(), contact: '人力资源部 0451-82870000' });
    expect(started.statusCode, started.body).toBe(201);
    const notice = started.json();
    expect(notice).toMatchObject({ startDate: todayInChina(), phase: 'running', candidateCount: 1, canObject: true, canCancel: true });
    // The day after its end (a context on that day; sessions do not outlive days of idleness).
    const after = addDays(notice.endDate, 1);
    const employee = onDay(await contextFor(t.handle.db, colleague.me.id, t.clock), after);
    const late = await expectRefused(raiseObjection(t.handle.db, employee, notice.id, { candidateId: notice.candidates[0].id, name: '赵同事', contact: '13900000000', content: '过期提出的异议内容。', evidenceFileIds: [] }), 'NOTICE_OBJECTION_PERIOD_OVER');
    expect(late.messages['zh-CN']).toBe(`公示期已于 ${notice.endDate} 结束，不再受理异议。`);
    const hr = onDay(await contextFor(t.handle.db, setup.hr.me.id, t.clock), after);
    expect(await getNotice(t.handle.db, hr, notice.id)).toMatchObject({ phase: 'ended', canObject: false, canCancel: false });
    const confirmed = await confirmNotice(t.handle.db, hr, notice.id);
    expect(confirmed.confirmedApplicationIds).toHaveLength(1);
  });
});

describe('POST /api/v1/notices/:id/cancel', () => {
  it('cancels a running notice with a reason: its candidates return to the recommended list, open objections lapse, all audited; it can be published again with new dates', async () => {
    const applicants = await recommendedApplicants(t.handle.db, signIn, admin, setup.group.id, planId, ['郑开明', '冯晓光']);
    const started = (await setup.hr.post('/api/v1/notices', { planId, startDate: todayInChina(), contact: '人力资源部 0451-82870000', publicLink: true })).json();
    const objection = await colleague.post(`/api/v1/notices/${started.id}/objections`, { candidateId: started.candidates[0].id, name: '赵同事', contact: '13900000000', content: '业绩证明与实际不符，请核实。' });
    expect(objection.statusCode, objection.body).toBe(201);
    expect((await colleague.post(`/api/v1/notices/${started.id}/cancel`, { reason: '职工撤销' })).statusCode).toBe(403);
    expect((await setup.hr.post(`/api/v1/notices/${started.id}/cancel`, { reason: '' })).statusCode).toBe(400);

    const cancelled = await setup.hr.post(`/api/v1/notices/${started.id}/cancel`, { reason: '公示名单中人选单位名称有误，更正后重新公示' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', phase: 'cancelled', cancelReason: '公示名单中人选单位名称有误，更正后重新公示', canCancel: false, canObject: false });
    expect(cancelled.json().candidates.map((candidate: { status: string }) => candidate.status)).toEqual(['cancelled', 'cancelled']);
    expect(cancelled.json().objections).toEqual([expect.objectContaining({ status: 'lapsed' })]);
    expect(cancelled.json().events.at(-1)).toMatchObject({ act: 'cancelled' });
    for (const applicant of applicants) {
      const [row] = await t.handle.db.select().from(applications).where(eq(applications.id, applicant.applicationId));
      expect(row.status).toBe('recommended');
    }
    const entries = await t.handle.db.select().from(auditLog).where(eq(auditLog.targetId, started.id));
    expect(entries.map((entry) => entry.action)).toContain('notice.cancelled');
    expect(entries.find((entry) => entry.action === 'notice.cancelled')!.after).toMatchObject({ status: 'cancelled', reason: '公示名单中人选单位名称有误，更正后重新公示', lapsedObjections: [objection.json().id] });
    const moved = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, 'application.notice-cancelled'));
    expect(moved.map((entry) => entry.targetId).sort()).toEqual(applicants.map((applicant) => applicant.applicationId).sort());
    // The objector is told; the public page says cancelled; nothing more can be done to it.
    expect((await colleague.get('/api/v1/notifications')).json().items.map((item: { kind: string }) => item.kind)).toContain('notice.cancelled');
    const token = cancelled.json().publicLink.token;
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/notices/${token}` })).json()).toMatchObject({ status: 'cancelled', phase: 'cancelled', cancelReason: '公示名单中人选单位名称有误，更正后重新公示' });
    expect((await setup.hr.post(`/api/v1/notices/${started.id}/cancel`, { reason: '再次撤销' })).json().code).toBe('NOTICE_CLOSED');
    expect((await setup.hr.post(`/api/v1/notices/${started.id}/confirm`)).json().code).toBe('NOTICE_CLOSED');

    // Published again, with new dates (from tomorrow).
    const again = await setup.hr.post('/api/v1/notices', { planId, startDate: addDays(todayInChina(), 1), contact: '人力资源部 0451-82870000' });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ phase: 'not-started', candidateCount: 2, canCancel: true });
    expect(again.json().endDate > started.endDate).toBe(true);
    againId = again.json().id;
  });

  it('refuses to cancel a notice that has ended (it ran its full period)', async () => {
    const notice = (await setup.hr.get(`/api/v1/notices/${againId}`)).json();
    const hr = onDay(await contextFor(t.handle.db, setup.hr.me.id, t.clock), addDays(notice.endDate, 1));
    const refused = await expectRefused(cancelNotice(t.handle.db, hr, againId, { reason: '期满后撤销' }), 'NOTICE_ENDED');
    expect(refused.status).toBe(409);
    expect(refused.messages['zh-CN']).toContain(`公示期已于 ${notice.endDate} 届满，不能撤销`);
    // On its last day it still could be; after it, it is confirmed, as the notice foresees.
    expect((await getNotice(t.handle.db, onDay(hr, notice.endDate), againId)).canCancel).toBe(true);
    expect((await confirmNotice(t.handle.db, hr, againId)).notice.status).toBe('confirmed');
  });
});

describe('a notice across the year end', () => {
  it('runs into January when the next year’s calendar is held, and is refused with CALENDAR_MISSING when it is not', async () => {
    await recommendedApplicants(t.handle.db, signIn, admin, other.id, other.planId, ['钱跨年']);
    // HR on 28 December 2026 (a clock standing on that day).
    const hr = onDay(await contextFor(t.handle.db, other.hr.me.id, t.clock), '2026-12-28');
    const missing = await startNotice(t.handle.db, hr, { planId: other.planId, startDate: '2026-12-28', contact: '人力资源部 0451-82870000' }).catch((error: DomainError) => error);
    expect(missing).toBeInstanceOf(DomainError);
    expect(missing).toMatchObject({ code: 'CALENDAR_MISSING', params: { year: 2027 } });
    expect((missing as DomainError).messages['zh-CN']).toContain('2027');
    const [applicant] = await t.handle.db.select().from(applications).where(eq(applications.name, '钱跨年'));
    expect(applicant.status).toBe('recommended');
    // The State Council publishes 2027's holidays (New Year's Day, then the Spring Festival in February).
    await saveCalendar(t.handle.db, hr, { year: 2027, holidays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'], workdays: ['2027-02-14', '2027-02-20'], source: 'test' });
    const started = await startNotice(t.handle.db, hr, { planId: other.planId, startDate: '2026-12-28', contact: '人力资源部 0451-82870000' });
    // 7 working days (the plan's): 28–31 December, then 4–6 January (1 January is a holiday).
    expect(started).toMatchObject({ startDate: '2026-12-28', endDate: '2027-01-06', workingDays: 7, phase: 'running' });
  });
});

describe('an upheld objection against a fraudulent reporting unit', () => {
  it('bans the applicant and the unit by its credit code; the unit’s next application is refused', async () => {
    const [applicant] = await recommendedApplicants(t.handle.db, signIn, admin, setup.subsidiary.id, planId, ['周明亮']);
    const started = await setup.hr.post('/api/v1/notices', { planId, startDate: todayInChina(), contact: '人力资源部 0451-82870000' });
    expect(started.statusCode, started.body).toBe(201);
    const notice = started.json();
    const candidate = notice.candidates[0];
    expect(candidate).toMatchObject({ name: '周明亮', unitName: '哈尔滨汽轮机厂有限责任公司' });
    const raised = await colleague.post(`/api/v1/notices/${notice.id}/objections`, { candidateId: candidate.id, name: '赵同事', contact: '13900000000', content: '申报单位出具的业绩证明系伪造，请核实。' });
    expect(raised.statusCode, raised.body).toBe(201);
    const decided = await setup.hr.post(`/api/v1/notices/${notice.id}/objections/${raised.json().id}/finding`, { outcome: 'upheld', reasons: '经核实，申报单位出具虚假业绩证明。', fraud: true, unitFraud: true });
    expect(decided.statusCode, decided.body).toBe(200);
    const bans = (await setup.hr.get('/api/v1/bans')).json().items.filter((ban: { sourceId: string }) => ban.sourceId === raised.json().id);
    expect(bans.map((ban: { subjectType: string; subjectName: string }) => `${ban.subjectType}:${ban.subjectName}`).sort()).toEqual(['person:周明亮', 'unit:哈尔滨汽轮机厂有限责任公司']);
    const [row] = await t.handle.db.select().from(applications).where(eq(applications.id, applicant.applicationId));
    expect(row.status).toBe('withdrawn');
    const { response } = await submittedApplication(signIn, admin, setup.subsidiary.id, planId, { name: '吴同事' });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('UNIT_BANNED');
    // …and its evaluation is suspended until the ban ends, which its department sees and may lift (六(四)).
    const suspensions = (await setup.hr.get('/api/v1/suspensions')).json().items;
    expect(suspensions).toEqual([expect.objectContaining({ enterpriseName: '哈尔滨汽轮机厂有限责任公司', sourceType: 'notice-objection', sourceId: raised.json().id, active: true, allowedActs: [] })]);
    expect(suspensions[0].untilDate).toBe(bans.find((ban: { subjectType: string }) => ban.subjectType === 'unit').untilDate);
  });
});
