// 复核确认 (section 六(三)): holders evaluated before the notice are imported under a re-review plan,
// reviewed and confirmed (or not, with a reason), and only the confirmed ones are issued
// certificates, by the same batch path as any list.
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, organisations } from '../../src/db/schema.ts';
import { createBan } from '../../src/modules/bans/service.ts';
import { reReviewHolders } from '../../src/modules/certificates/tables.ts';
import { startCertificateBatch } from '../../src/modules/certificates/issue-certificates.ts';
import { runJobsOnce } from '../../src/platform/jobs.ts';
import { contextFor } from '../support/actors.ts';
import { residentId } from '../support/certificate-factories.ts';
import { buildProvince, buildUser } from '../support/factories.ts';
import { completePlanContent, currentYear, login, pilotGroup } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { samplePdf, upload } from '../support/files.ts';

let t: TestApp;
let admin: TestClient;
let hr: TestClient;
let planId: string;
let groupId: string;
let groupPath: string;

async function holderFile(rows: (string | null)[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  sheet.addRow(['姓名', '证件类型', '证件号码', '性别', '出生日期', '职业编码', '职业名称', '工种/职业方向']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

const people = [
  ['李万君', '居民身份证', residentId(701), '男', '1975-03-08', '6-18-01-01', '车工', ''],
  ['王曼', '居民身份证', residentId(702), '女', '1975-03-08', '6-18-01-01', '车工', '数控车工'],
  ['高凤林', '居民身份证', residentId(703), '男', '1975-03-08', '6-18-02-04', '焊工', ''],
];

beforeAll(async () => {
  t = await createTestApp({ jobs: false });
  admin = await t.admin();
  const province = await buildProvince(admin);
  const pilot = await pilotGroup(t, admin, province.id);
  hr = pilot.hr;
  groupId = pilot.group.id;
  groupPath = (await t.handle.db.select().from(organisations).where(eq(organisations.id, groupId)))[0].path;
  const year = currentYear();
  const created = await hr.post('/api/v1/plans', { year, kind: 're-review', content: completePlanContent(year, pilot.body.id) });
  expect(created.statusCode, created.body).toBe(201);
  planId = created.json().id;
  expect((await hr.post(`/api/v1/plans/${planId}/publish`, {})).statusCode).toBe(200);
}, 120_000);
afterAll(() => t?.close());

/** Days pass (the sessions of the test's day end with them): the clock moves, HR and the administrator sign in again. */
async function moveTo(instant: string) {
  t.clock.set(instant);
  admin = await t.admin();
  hr = await login(t, await buildUser(admin, groupId, ['enterprise-admin']));
}

describe('复核确认: import, review, confirm and issue', () => {
  it('refuses a file with any wrong row, with every reason by row, and stores nothing', async () => {
    const content = await holderFile([people[0], ['', '护照', 'bad', '女', '1980-13-01', '63101', '', ''], ['赵敏', '居民身份证', residentId(704), '女', '1975-03-08', '6-31-01-03', '电工', '']]);
    const refused = await hr.post('/api/v1/re-review/holders/import', { planId, fileName: '复核名单.xlsx', content });
    expect(refused.statusCode, refused.body).toBe(400);
    const errors = refused.json().errors as { path: string; code: string; messages: { 'zh-CN': string } }[];
    expect(errors.some((error) => error.path.startsWith('rows.3.'))).toBe(true);
    expect(errors.find((error) => error.code === 'OCCUPATION_NOT_IN_PLAN')).toMatchObject({ path: 'rows.4.occupationCode', messages: { 'zh-CN': expect.stringContaining('第 4 行') } });
    expect(await t.handle.db.select().from(reReviewHolders).where(eq(reReviewHolders.planId, planId))).toEqual([]);
  });

  it('imports the holders as pending, masked, and refuses importing them twice', async () => {
    const content = await holderFile(people);
    const imported = await hr.post('/api/v1/re-review/holders/import', { planId, fileName: '复核名单.xlsx', content, previousEvaluation: '2019年企业特级技师评聘（集团人〔2019〕12号）' });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json().imported).toBe(3);
    expect(imported.body).not.toContain(residentId(701));
    expect(imported.json().items[0]).toMatchObject({ name: '李万君', status: 'pending', idNumberMasked: expect.stringContaining('*'), previousEvaluation: expect.stringContaining('2019'), allowedActs: ['confirm', 'reject'] });
    const again = await hr.post('/api/v1/re-review/holders/import', { planId, fileName: '复核名单.xlsx', content });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors.map((error: { code: string }) => error.code)).toEqual(['RE_REVIEW_ALREADY_IMPORTED', 'RE_REVIEW_ALREADY_IMPORTED', 'RE_REVIEW_ALREADY_IMPORTED']);
    const [entry] = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, 're-review.imported'));
    expect(entry.after).toMatchObject({ count: 3 });
  });

  it('the old shortcut is closed: a re-review plan issues nothing to unconfirmed holders', async () => {
    const holder = { name: '李万君', idType: 'resident-id', idNumber: residentId(701), gender: 'male', birthDate: '1975-03-08', occupationCode: '6-18-01-01', occupationName: '车工' };
    // The free list is gone altogether (issue 19); the batch path itself refuses an unconfirmed holder.
    expect((await hr.post('/api/v1/certificate-batches', { planId, issuedOn: '2024-12-20', holders: [holder] })).statusCode).toBe(404);
    const user = (await hr.get('/api/v1/me')).json();
    const refused = await startCertificateBatch(t.handle.db, await contextFor(t.handle.db, user.id, t.clock), { planId, issuedOn: '2024-12-20', holders: [holder] as never }).catch((error: { errors: { code: string }[] }) => error);
    expect((refused as { errors: { code: string }[] }).errors.map((error) => error.code)).toContain('RE_REVIEW_NOT_CONFIRMED');
    expect((await hr.post(`/api/v1/re-review/plans/${planId}/issue`, { issuedOn: '2024-12-20' })).json().code).toBe('RE_REVIEW_NOTHING_CONFIRMED');
  });

  it('shows what disqualifies, refuses to confirm a banned person, rejects with a reason, and lets a decision be reconsidered', async () => {
    const list = (await hr.get(`/api/v1/re-review/holders?planId=${planId}`)).json();
    expect(list.counts).toEqual({ pending: 3, confirmed: 0, rejected: 0, certified: 0 });
    const byName = (name: string) => list.items.find((item: { name: string }) => item.name === name);
    const user = (await hr.get('/api/v1/me')).json();
    await createBan(t.handle.db, await contextFor(t.handle.db, user.id, t.clock), {
      subjectType: 'person',
      idType: 'resident-id',
      number: residentId(703),
      subjectName: '高凤林',
      basis: '2023年申报材料弄虚作假',
      organisationId: groupId,
      organisationPath: groupPath,
    });
    const banned = (await hr.get(`/api/v1/re-review/holders?planId=${planId}`)).json().items.find((item: { name: string }) => item.name === '高凤林');
    expect(banned.checks.ban).toMatchObject({ basis: '2023年申报材料弄虚作假' });
    const refused = await hr.post(`/api/v1/re-review/holders/${banned.id}/decision`, { act: 'confirm' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ code: 'RE_REVIEW_BANNED' });

    const noReason = await hr.post(`/api/v1/re-review/holders/${byName('王曼').id}/decision`, { act: 'reject' });
    expect(noReason.json().errors[0].code).toBe('REASON_REQUIRED');
    const rejected = await hr.post(`/api/v1/re-review/holders/${byName('王曼').id}/decision`, { act: 'reject', reason: '原评聘时不具备高级技师职业资格' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionReason: '原评聘时不具备高级技师职业资格', allowedActs: ['reconsider'] });
    expect((await hr.post(`/api/v1/re-review/holders/${byName('王曼').id}/decision`, { act: 'confirm' })).json().code).toBe('INVALID_TRANSITION');
    const reconsidered = await hr.post(`/api/v1/re-review/holders/${byName('王曼').id}/decision`, { act: 'reconsider' });
    expect(reconsidered.json()).toMatchObject({ status: 'pending', decisionReason: null });
    expect((await hr.post(`/api/v1/re-review/holders/${byName('王曼').id}/decision`, { act: 'reject', reason: '原评聘材料不全' })).statusCode).toBe(200);

    // 六(三) "按本通知有关要求": no confirmation on a written reason alone — the basic conditions first.
    const unchecked = await hr.post(`/api/v1/re-review/holders/${byName('李万君').id}/decision`, { act: 'confirm', reason: '原评聘程序规范，同意确认' });
    expect(unchecked.statusCode).toBe(400);
    expect(unchecked.json().errors.map((error: { code: string }) => error.code)).toEqual(['RE_REVIEW_NOT_CHECKED']);
    const scan = await upload(hr, { name: '高级技师证书及聘书.pdf', bytes: samplePdf('证书') });
    const evidenceFileIds = [scan.json().id as string];
    const url = `/api/v1/re-review/holders/${byName('李万君').id}/check`;
    expect((await hr.post(url, { qualification: { kind: 'skill-level', certificateNumber: 'Y000023000001101000123', level: 1 }, postSince: '2010-10-31', stillInOccupation: true, evidenceFileIds: [] })).statusCode).toBe(400);
    // A 技师 (level 2) certificate: not met, and confirmation is refused with the reason.
    const level2 = await hr.post(url, { qualification: { kind: 'skill-level', certificateNumber: 'Y000023000001102000123', level: 2 }, postSince: '2010-10-31', stillInOccupation: true, evidenceFileIds });
    expect(level2.statusCode, level2.body).toBe(200);
    expect(level2.json().checkResult.conditions.map((condition: { id: string; state: string }) => `${condition.id}:${condition.state}`)).toEqual(['qualification:not-met', 'yearsInPost:met', 'occupation:met', 'notBanned:met']);
    expect((await hr.post(`/api/v1/re-review/holders/${byName('李万君').id}/decision`, { act: 'confirm' })).json().errors[0].code).toBe('RE_REVIEW_CONDITION_NOT_MET');
    // Checked again from the right certificate: every condition met, and confirmed.
    const checked = await hr.post(url, { qualification: { kind: 'skill-level', certificateNumber: 'Y000023000001101000123', level: 1, issuer: '黑龙江省职业技能鉴定中心' }, postSince: '2010-10-31', stillInOccupation: true, note: '核对证书原件和聘任文件', evidenceFileIds });
    expect(checked.json()).toMatchObject({ checkEvidence: [{ fileId: evidenceFileIds[0] }], checkedFacts: { postSince: '2010-10-31' } });
    expect(checked.json().checkResult.conditions.every((condition: { state: string }) => condition.state === 'met')).toBe(true);
    const confirmed = await hr.post(`/api/v1/re-review/holders/${byName('李万君').id}/decision`, { act: 'confirm' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', allowedActs: ['reconsider'] });
    const actions = (await t.handle.db.select().from(auditLog).orderBy(auditLog.seq)).map((row) => row.action).filter((action) => action.startsWith('re-review.'));
    expect(actions).toEqual(['re-review.imported', 're-review.rejected', 're-review.reconsidered', 're-review.rejected', 're-review.checked', 're-review.checked', 're-review.confirmed']);
  });

  it('publishes the confirmed list for 5 working days before issuance: not in the past, cancellable until its end, then issued', async () => {
    const issueTooEarly = await hr.post(`/api/v1/re-review/plans/${planId}/issue`, { issuedOn: '2026-12-04' });
    expect(issueTooEarly.statusCode).toBe(409);
    expect(issueTooEarly.json()).toMatchObject({ code: 'RE_REVIEW_NOTICE_REQUIRED' });
    expect(issueTooEarly.json().detail ?? issueTooEarly.json().title).toContain('李万君');
    const url = `/api/v1/re-review/plans/${planId}/notices`;
    const before = (await hr.get(url)).json();
    expect(before).toMatchObject({ required: true, workingDays: 5, waiting: [{ name: '李万君' }], items: [] });
    // The test's day is Friday 2026-12-04: a notice from Monday 7 December runs to Friday 11 December.
    expect((await hr.get(`${url}/preview?startDate=2026-12-07`)).json()).toMatchObject({ startDate: '2026-12-07', endDate: '2026-12-11', workingDays: 5 });
    const past = await hr.post(url, { startDate: '2026-12-03', contact: '集团人力资源部 王工 0451-86543210' });
    expect(past.statusCode).toBe(422);
    expect(past.json().code).toBe('RE_REVIEW_NOTICE_START_IN_PAST');
    const first = await hr.post(url, { startDate: '2026-12-07', contact: '集团人力资源部 王工 0451-86543210' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'open', phase: 'not-started', endDate: '2026-12-11', holders: [{ name: '李万君', occupationName: '车工' }] });
    expect(JSON.stringify(first.json())).not.toContain(residentId(701));
    expect((await hr.post(url, { startDate: '2026-12-07', contact: '集团人力资源部' })).json().code).toBe('RE_REVIEW_NOTICE_NO_HOLDERS');
    // The enterprise's people read it on 公示.
    const employee = await login(t, await buildUser(admin, groupId, ['employee']));
    expect((await employee.get('/api/v1/re-review/notices/current')).json().items.map((item: { id: string }) => item.id)).toEqual([first.json().id]);
    // Cancelled with a reason before its end: its holder waits to be published again.
    expect((await hr.post(`/api/v1/re-review/notices/${first.json().id}/cancel`, { reason: ' ' })).statusCode).toBe(400);
    const cancelled = await hr.post(`/api/v1/re-review/notices/${first.json().id}/cancel`, { reason: '公示范围未覆盖各分公司，重新公示' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: '公示范围未覆盖各分公司，重新公示' });
    expect((await hr.get(url)).json().waiting.map((row: { name: string }) => row.name)).toEqual(['李万君']);
    const second = await hr.post(url, { startDate: '2026-12-07', contact: '集团人力资源部 王工 0451-86543210' });
    expect(second.statusCode, second.body).toBe(201);
    // While it runs, nothing is issued; after its last day it is.
    await moveTo('2026-12-11T10:00:00+08:00');
    expect((await hr.post(`/api/v1/re-review/plans/${planId}/issue`, { issuedOn: '2026-12-11' })).json().code).toBe('RE_REVIEW_NOTICE_REQUIRED');
    await moveTo('2026-12-14T10:00:00+08:00');
    expect((await hr.post(`/api/v1/re-review/notices/${second.json().id}/cancel`, { reason: '期满后撤销' })).json().code).toBe('RE_REVIEW_NOTICE_ENDED');
    const actions = (await t.handle.db.select().from(auditLog).orderBy(auditLog.seq)).map((row) => row.action).filter((action) => action.startsWith('re-review.notice'));
    expect(actions).toEqual(['re-review.notice-started', 're-review.notice-cancelled', 're-review.notice-started']);
  });

  it('issues certificates to the confirmed holders by the batch path, and each becomes certified with its code', async () => {
    const started = await hr.post(`/api/v1/re-review/plans/${planId}/issue`, { issuedOn: '2026-12-14', idempotencyKey: 're-review-issue-1' });
    expect(started.statusCode, started.body).toBe(202);
    await runJobsOnce(t.handle.db, t.clock);
    const batch = (await hr.get(`/api/v1/certificate-batches/${started.json().id}`)).json();
    expect(batch).toMatchObject({ status: 'issued', certificateCount: 1, planId });
    const list = (await hr.get(`/api/v1/re-review/holders?planId=${planId}`)).json();
    expect(list.counts).toEqual({ pending: 1, confirmed: 0, rejected: 1, certified: 1 });
    const certified = list.items.find((item: { name: string }) => item.name === '李万君');
    expect(certified).toMatchObject({ status: 'certified', certificateCode: expect.stringMatching(/^Y/), allowedActs: [] });
    const verified = await t.app.inject({ method: 'GET', url: `/api/v1/public/certificates/${certified.certificateCode}` });
    expect(verified.json()).toMatchObject({ holderName: '李万君', status: 'valid', basis: 're-review' });
    const [issued] = (await hr.get(`/api/v1/certificates?batchId=${batch.id}`)).json().items;
    expect(issued.basis).toEqual({ kind: 're-review', noticeId: null, reReviewHolderId: certified.id });
    const [entry] = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, 're-review.certified'));
    expect(entry.after).toMatchObject({ code: certified.certificateCode });
    // A retry with the same key gets the same batch; nothing is left to issue otherwise.
    expect((await hr.post(`/api/v1/re-review/plans/${planId}/issue`, { issuedOn: '2026-12-14', idempotencyKey: 're-review-issue-1' })).statusCode).toBe(200);
    expect((await hr.post(`/api/v1/re-review/plans/${planId}/issue`, { issuedOn: '2026-12-14' })).json().code).toBe('RE_REVIEW_NOTHING_CONFIRMED');
  });

  it('is refused to employees and to another province, and only under a re-review plan', async () => {
    const employee = await login(t, await buildUser(admin, groupId, ['employee']));
    expect((await employee.get(`/api/v1/re-review/holders?planId=${planId}`)).statusCode).toBe(403);
    const other = await buildProvince(admin, { provinceCode: '32', name: '江苏省人力资源和社会保障厅' });
    const foreign = await login(t, await buildUser(admin, (await pilotGroup(t, admin, other.id)).group.id, ['enterprise-admin']));
    expect((await foreign.get(`/api/v1/re-review/holders?planId=${planId}`)).statusCode).toBe(404);
    const year = currentYear();
    const evaluation = await hr.post('/api/v1/plans', { year, kind: 'evaluation', content: completePlanContent(year, (await hr.get(`/api/v1/plans/${planId}`)).json().content.organisation.evaluationBodyId) });
    expect(evaluation.statusCode, evaluation.body).toBe(201);
    await hr.post(`/api/v1/plans/${evaluation.json().id}/publish`, {});
    const wrongKind = await hr.post('/api/v1/re-review/holders/import', { planId: evaluation.json().id, fileName: 'a.xlsx', content: await holderFile([people[0]]) });
    expect(wrongKind.json().code).toBe('RE_REVIEW_PLAN_REQUIRED');
  });

  it('a plan may go without the notice only by citing a provincial document; it is flagged, and its confirmed holders are issued at once', async () => {
    const province = await buildProvince(admin, { provinceCode: '22', name: '吉林省人力资源和社会保障厅' });
    const pilot = await pilotGroup(t, admin, province.id);
    const year = currentYear();
    const off = (policyDocument: string | null, policyNumber: string | null) =>
      completePlanContent(year, pilot.body.id, { publicity: { workingDays: 5, scope: '本企业内部', reReviewNotice: { required: false, policyDocument, policyNumber } } });
    const plan = await pilot.hr.post('/api/v1/plans', { year, kind: 're-review', content: off('无', null) });
    expect(plan.statusCode, plan.body).toBe(201);
    const id = plan.json().id as string;
    const refused = await pilot.hr.post(`/api/v1/plans/${id}/publish`, {});
    expect(refused.statusCode).toBe(422);
    expect(JSON.stringify(refused.json())).toContain('RE_REVIEW_NOTICE_POLICY_REQUIRED');
    const current = (await pilot.hr.get(`/api/v1/plans/${id}`)).json();
    const saved = await pilot.hr.patch(`/api/v1/plans/${id}`, { revision: current.revision, content: off('《吉林省特级技师评聘复核确认工作办法》', '吉人社规〔2022〕3号') });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await pilot.hr.post(`/api/v1/plans/${id}/publish`, {})).statusCode).toBe(200);
    const dashboard = (await pilot.pilot.department.get(`/api/v1/statistics/dashboard?year=${year}`)).json();
    const flagged = dashboard.deviations.find((row: { planId: string }) => row.planId === id);
    expect(flagged.deviations).toMatchObject([{ code: 'RE_REVIEW_NOTICE_OFF', documentNumber: '吉人社规〔2022〕3号' }]);

    const imported = await pilot.hr.post('/api/v1/re-review/holders/import', { planId: id, fileName: '名单.xlsx', content: await holderFile([['许振超', '居民身份证', residentId(705), '男', '1975-03-08', '6-18-01-01', '车工', '']]) });
    expect(imported.statusCode, imported.body).toBe(201);
    const holderId = imported.json().items[0].id as string;
    const scan = await upload(pilot.hr, { name: '证书.pdf', bytes: samplePdf('证书') });
    const checked = await pilot.hr.post(`/api/v1/re-review/holders/${holderId}/check`, {
      qualification: { kind: 'skill-level', certificateNumber: 'Y000022000001101000123', level: 1 },
      postSince: '2010-10-31',
      stillInOccupation: true,
      evidenceFileIds: [scan.json().id],
    });
    expect(checked.statusCode, checked.body).toBe(200);
    expect((await pilot.hr.post(`/api/v1/re-review/holders/${holderId}/decision`, { act: 'confirm' })).statusCode).toBe(200);
    expect((await pilot.hr.get(`/api/v1/re-review/plans/${id}/notices`)).json()).toMatchObject({ required: false });
    const issued = await pilot.hr.post(`/api/v1/re-review/plans/${id}/issue`, { issuedOn: t.clock.today() });
    expect(issued.statusCode, issued.body).toBe(202);
  });
});
