import type { Database } from '../../db/client.ts';
import { parseHolidayNotice } from '../../domain/holiday-notice.ts';
import {
  countWorkdays,
  createWorkCalendar,
  missingCalendar,
  noticeEnd,
  normaliseCalendarYear,
  validateCalendarYear,
  type CalendarYear,
} from '../../domain/working-days.ts';
import type { ValidationIssue } from '../../domain/errors.ts';
import { detectCalendarFormat, noticeProblemIssue, parseCalendarFile } from '../../platform/calendar-sources.ts';
import { heldCalendarYears, listStoredCalendars, loadCalendars, saveCalendar, type StoredCalendar } from '../../platform/calendar-store.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, validationError, type FieldError } from '../../platform/errors.ts';
import { assertPermission, hasPermission, isRemindedOfCalendars } from '../../platform/policy.ts';

function fieldErrorOf(issue: ValidationIssue, path: string): FieldError {
  const line = issue.params?.line;
  const text = issue.params?.text;
  return {
    path: issue.field ?? path,
    code: issue.code,
    messages: issue.message,
    ...(typeof line === 'number' ? { line } : {}),
    ...(typeof text === 'string' ? { lineText: text } : {}),
  };
}

function refuse(issues: readonly ValidationIssue[]): AppError {
  return validationError(issues.map((issue) => fieldErrorOf(issue, '')));
}

/** A notice's text refused: every line's problem, nothing saved. */
function refuseNotice(issues: readonly ValidationIssue[], path: string): AppError {
  return new AppError('HOLIDAY_NOTICE_INVALID', { count: issues.length }, { errors: issues.map((issue) => fieldErrorOf(issue, path)) });
}

function provenance(calendar: StoredCalendar) {
  return { source: calendar.source, sourceDetail: calendar.sourceDetail, loadedAt: calendar.loadedAt.toISOString(), loadedBy: calendar.loadedBy };
}

function summary(calendar: StoredCalendar) {
  return { year: calendar.year, holidays: calendar.holidays.length, workdays: calendar.workdays.length, ...provenance(calendar) };
}

export async function listCalendars(db: Database) {
  return { years: (await listStoredCalendars(db)).map(summary) };
}

export async function getCalendar(db: Database, year: number) {
  const calendar = (await listStoredCalendars(db)).find((candidate) => candidate.year === year);
  if (!calendar) throw new AppError('CALENDAR_MISSING', { year });
  return { year, holidays: calendar.holidays, workdays: calendar.workdays, ...provenance(calendar) };
}

/** Loads or corrects one year by hand (calendar:write); every reason it is wrong, nothing stored. */
export async function putCalendar(db: Database, context: RequestContext, year: number, input: { holidays: string[]; workdays: string[]; source?: string }) {
  assertPermission(context.actor, 'calendar:write');
  const calendar = normaliseCalendarYear({
    year,
    holidays: input.holidays,
    workdays: input.workdays,
    source: 'manual',
    ...(input.source === undefined ? {} : { sourceDetail: input.source }),
  });
  const issues = validateCalendarYear(calendar);
  if (issues.length) throw refuse(issues);
  await saveCalendar(db, context, calendar);
  return getCalendar(db, year);
}

/**
 * Loads every year of the State Council's notice (its text), a JSON or an ICS file; all of it or
 * nothing. A notice's problems are refused line by line (HOLIDAY_NOTICE_INVALID).
 */
export async function importCalendars(db: Database, context: RequestContext, input: { content: string; source?: string }) {
  assertPermission(context.actor, 'calendar:write');
  const parsed = parseCalendarFile(input.content, input.source === undefined ? {} : { source: input.source });
  if (!parsed.valid) throw detectCalendarFormat(input.content) === 'notice' ? refuseNotice(parsed.errors, 'content') : refuse(parsed.errors);
  await db.transaction(async (tx) => {
    for (const calendar of parsed.years) await saveCalendar(tx, context, normaliseCalendarYear(calendar));
  });
  const stored = new Map((await listStoredCalendars(db)).map((calendar) => [calendar.year, calendar]));
  return { loaded: parsed.years.map((calendar) => summary(stored.get(calendar.year)!)) };
}

/**
 * Reads the text of the State Council General Office's notice without saving it: the year's days,
 * each festival line, the working days they leave, and what is held for the year now.
 */
export async function parseNoticeText(db: Database, context: RequestContext, input: { text: string }) {
  assertPermission(context.actor, 'calendar:write');
  const notice = parseHolidayNotice(input.text);
  if (!notice.valid) throw refuseNotice(notice.problems.map(noticeProblemIssue), 'text');
  const calendar: CalendarYear = { year: notice.year, holidays: notice.holidays, workdays: notice.workdays };
  const issues = validateCalendarYear(calendar);
  if (issues.length) throw refuse(issues);
  const held = (await listStoredCalendars(db)).find((candidate) => candidate.year === notice.year);
  return {
    year: notice.year,
    holidays: notice.holidays,
    workdays: notice.workdays,
    title: notice.title,
    documentNumber: notice.documentNumber,
    festivals: notice.festivals.map((festival) => ({ name: festival.name, line: festival.line, holidays: [...festival.holidays], workdays: [...festival.workdays] })),
    outsideYear: notice.outsideYear,
    workingDays: countWorkdays(createWorkCalendar([calendar]), `${notice.year}-01-01`, `${notice.year}-12-31`),
    held: held ? summary(held) : null,
  };
}

/**
 * Whether the calendar due by the app's clock is held: this year's, and next year's from
 * 1 November. The banner and the dashboard's deadlines read it.
 */
export async function calendarStatus(db: Database, context: RequestContext) {
  const today = context.clock.today();
  const missing = missingCalendar(today, await heldCalendarYears(db));
  return {
    today,
    missingYear: missing?.year ?? null,
    dueDate: missing?.dueDate ?? null,
    daysLeft: missing?.daysLeft ?? null,
    overdue: missing?.overdue ?? false,
    remind: missing !== null && isRemindedOfCalendars(context.actor),
    canLoad: hasPermission(context.actor, 'calendar:write'),
  };
}

export async function computeNoticeEnd(db: Database, start: string, days: number) {
  const calendar = createWorkCalendar(await loadCalendars(db));
  return { start, days, end: noticeEnd(calendar, start, days) };
}

export async function computeWorkdayCount(db: Database, from: string, to: string) {
  const calendar = createWorkCalendar(await loadCalendars(db));
  return { from, to, count: countWorkdays(calendar, from, to) };
}
