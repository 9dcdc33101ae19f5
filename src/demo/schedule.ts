// The demo's year as dates: one working day for each act, from the pilot filing to an exit, all
// inside one year whose holiday calendar is held, the last on or before today. Pure: no I/O.
import { addDays, type CalendarDate } from '../domain/calendar-date.ts';
import { isWorkday, noticeEnd, type WorkCalendar } from '../domain/working-days.ts';

/** Why the demo cannot play any year: no calendar held fits (DemoRefusal DEMO_NO_CALENDAR). */
export class NoDemoYear extends Error {
  constructor(readonly today: CalendarDate) {
    super(`no calendar year held can carry the demo (today: ${today})`);
  }
}

/** The working day on or after `date`. */
function workdayFrom(calendar: WorkCalendar, date: CalendarDate): CalendarDate {
  let day = date;
  while (!isWorkday(calendar, day)) day = addDays(day, 1);
  return day;
}

/** The `count`-th working day after `date`. */
function workdaysAfter(calendar: WorkCalendar, date: CalendarDate, count: number): CalendarDate {
  let day = date;
  for (let left = count; left > 0; ) {
    day = addDays(day, 1);
    if (isWorkday(calendar, day)) left -= 1;
  }
  return day;
}

/** The days of the demo's year, each act's own; every one a working day of a held calendar. */
export interface DemoSchedule {
  year: number;
  start: CalendarDate;
  pilotAccepted: CalendarDate;
  plan: CalendarDate;
  applicationFrom: CalendarDate;
  applicationTo: CalendarDate;
  /** The days applicants create and submit: spread over the window. */
  applicationDays: CalendarDate[];
  screening: CalendarDate;
  reviewFrom: CalendarDate;
  scoring: CalendarDate;
  voting: CalendarDate;
  reviewTo: CalendarDate;
  notice: { start: CalendarDate; end: CalendarDate };
  objection: CalendarDate;
  finding: CalendarDate;
  confirmation: CalendarDate;
  issuance: CalendarDate;
  appointment: CalendarDate;
  studio: CalendarDate;
  exit: CalendarDate;
}

/** The schedule of a year whose work starts on `start` (null when it needs a calendar that is not held). */
function scheduleFrom(calendar: WorkCalendar, start: CalendarDate): DemoSchedule | null {
  try {
    const on = (offset: number) => workdayFrom(calendar, addDays(start, offset));
    const applicationFrom = on(10);
    // The window: 15 working days; applicants act on nine of them, spread over it.
    const windowDays = [applicationFrom];
    while (windowDays.length < 15) windowDays.push(workdaysAfter(calendar, windowDays[windowDays.length - 1], 1));
    const applicationTo = windowDays[windowDays.length - 1];
    const applicationDays = [0, 1, 3, 5, 7, 9, 11, 12, 14].map((index) => windowDays[index]);
    const screening = workdayFrom(calendar, addDays(applicationTo, 1));
    const reviewFrom = workdaysAfter(calendar, screening, 2);
    const scoring = workdaysAfter(calendar, reviewFrom, 3);
    const voting = workdaysAfter(calendar, scoring, 2);
    const reviewTo = workdaysAfter(calendar, voting, 1);
    const noticeStart = workdaysAfter(calendar, reviewTo, 2);
    const notice = { start: noticeStart, end: noticeEnd(calendar, noticeStart, 5) };
    const objection = workdaysAfter(calendar, notice.start, 1);
    const finding = workdaysAfter(calendar, objection, 1);
    const confirmation = workdaysAfter(calendar, notice.end, 1);
    const issuance = workdaysAfter(calendar, confirmation, 2);
    const appointment = workdaysAfter(calendar, issuance, 3);
    const studio = workdaysAfter(calendar, appointment, 5);
    const exit = workdaysAfter(calendar, studio, 5);
    return {
      year: Number(start.slice(0, 4)),
      start: on(0),
      pilotAccepted: on(3),
      plan: on(7),
      applicationFrom,
      applicationTo,
      applicationDays,
      screening,
      reviewFrom,
      scoring,
      voting,
      reviewTo,
      notice,
      objection,
      finding,
      confirmation,
      issuance,
      appointment,
      studio,
      exit,
    };
  } catch {
    return null; // a day fell in a year without a calendar (CALENDAR_MISSING)
  }
}

/**
 * The demo's year: the latest schedule whose last act lies on or before `today`, inside one
 * calendar year that the system holds a calendar for. Today's year when it fits (its work began
 * in spring at the latest), otherwise the latest earlier year held (the whole year's work).
 */
export function demoSchedule(calendar: WorkCalendar, heldYears: readonly number[], today: CalendarDate): { schedule: DemoSchedule; note: { 'zh-CN': string; en: string } | null } {
  const todayYear = Number(today.slice(0, 4));
  const fits = (schedule: DemoSchedule, year: number, last: CalendarDate): boolean => schedule.start >= `${year}-01-01` && schedule.exit <= last && schedule.exit.slice(0, 4) === String(year);
  // Start as late as possible so that the exit falls on or just before the last day.
  const latest = (year: number, last: CalendarDate): DemoSchedule | null => {
    for (let back = 80; back <= 200; back += 1) {
      const schedule = scheduleFrom(calendar, addDays(last, -back));
      if (!schedule) continue;
      if (fits(schedule, year, last)) return schedule;
      if (schedule.start < `${year}-01-01`) return null;
    }
    return null;
  };
  if (heldYears.includes(todayYear)) {
    const schedule = latest(todayYear, today);
    if (schedule) return { schedule, note: null };
  }
  for (const year of [...heldYears].filter((held) => held < todayYear).sort((a, b) => b - a)) {
    const schedule = latest(year, `${year}-12-31`);
    if (!schedule) continue;
    const missing = !heldYears.includes(todayYear);
    return {
      schedule,
      note: missing
        ? {
            'zh-CN': `系统尚未保存${todayYear}年的节假日安排，演示数据按已保存的最近年度（${year}年）生成。可由系统管理员在「节假日日历」页面导入${todayYear}年的国务院办公厅通知。`,
            en: `No holiday calendar is held for ${todayYear}; the demo plays ${year}, the latest year held. The system administrator can load ${todayYear} on the 节假日日历 (holiday calendars) page.`,
          }
        : {
            'zh-CN': `今天（${today}）之前的${todayYear}年时间不足以完成一个完整的评聘年度，演示数据按${year}年生成。`,
            en: `Too little of ${todayYear} lies before today (${today}) for a whole year's work; the demo plays ${year}.`,
          },
    };
  }
  throw new NoDemoYear(today);
}
