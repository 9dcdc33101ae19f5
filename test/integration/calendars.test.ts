import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
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
