import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

// The app's clock, not the machine's: the year's turn is reached by moving it.
const clock = new ManualClock('2026-10-31T09:00:00+08:00');
let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp({}, { clock });
  admin = await t.admin();
});
afterAll(() => t?.close());

describe('the calendars the working-day rules count with', () => {
  it('holds the State Council calendars of chinese-days from the first start', async () => {
    const years = (await admin.get('/api/v1/calendars')).json().years.map((year: { year: number }) => year.year);
    expect(years).toEqual(expect.arrayContaining([2004, 2021, 2024, 2025, 2026]));
    const year2025 = (await admin.get('/api/v1/calendars/2025')).json();
    // From 2025: 13 public holidays, New Year's Eve of the Spring Festival and 2 May added.
    expect(year2025.holidays).toEqual(expect.arrayContaining(['2025-01-28', '2025-05-02']));
  });

  it('computes the end of a notice around holidays and make-up working days', async () => {
    const cases = [
      { start: '2024-02-07', end: '2024-02-19' },
      { start: '2024-09-27', end: '2024-10-09' },
      { start: '2024-09-13', end: '2024-09-20' },
      { start: '2024-10-01', end: '2024-10-12' }, // starts on a holiday; ends on the make-up Saturday 10-12
    ];
    for (const { start, end } of cases) {
      expect((await admin.get(`/api/v1/workdays/notice-end?start=${start}`)).json()).toEqual({ start, days: 5, end });
    }
    const short = await admin.get('/api/v1/workdays/notice-end?start=2024-09-27&days=3');
    expect(short.statusCode).toBe(422);
    expect(short.json().code).toBe('NOTICE_TOO_SHORT');
  });

  it('refuses to count in a year it holds no calendar for, then counts once an administrator loads it', async () => {
    const missing = await admin.get('/api/v1/workdays/notice-end?start=2031-03-03');
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({ code: 'CALENDAR_MISSING', year: 2031 });
    expect(missing.json().messages['zh-CN']).toContain('2031');

    const loaded = await admin.request('PUT', '/api/v1/calendars/2031', { holidays: ['2031-01-01', '2031-03-04'], workdays: [] });
    expect(loaded.statusCode).toBe(200);
    expect((await admin.get('/api/v1/workdays/notice-end?start=2031-03-03')).json().end).toBe('2031-03-10');
    const audit = (await admin.get('/api/v1/audit?action=calendar.loaded&limit=1')).json().items[0];
    expect(audit.targetId).toBe('2031');
  });

  it('refuses a wrong calendar with every reason and keeps what it held', async () => {
    const response = await admin.request('PUT', '/api/v1/calendars/2030', { holidays: ['2030-02-30', '2029-12-31'], workdays: ['2030-01-01'] });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.length).toBeGreaterThanOrEqual(2);
    expect((await admin.get('/api/v1/calendars/2030')).statusCode).toBe(422);
  });

  it('imports the ICS file that chinese-days ships', async () => {
    const content = fs.readFileSync('node_modules/chinese-days/dist/holidays.ics', 'utf8');
    const response = await admin.post('/api/v1/calendars/import', { content, source: 'chinese-days holidays.ics' });
    expect(response.statusCode).toBe(200);
    expect(response.json().loaded.map((year: { year: number }) => year.year)).toEqual([2024, 2025, 2026]);
    expect((await admin.get('/api/v1/workdays/notice-end?start=2024-09-27')).json().end).toBe('2024-10-09');
  });
});

// The official texts (test/fixtures/vectors/holiday-notices) and a made-up 2027 text in the new wording
// (test/fixtures/holiday-notices/made-up-2027.txt: not an official notice, its weekdays are right).
const noticeVectors = (JSON.parse(fs.readFileSync('test/fixtures/vectors/holiday-notices/holiday-notices.json', 'utf8')) as { cases: { name: string; text: string }[] }).cases;
const officialText = (name: string) => noticeVectors.find((vector) => vector.name === name)!.text;
const text2027 = fs.readFileSync('test/fixtures/holiday-notices/made-up-2027.txt', 'utf8');
const title2027 = '国务院办公厅关于2027年部分节假日安排的通知';

async function auditCount() {
  return (await admin.get('/api/v1/audit?action=calendar.loaded&limit=500')).json().items.length as number;
}

describe('POST /api/v1/calendars/parse', () => {
  it('reads the text of the notice without saving it: the lists, each festival line, the working days, what is held now', async () => {
    const before = await auditCount();
    const response = await admin.post('/api/v1/calendars/parse', { text: officialText('official-2026') });
    expect(response.statusCode, response.body).toBe(200);
    const parsed = response.json();
    const held = (await admin.get('/api/v1/calendars/2026')).json();
    expect(parsed).toMatchObject({ year: 2026, holidays: held.holidays, workdays: held.workdays, title: '国务院办公厅关于2026年部分节假日安排的通知', documentNumber: null, workingDays: 248 });
    expect(parsed.festivals[1]).toEqual({ name: '春节', line: 5, holidays: held.holidays.slice(3, 12), workdays: ['2026-02-14', '2026-02-28'] });
    expect(parsed.held).toEqual((await admin.get('/api/v1/calendars')).json().years.find((year: { year: number }) => year.year === 2026));
    expect(parsed.outsideYear).toEqual({ holidays: [], workdays: [] });
    expect((await admin.post('/api/v1/calendars/parse', { text: text2027 })).json()).toMatchObject({ year: 2027, held: null, workingDays: 248 });
    expect(await auditCount()).toBe(before);
  });

  it('refuses a text whose weekdays or day counts disagree: problem+json naming each line and its reason, nothing saved', async () => {
    const before = await auditCount();
    const response = await admin.post('/api/v1/calendars/parse', { text: officialText('wrong-weekday-2026') });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem).toMatchObject({ code: 'HOLIDAY_NOTICE_INVALID', count: 1 });
    expect(problem.errors).toEqual([
      {
        path: 'text',
        code: 'NOTICE_WEEKDAY_MISMATCH',
        line: 4,
        lineText: '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周一）上班。',
        messages: { 'zh-CN': '第4行：1月4日是周日，原文写的是周一', en: 'Line 4: 1月4日 is a Sunday (周日), the text says 周一' },
      },
    ]);
    expect(problem.messages['zh-CN']).toContain('未保存任何日期');
    const count = (await admin.post('/api/v1/calendars/parse', { text: officialText('wrong-count-2025') })).json();
    expect(count.errors.map((error: { line: number; messages: { en: string } }) => [error.line, error.messages.en])).toEqual([[7, 'Line 7: 1月28日 to 2月4日 is 8 days, the text says 共7天']]);
    const untitled = (await admin.post('/api/v1/calendars/parse', { text: '一、元旦：1月1日放假。' })).json();
    expect(untitled.errors).toEqual([expect.objectContaining({ code: 'NOTICE_TITLE_MISSING', path: 'text' })]);
    expect(untitled.errors[0].line).toBeUndefined();
    expect(await auditCount()).toBe(before);
  });

  it('is for those who load calendars only', async () => {
    const province = await buildProvince(admin, { name: '日历测试省人社厅' });
    const department = await buildUser(admin, province.id, ['department-admin']);
    const response = await (await t.login(department.username, department.password)).post('/api/v1/calendars/parse', { text: text2027 });
    expect(response.statusCode).toBe(403);
  });
});

describe('POST /api/v1/calendars/import with the text of the notice', () => {
  it('stores the year, its source the State Council text with its title, who loaded it and when (the app clock)', async () => {
    const response = await admin.post('/api/v1/calendars/import', { content: text2027 });
    expect(response.statusCode, response.body).toBe(200);
    const loaded = {
      year: 2027,
      holidays: 28,
      workdays: 5,
      source: 'state-council-notice',
      sourceDetail: title2027,
      loadedAt: clock.now().toISOString(),
      loadedBy: { id: admin.me.id, username: 'admin', displayName: expect.any(String) },
    };
    expect(response.json()).toEqual({ loaded: [loaded] });
    expect((await admin.get('/api/v1/calendars')).json().years.find((year: { year: number }) => year.year === 2027)).toEqual(loaded);
    expect((await admin.get('/api/v1/workdays/count?from=2027-01-01&to=2027-12-31')).json().count).toBe(248);
    const audit = (await admin.get('/api/v1/audit?action=calendar.loaded&limit=1')).json().items[0];
    expect(audit).toMatchObject({ targetId: '2027' });
    // The document number is kept with the title when the text has one.
    const replaced = await admin.post('/api/v1/calendars/import', { content: officialText('official-2025') });
    expect(replaced.json().loaded[0]).toMatchObject({ year: 2025, source: 'state-council-notice', sourceDetail: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）' });
  });

  it('refuses a text that disagrees with itself line by line and keeps what it held', async () => {
    const before = (await admin.get('/api/v1/calendars/2025')).json();
    const response = await admin.post('/api/v1/calendars/import', { content: officialText('wrong-count-2025') });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'HOLIDAY_NOTICE_INVALID', errors: [{ path: 'content', line: 7, code: 'NOTICE_DAY_COUNT_MISMATCH' }] });
    expect((await admin.get('/api/v1/calendars/2025')).json()).toEqual(before);
  });

  it('records a hand correction as manual and a file as file', async () => {
    const corrected = await admin.request('PUT', '/api/v1/calendars/2032', { holidays: ['2032-01-01'], workdays: [], source: '按通知手工录入' });
    expect(corrected.json()).toMatchObject({ source: 'manual', sourceDetail: '按通知手工录入', loadedBy: { username: 'admin' } });
    const file = await admin.post('/api/v1/calendars/import', { content: JSON.stringify({ year: 2033, holidays: ['2033-01-01'], workdays: [] }) });
    expect(file.json().loaded[0]).toMatchObject({ source: 'file', sourceDetail: null });
  });
});

describe('GET /api/v1/calendars/status: nobody is surprised at the year\'s turn', () => {
  let hr: TestClient;
  let department: TestClient;
  let employee: TestClient;
  const accounts: Record<'hr' | 'department' | 'employee', { username: string; password: string }> = {} as never;
  /** Moves the app's clock; sessions of a day long gone have expired, so everyone logs in again. */
  async function at(instant: string) {
    clock.set(instant);
    admin = await t.admin();
    hr = await t.login(accounts.hr.username, accounts.hr.password);
    department = await t.login(accounts.department.username, accounts.department.password);
    employee = await t.login(accounts.employee.username, accounts.employee.password);
  }
  beforeAll(async () => {
    const province = await buildProvince(admin, { name: '年末提醒省人社厅' });
    const enterprise = await buildEnterprise(admin, province.id, { name: '年末提醒企业' });
    accounts.hr = await buildUser(admin, enterprise.id, ['enterprise-admin']);
    accounts.department = await buildUser(admin, province.id, ['department-admin']);
    accounts.employee = await buildUser(admin, enterprise.id, ['employee']);
  });

  it('from 1 November, names next year while it is missing, to those who count in working days; says who may load it', async () => {
    // 2027 was loaded above; take a clock a year later, when 2028 is missing.
    await at('2027-10-31T23:59:00+08:00');
    expect((await admin.get('/api/v1/calendars/status')).json()).toEqual({ today: '2027-10-31', missingYear: null, dueDate: null, daysLeft: null, overdue: false, remind: false, canLoad: true });
    await at('2027-11-01T00:00:00+08:00');
    expect((await admin.get('/api/v1/calendars/status')).json()).toEqual({ today: '2027-11-01', missingYear: 2028, dueDate: '2028-01-01', daysLeft: 61, overdue: false, remind: true, canLoad: true });
    expect((await hr.get('/api/v1/calendars/status')).json()).toMatchObject({ missingYear: 2028, remind: true, canLoad: false });
    expect((await department.get('/api/v1/calendars/status')).json()).toMatchObject({ missingYear: 2028, remind: true, canLoad: false });
    expect((await employee.get('/api/v1/calendars/status')).json()).toMatchObject({ missingYear: 2028, remind: false, canLoad: false });
    // A year begun without its calendar is overdue.
    await at('2028-01-02T09:00:00+08:00');
    expect((await hr.get('/api/v1/calendars/status')).json()).toMatchObject({ missingYear: 2028, daysLeft: -1, overdue: true, remind: true });
    // Once loaded, nothing is missing.
    expect((await admin.request('PUT', '/api/v1/calendars/2028', { holidays: ['2028-01-01'], workdays: [] })).statusCode).toBe(200);
    expect((await hr.get('/api/v1/calendars/status')).json()).toMatchObject({ missingYear: null, remind: false });
  });

  it('the supervision dashboard lists the missing calendar among its deadlines in the same period', async () => {
    await at('2028-10-15T09:00:00+08:00');
    const early = (await hr.get('/api/v1/statistics/dashboard')).json();
    expect(early.followUps.filter((row: { kind: string }) => row.kind === 'calendar-missing')).toEqual([]);
    await at('2028-11-02T09:00:00+08:00');
    for (const client of [hr, department, admin]) {
      const dashboard = (await client.get('/api/v1/statistics/dashboard')).json();
      expect(dashboard.followUps).toContainEqual({ kind: 'calendar-missing', severity: 'at-risk', organisationId: null, organisationName: '全系统（节假日日历）', dueDate: '2029-01-01', daysLeft: 60 });
    }
    // A past year's dashboard does not carry it.
    const past = (await hr.get('/api/v1/statistics/dashboard?year=2027')).json();
    expect(past.followUps.filter((row: { kind: string }) => row.kind === 'calendar-missing')).toEqual([]);
    const exported = await hr.get('/api/v1/statistics/export?table=followUps');
    expect(exported.statusCode).toBe(200);
  });

  it('CALENDAR_MISSING says who loads the year and where, in both languages', async () => {
    const response = await hr.get('/api/v1/workdays/count?from=2029-01-01&to=2029-01-31');
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'CALENDAR_MISSING', year: 2029 });
    expect(response.json().messages['zh-CN']).toContain('请系统管理员在「节假日日历」页面导入国务院办公厅关于2029年部分节假日安排的通知');
    expect(response.json().messages.en).toContain('A system administrator loads');
    const held = await hr.get('/api/v1/calendars/2029');
    expect(held.json().messages['zh-CN']).toContain('「节假日日历」');
  });
});
