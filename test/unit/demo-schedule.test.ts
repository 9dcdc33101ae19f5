// The demo's year on every day it may be seeded: each act on a working day of a held calendar, in
// order, inside one year, the notice five working days long and confirmed after its last day, the
// last act on or before today; and when today's year is not held, the latest year that is.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar-date.ts';
import { countWorkdays, createWorkCalendar, isWorkday } from '../../src/domain/working-days.ts';
import { demoSchedule, NoDemoYear, type DemoSchedule } from '../../src/demo/schedule.ts';
import { builtInCalendars } from '../../src/platform/calendar-sources.ts';

const held = builtInCalendars().filter((year) => year.year >= 2024 && year.year <= 2026);
const calendar = createWorkCalendar(held);
const years = held.map((year) => year.year);

function acts(schedule: DemoSchedule): string[] {
  return [
    schedule.start,
    schedule.pilotAccepted,
    schedule.plan,
    ...schedule.applicationDays,
    schedule.screening,
    schedule.reviewFrom,
    schedule.scoring,
    schedule.voting,
    schedule.reviewTo,
    schedule.notice.start,
    schedule.objection,
    schedule.finding,
    schedule.confirmation,
    schedule.issuance,
    schedule.appointment,
    schedule.studio,
    schedule.exit,
  ];
}

function expectSound(schedule: DemoSchedule, today: string) {
  const days = acts(schedule);
  expect([...days].sort(), 'in order').toEqual(days);
  for (const day of days) {
    expect(isWorkday(calendar, day), `${day} is a working day`).toBe(true);
    expect(day.slice(0, 4), `${day} in the demo's year`).toBe(String(schedule.year));
  }
  expect(schedule.exit <= today, `the last act ${schedule.exit} is not after today ${today}`).toBe(true);
  expect(schedule.applicationDays.length).toBeGreaterThanOrEqual(8);
  for (const day of schedule.applicationDays) expect(day >= schedule.applicationFrom && day <= schedule.applicationTo).toBe(true);
  expect(schedule.screening > schedule.applicationTo).toBe(true);
  expect(countWorkdays(calendar, schedule.notice.start, schedule.notice.end)).toBe(5);
  expect(schedule.objection >= schedule.notice.start && schedule.finding <= schedule.notice.end).toBe(true);
  expect(schedule.confirmation > schedule.notice.end).toBe(true);
  expect(schedule.reviewTo < schedule.notice.start).toBe(true);
}

describe('demoSchedule', () => {
  it('fits every day of a held year, 23–31 December included, ending at today when the year allows', () => {
    let day = '2025-01-01';
    while (day <= '2026-12-31') {
      const { schedule, note } = demoSchedule(calendar, years, day);
      expectSound(schedule, day);
      if (schedule.year === Number(day.slice(0, 4))) {
        expect(note).toBeNull();
        // As late as the rules allow: the last act lies within two weeks of today.
        expect(countWorkdays(calendar, schedule.exit, day)).toBeLessThanOrEqual(10);
      } else {
        // Too early in the year: the whole of the year before, and the note says why.
        expect(schedule.year).toBe(Number(day.slice(0, 4)) - 1);
        expect(day < `${day.slice(0, 4)}-05-01`).toBe(true);
        expect(note?.['zh-CN']).toContain(`按${schedule.year}年生成`);
      }
      day = addDays(day, 1);
    }
  });

  it('plays the latest year held when today’s year has no calendar, and says so', () => {
    for (const day of ['2027-01-01', '2027-01-15', '2027-06-30', '2027-12-31']) {
      const { schedule, note } = demoSchedule(calendar, years, day);
      expectSound(schedule, day);
      expect(schedule.year).toBe(2026);
      expect(note?.['zh-CN']).toContain('系统尚未保存2027年的节假日安排');
      expect(note?.en).toContain('No holiday calendar is held for 2027');
    }
  });

  it('refuses when no held year can carry it', () => {
    expect(() => demoSchedule(calendar, years, '2023-06-01')).toThrow(NoDemoYear);
    expect(() => demoSchedule(createWorkCalendar([]), [], '2026-06-01')).toThrow(NoDemoYear);
  });
});
