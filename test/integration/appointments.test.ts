// 聘任、工作室、考核与退出 (sections 四(四), 五, 六(四)): the agreement from the enterprise's template
// as a PDF holding the filled fields, signing with a scan, the 60-day reminder, renewal, the
// studio/treatment/assessment records, exit without and with revocation, and the ban fraud produces.
import { execFileSync } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, notifications } from '../../src/db/schema.ts';
import { findActiveBan } from '../../src/modules/bans/service.ts';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { dueReminders, sendDueReminders } from '../../src/modules/appointments/service.ts';
import { systemContext } from '../../src/platform/context.ts';
import { certificateEnterprise, holder, pdfText, residentId } from '../support/certificate-factories.ts';
import { buildProvince, buildUser } from '../support/factories.ts';
import { samplePdf, upload } from '../support/files.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { testClock } from '../support/clock.ts';
import { confirmedHolders } from '../support/confirmed-list.ts';

let t: TestApp;
let hr: TestClient;
let department: TestClient;
let foreignHr: TestClient;
let enterprise: { id: string; name: string };
const certificates: { id: string; code: string; holderName: string }[] = [];

const term = { post: '首席电气技能专家', duties: '负责大型发电机组检修的技术攻关，培养青年技能人才。', treatment: '比照正高级工程师享受岗位工资、津贴和疗休养。', termStart: '2025-01-01', termEnd: '2027-12-31' };

async function signedScan(client: TestClient) {
  const response = await upload(client, { name: '聘任协议签字扫描件.pdf', bytes: samplePdf('signed agreement') });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

async function appointAndSign(certificateId: string) {
  const drafted = await hr.post('/api/v1/appointments', { certificateId, ...term });
  expect(drafted.statusCode, drafted.body).toBe(201);
  const signed = await hr.post(`/api/v1/appointments/${drafted.json().id}/sign`, { signedOn: '2024-12-30', signedFileId: await signedScan(hr) });
  expect(signed.statusCode, signed.body).toBe(200);
  return signed.json() as { id: string; status: string };
}

const normalised = (text: string) => text.replace(/\s+/g, '');

beforeAll(async () => {
  t = await createTestApp({ jobs: false });
  const admin = await t.admin();
  const province = await buildProvince(admin, { name: '黑龙江省人力资源和社会保障厅（聘任）' });
  const made = await certificateEnterprise(t, admin, province.id, { name: '哈尔滨电机厂有限责任公司（聘任）' });
  hr = made.hr;
  enterprise = made.enterprise as { id: string; name: string };
  const departmentUser = await buildUser(admin, province.id, ['department-admin']);
  department = await t.login(departmentUser.username, departmentUser.password);
  const otherProvince = await buildProvince(admin, { name: '吉林省人力资源和社会保障厅', provinceCode: '22' });
  foreignHr = (await certificateEnterprise(t, admin, otherProvince.id, { name: '长春客车厂' })).hr;
  const issued = await issueCertificates(t.handle.db, systemContext(testClock(), 'test'), {
    enterpriseId: enterprise.id,
    issuedOn: '2024-12-18',
    ...(await confirmedHolders(t.handle.db, enterprise.id, [holder(11, { name: '张建国' }), holder(12, { name: '李秀兰' }), holder(13, { name: '王志强' }), holder(14, { name: '赵德胜' }), holder(15, { name: '孙桂芳' })])),
  });
  certificates.push(...issued.certificates.map((item) => ({ id: item.id, code: item.code, holderName: item.holderName })));
}, 120_000);
afterAll(() => t?.close());

describe('the agreement template', () => {
  it('ships a default citing 人社厅发〔2021〕66号, with help on every placeholder', async () => {
    const response = await hr.get('/api/v1/appointment-template');
    expect(response.statusCode).toBe(200);
    const template = response.json();
    expect(template.isDefault).toBe(true);
    expect(template.body).toContain('人社厅发〔2021〕66号');
    expect(template.placeholders.map((item: { name: string }) => item.name)).toEqual(expect.arrayContaining(['企业名称', '姓名', '岗位', '聘期起', '聘期止', '证书编码']));
  });

  it('refuses unknown placeholders, listing every one, and stores nothing', async () => {
    const response = await hr.request('PUT', '/api/v1/appointment-template', { body: '甲方：{{企业名称}}，工资{{月薪}}，部门{{部门}}' });
    expect(response.statusCode).toBe(400);
    const errors = response.json().errors as { code: string; messages: { 'zh-CN': string } }[];
    expect(errors.filter((error) => error.code === 'PLACEHOLDER_UNKNOWN').map((error) => error.messages['zh-CN'])).toEqual([expect.stringContaining('{{月薪}}'), expect.stringContaining('{{部门}}')]);
    expect((await hr.get('/api/v1/appointment-template')).json().isDefault).toBe(true);
  });

  it('previews with sample data, and saves the enterprise’s own text (audited)', async () => {
    const preview = await hr.post('/api/v1/appointment-template/preview', { body: '{{企业名称}} 聘任 {{姓名}}' });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().text).toContain(enterprise.name);
    const body = (await hr.get('/api/v1/appointment-template')).json().body.replace('第八条 其他', '第八条 其他\n本协议由{{企业名称}}人力资源部负责解释。');
    const saved = await hr.request('PUT', '/api/v1/appointment-template', { body });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().isDefault).toBe(false);
    const entries = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'appointment.template-updated'), eq(auditLog.targetId, enterprise.id)));
    expect(entries).toHaveLength(1);
  });

  it('is read-only for the supervising department', async () => {
    expect((await department.get(`/api/v1/appointment-template?enterpriseId=${enterprise.id}`)).statusCode).toBe(200);
    expect((await department.request('PUT', '/api/v1/appointment-template', { enterpriseId: enterprise.id, body: '{{姓名}}' })).statusCode).toBe(403);
  });
});

describe('appointing a holder', () => {
  let appointmentId: string;

  it('generates the agreement as an A4 PDF holding the filled fields', async () => {
    const response = await hr.post('/api/v1/appointments', { certificateId: certificates[0].id, ...term });
    expect(response.statusCode, response.body).toBe(201);
    const appointment = response.json();
    appointmentId = appointment.id;
    expect(appointment).toMatchObject({ status: 'drafted', termNumber: 1, allowedActs: ['sign', 'exit'] });
    const pdf = await hr.get(`/api/v1/appointments/${appointmentId}/agreement`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(execFileSync('pdfinfo', ['-'], { input: pdf.rawPayload, encoding: 'utf8' })).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const text = normalised(pdfText(pdf.rawPayload));
    for (const expected of ['特级技师聘任协议', enterprise.name, '张建国', certificates[0].code, term.post, '2025年1月1日', '2027年12月31日', '人社厅发〔2021〕66号', '人力资源部负责解释']) {
      expect(text, `the agreement lacks ${expected}`).toContain(normalised(expected));
    }
    expect(text).not.toContain('{{');
  });

  it('refuses a second open appointment and a term that ends before it starts', async () => {
    expect((await hr.post('/api/v1/appointments', { certificateId: certificates[0].id, ...term })).json().code).toBe('APPOINTMENT_EXISTS');
    const wrong = await hr.post('/api/v1/appointments', { certificateId: certificates[1].id, ...term, termEnd: '2024-12-31' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].code).toBe('TERM_END_BEFORE_START');
  });

  it('records the signing with the uploaded scan: the term is active', async () => {
    const missing = await hr.post(`/api/v1/appointments/${appointmentId}/sign`, { signedOn: '2024-12-30', signedFileId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(400);
    const signed = await hr.post(`/api/v1/appointments/${appointmentId}/sign`, { signedOn: '2024-12-30', signedFileId: await signedScan(hr) });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'active', signedOn: '2024-12-30', allowedActs: ['renew', 'exit'] });
    expect((await hr.post(`/api/v1/appointments/${appointmentId}/sign`, { signedOn: '2024-12-30', signedFileId: signed.json().signedFileId })).json().code).toBe('INVALID_TRANSITION');
  });

  it('shows the supervising department the holder read-only, and nobody outside the scope', async () => {
    const list = await department.get('/api/v1/appointment-holders');
    expect(list.statusCode).toBe(200);
    const row = list.json().items.find((item: { certificateId: string }) => item.certificateId === certificates[0].id);
    expect(row.appointment).toMatchObject({ status: 'active', allowedActs: [] });
    const detail = await department.get(`/api/v1/appointment-holders/${certificates[0].id}`);
    expect(detail.json().canWrite).toBe(false);
    expect((await department.post(`/api/v1/appointments/${appointmentId}/exit`, { category: 'left', reason: '离职', endedOn: '2025-06-30' })).statusCode).toBe(403);
    expect((await foreignHr.get(`/api/v1/appointment-holders/${certificates[0].id}`)).statusCode).toBe(404);
    expect((await foreignHr.get(`/api/v1/appointments/${appointmentId}/agreement`)).statusCode).toBe(404);
  });
});

describe('reminders of the term’s end', () => {
  it('are due 60 days ahead, not before, and are sent once to the enterprise’s HR', async () => {
    const holderIds = (items: { certificateId: string }[]) => items.map((item) => item.certificateId);
    expect(holderIds(await dueReminders(t.handle.db, '2027-10-31'))).not.toContain(certificates[0].id);
    const due = await dueReminders(t.handle.db, '2027-11-01');
    expect(holderIds(due)).toContain(certificates[0].id);
    expect(due.find((item) => item.certificateId === certificates[0].id)?.daysLeft).toBe(60);

    expect(await sendDueReminders(t.handle.db, testClock('2027-10-31T09:00:00+08:00'))).toBe(0);
    expect(await sendDueReminders(t.handle.db, testClock('2027-11-01T09:00:00+08:00'))).toBe(1);
    expect(await sendDueReminders(t.handle.db, testClock('2027-11-02T09:00:00+08:00'))).toBe(0);
    const sent = await t.handle.db.select().from(notifications).where(and(eq(notifications.userId, hr.me.id), eq(notifications.kind, 'appointment.term-ending')));
    expect(sent).toHaveLength(1);
    expect(sent[0].body['zh-CN']).toContain('张建国');
  });
});

describe('renewal, the studio, treatment and assessments', () => {
  it('renews with a new agreement linked to the previous term', async () => {
    const [current] = (await hr.get(`/api/v1/appointment-holders/${certificates[0].id}`)).json().appointments;
    const renewed = await hr.post(`/api/v1/appointments/${current.id}/renew`, { termStart: '2028-01-01', termEnd: '2030-12-31' });
    expect(renewed.statusCode, renewed.body).toBe(201);
    expect(renewed.json()).toMatchObject({ status: 'drafted', termNumber: 2, previousId: current.id, post: term.post });
    const detail = (await hr.get(`/api/v1/appointment-holders/${certificates[0].id}`)).json();
    expect(detail.appointments.map((item: { status: string }) => item.status)).toEqual(['drafted', 'renewed']);
    const text = normalised(pdfText((await hr.get(`/api/v1/appointments/${renewed.json().id}/agreement`)).rawPayload));
    expect(text).toContain('2028年1月1日');
    expect(text).toContain('2030年12月31日');
    expect((await dueReminders(t.handle.db, '2027-11-01')).map((item) => item.certificateId)).not.toContain(certificates[0].id);
  });

  it('records studio members, apprentices, projects, research and bid evaluation', async () => {
    const base = `/api/v1/appointment-holders/${certificates[0].id}`;
    const entries = [
      { kind: 'member', title: '刘海涛', detail: '高级技师', onDate: '2025-03-01' },
      { kind: 'apprentice', title: '陈晓东', detail: '技师', onDate: '2025-09-01' },
      { kind: 'project', title: '发电机定子绕组检修工艺改进', projectCategory: 'process-improvement', result: '检修工期缩短 30%', onDate: '2025-10-15' },
      { kind: 'research', title: '大型水电机组国产化科研项目', onDate: '2025-05-20' },
      { kind: 'bid-evaluation', title: '电机设备采购评标', onDate: '2025-07-02' },
    ];
    for (const entry of entries) {
      const response = await hr.post(`${base}/studio-entries`, entry);
      expect(response.statusCode, response.body).toBe(201);
    }
    const refused = await hr.post(`${base}/studio-entries`, { kind: 'project', title: '无类别项目', onDate: '2025-01-01' });
    expect(refused.json().errors.map((error: { path: string }) => error.path)).toEqual(['projectCategory']);
    expect((await hr.post(`${base}/treatments`, { kind: 'health-leave', description: '安排疗休养 7 天', grantedOn: '2025-08-01' })).statusCode).toBe(201);
    const detail = (await department.get(base)).json();
    expect(detail.studio).toHaveLength(5);
    expect(detail.treatments[0]).toMatchObject({ kind: 'health-leave' });
  });

  it('ends an appointment after a failed assessment without touching the certificate', async () => {
    const appointment = await appointAndSign(certificates[2].id);
    const base = `/api/v1/appointment-holders/${certificates[2].id}`;
    const assessed = await hr.post(`${base}/assessments`, { appointmentId: appointment.id, kind: 'yearly', year: 2025, result: 'unqualified', comment: '未完成年度攻关任务', assessedOn: '2025-12-20' });
    expect(assessed.statusCode, assessed.body).toBe(201);
    expect((await hr.post(`${base}/assessments`, { appointmentId: appointment.id, kind: 'yearly', year: 2025, result: 'qualified', assessedOn: '2025-12-21' })).json().code).toBe('ASSESSMENT_EXISTS');
    const exit = await hr.post(`/api/v1/appointments/${appointment.id}/exit`, { category: 'failed-assessment', reason: '2025 年度考核不合格', endedOn: '2026-01-10' });
    expect(exit.statusCode, exit.body).toBe(200);
    expect(exit.json()).toMatchObject({ appointment: { status: 'ended', exitCategory: 'failed-assessment' }, certificateRevoked: false, ban: null });
    expect((await hr.get(`/api/v1/certificates/${certificates[2].id}`)).json().status).toBe('valid');
    expect(await findActiveBan(t.handle.db, 'resident-id', residentId(13), '2026-02-01')).toBeNull();
  });
});

describe('exit for fraud (弄虚作假)', () => {
  it('asks for confirmation and evidence, then revokes the certificate and bans for five years, all audited', async () => {
    const appointment = await appointAndSign(certificates[1].id);
    const unconfirmed = await hr.post(`/api/v1/appointments/${appointment.id}/exit`, { category: 'fraud', reason: '申报业绩材料造假', endedOn: '2026-03-01' });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.json().errors.map((error: { code: string }) => error.code).sort()).toEqual(['CONFIRMATION_REQUIRED', 'EVIDENCE_REQUIRED']);
    expect((await hr.get(`/api/v1/certificates/${certificates[1].id}`)).json().status).toBe('valid');

    const evidence = (await upload(hr, { name: '核查报告.pdf', bytes: samplePdf('investigation') })).json().id;
    const exit = await hr.post(`/api/v1/appointments/${appointment.id}/exit`, { category: 'fraud', reason: '申报业绩材料造假', endedOn: '2026-03-01', evidenceFileIds: [evidence], confirmFraud: true });
    expect(exit.statusCode, exit.body).toBe(200);
    expect(exit.json()).toMatchObject({ appointment: { status: 'ended', exitCategory: 'fraud', exitEvidenceFileIds: [evidence] }, certificateRevoked: true, ban: { fromDate: '2026-03-01', untilDate: '2031-02-28', yearDisqualified: 2026 } });
    const certificate = (await hr.get(`/api/v1/certificates/${certificates[1].id}`)).json();
    expect(certificate).toMatchObject({ status: 'revoked', revocationBasis: 'fraud' });

    const ban = await findActiveBan(t.handle.db, 'resident-id', residentId(12), '2028-06-01');
    expect(ban).toMatchObject({ subjectName: '李秀兰', yearDisqualified: 2026 });
    expect(await findActiveBan(t.handle.db, 'resident-id', residentId(12), '2031-03-01')).toBeNull();

    const actions = (await t.handle.db.select().from(auditLog)).filter((entry) => [appointment.id, certificates[1].id, ban!.id].includes(entry.targetId ?? '')).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['appointment.drafted', 'appointment.signed', 'appointment.ended', 'certificate.revoked', 'ban.created']));
    expect((await department.get('/api/v1/bans')).json().items.map((item: { subjectName: string }) => item.subjectName)).toContain('李秀兰');
  });

  it('still ends the term and bans when the certificate was revoked before', async () => {
    const appointment = await appointAndSign(certificates[3].id);
    expect((await hr.post(`/api/v1/certificates/${certificates[3].id}/revoke`, { reason: '证书信息有误', basis: 'issued-in-error' })).statusCode).toBe(200);
    const evidence = (await upload(hr, { name: '核查报告2.pdf', bytes: samplePdf('investigation 2') })).json().id;
    const exit = await hr.post(`/api/v1/appointments/${appointment.id}/exit`, { category: 'fraud', reason: '伪造获奖证书', endedOn: '2026-04-01', evidenceFileIds: [evidence], confirmFraud: true });
    expect(exit.statusCode, exit.body).toBe(200);
    expect(exit.json().certificateRevoked).toBe(false);
    expect(await findActiveBan(t.handle.db, 'resident-id', residentId(14), '2026-04-02')).not.toBeNull();
  });
});

describe('an open-ended agreement (无固定期限) with the treatments of 五(二) listed', () => {
  const treatments = [
    { kind: 'pay', detail: '岗位工资、津贴按正高级工程师标准执行' },
    { kind: 'health-leave', detail: '每年疗休养7天' },
    { kind: 'residence', detail: null },
    { kind: 'housing', detail: '人才公寓一套' },
    { kind: 'medical', detail: '高层次人才医疗保健待遇' },
    { kind: 'education', detail: '子女入学协调' },
    { kind: 'other', detail: '技能大师津贴每月2000元' },
  ];
  const openEnded = { post: '首席焊接技能专家', duties: '焊接工艺攻关，带徒传技。', treatments, termKind: 'open-ended', termStart: '2025-01-01' };

  it('refuses a fixed term without its end, an open-ended one with an end, and an unnamed other treatment', async () => {
    const certificateId = certificates[4].id;
    const fixedWithoutEnd = await hr.post('/api/v1/appointments', { ...openEnded, certificateId, termKind: 'fixed' });
    expect(fixedWithoutEnd.statusCode).toBe(400);
    expect(fixedWithoutEnd.json().errors.map((error: { path: string; code: string }) => `${error.path}:${error.code}`)).toEqual(['termEnd:REQUIRED']);
    const openWithEnd = await hr.post('/api/v1/appointments', { ...openEnded, certificateId, termEnd: '2027-12-31' });
    expect(openWithEnd.json().errors.map((error: { path: string; code: string }) => `${error.path}:${error.code}`)).toEqual(['termEnd:TERM_END_NOT_ALLOWED']);
    const unnamed = await hr.post('/api/v1/appointments', { ...openEnded, certificateId, treatments: [{ kind: 'other', detail: ' ' }] });
    expect(unnamed.json().errors.map((error: { path: string; code: string }) => `${error.path}:${error.code}`)).toEqual(['treatments.0.detail:REQUIRED']);
  });

  it('is drafted, printed with no end and every treatment, signed; the holder page shows it; no term-end reminder ever comes', async () => {
    const certificateId = certificates[4].id;
    const drafted = await hr.post('/api/v1/appointments', { ...openEnded, certificateId });
    expect(drafted.statusCode, drafted.body).toBe(201);
    expect(drafted.json()).toMatchObject({ termKind: 'open-ended', termEnd: null, treatment: null, treatments: treatments.map((item) => ({ kind: item.kind, detail: item.detail })) });

    const pdf = await hr.get(`/api/v1/appointments/${drafted.json().id}/agreement`);
    expect(pdf.statusCode).toBe(200);
    const text = normalised(pdfText(pdf.rawPayload));
    for (const expected of [
      '孙桂芳',
      '本协议为无固定期限协议',
      '自2025年1月1日起，无固定期限',
      '（一）比照甲方正高级职称人员享受同等待遇：岗位工资、津贴按正高级工程师标准执行。',
      '（二）疗休养（休假）：每年疗休养7天。',
      '（三）落户。',
      '（四）购（租）住房：人才公寓一套。',
      '（五）医疗保障：高层次人才医疗保健待遇。',
      '（六）子女教育：子女入学协调。',
      '（七）技能大师津贴每月2000元。',
    ]) {
      expect(text, `the agreement lacks ${expected}`).toContain(normalised(expected));
    }
    expect(text).not.toContain('{{');

    const signed = await hr.post(`/api/v1/appointments/${drafted.json().id}/sign`, { signedOn: '2025-01-02', signedFileId: await signedScan(hr) });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'active', termKind: 'open-ended', termEnd: null });
    const detail = (await department.get(`/api/v1/appointment-holders/${certificateId}`)).json();
    expect(detail.appointment).toMatchObject({ termKind: 'open-ended', termEnd: null, treatments: expect.arrayContaining([{ kind: 'other', detail: '技能大师津贴每月2000元' }]) });

    // Years on, an open-ended term is never due: it has no end to remind of.
    expect((await dueReminders(t.handle.db, '2060-01-01')).map((item) => item.certificateId)).not.toContain(certificateId);
    const before = (await t.handle.db.select().from(notifications).where(eq(notifications.kind, 'appointment.term-ending'))).length;
    await sendDueReminders(t.handle.db, testClock('2060-01-01T09:00:00+08:00'));
    const sent = await t.handle.db.select().from(notifications).where(eq(notifications.kind, 'appointment.term-ending'));
    expect(sent.filter((item) => item.body['zh-CN'].includes('孙桂芳'))).toEqual([]);
    expect(sent.length).toBeGreaterThanOrEqual(before);
  });
});
