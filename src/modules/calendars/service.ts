import type { Database } from '../../db/client.ts';
import {
  countWorkdays,
  createWorkCalendar,
  noticeEnd,
  normaliseCalendarYear,
  validateCalendarYear,
  type CalendarYear,
} from '../../domain/working-days.ts';
import type { ValidationIssue } from '../../domain/errors.ts';
import { parseCalendarFile } from '../../platform/calendar-sources.ts';
import { loadCalendars, saveCalendar } from '../../platform/calendar-store.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, validationError } from '../../platform/errors.ts';
import { assertPermission } from '../../platform/policy.ts';

function refuse(issues: readonly ValidationIssue[]): AppError {
  return validationError(issues.map((issue) => ({ path: issue.field ?? '', code: issue.code, messages: issue.message })));
}

function summary(calendar: CalendarYear) {
  return { year: calendar.year, holidays: calendar.holidays.length, workdays: calendar.workdays.length, source: calendar.source ?? 'manual' };
}

export async function listCalendars(db: Database) {
  return { years: (await loadCalendars(db)).map(summary) };
}

export async function getCalendar(db: Database, year: number) {
  const calendar = (await loadCalendars(db)).find((candidate) => candidate.year === year);
  if (!calendar) throw new AppError('CALENDAR_MISSING', { year });
  return { year, holidays: calendar.holidays, workdays: calendar.workdays, source: calendar.source ?? 'manual' };
}

/** Loads or corrects one year (administrators of the ministry); every reason it is wrong, nothing stored. */
export async function putCalendar(db: Database, context: RequestContext, year: number, input: { holidays: string[]; workdays: string[]; source?: string }) {
  assertPermission(context.actor, 'calendar:write');
  const calendar = normaliseCalendarYear({ year, holidays: input.holidays, workdays: input.workdays, source: input.source ?? `manual:${context.actor.username}` });
  const issues = validateCalendarYear(calendar);
  if (issues.length) throw refuse(issues);
  await saveCalendar(db, context, calendar);
  return getCalendar(db, year);
}

/** Loads every year of a JSON or ICS file; all of it or nothing. */
export async function importCalendars(db: Database, context: RequestContext, input: { content: string; source?: string }) {
  assertPermission(context.actor, 'calendar:write');
  const parsed = parseCalendarFile(input.content, { source: input.source ?? `import:${context.actor.username}` });
  if (!parsed.valid) throw refuse(parsed.errors);
  await db.transaction(async (tx) => {
    for (const calendar of parsed.years) await saveCalendar(tx, context, normaliseCalendarYear(calendar));
  });
  return { loaded: parsed.years.map(summary) };
}

export async function computeNoticeEnd(db: Database, start: string, days: number) {
  const calendar = createWorkCalendar(await loadCalendars(db));
  return { start, days, end: noticeEnd(calendar, start, days) };
}

export async function computeWorkdayCount(db: Database, from: string, to: string) {
  const calendar = createWorkCalendar(await loadCalendars(db));
  return { from, to, count: countWorkdays(calendar, from, to) };
}
