// Working days under the State Council's yearly holiday arrangement (国务院办公厅关于部分节假日安排的
// 通知): a working day is a Monday–Friday that is no public holiday, or a weekend day made a working
// day (调休上班). The rules count only in years whose calendar the system holds: a year without
// one is refused with CALENDAR_MISSING, never guessed.

import {
  addDays,
  compareCalendarDates,
  isWeekend,
  parseCalendarDate,
  requireCalendarDate,
  toDayNumber,
  type CalendarDate,
} from './calendar-date.ts';
import { DomainError, type LocalizedText, type ValidationIssue } from './errors.ts';

/**
 * Where a held year comes from: the State Council calendars the `chinese-days` package ships, the
 * text of the State Council General Office's notice (holiday-notice.ts), a calendar file (our JSON,
 * chinese-days' JSON, an .ics) or dates entered by hand.
 */
export const CALENDAR_SOURCES = ['chinese-days', 'state-council-notice', 'file', 'manual'] as const;
export type CalendarSource = (typeof CALENDAR_SOURCES)[number];

export const CALENDAR_SOURCE_NAMES: Readonly<Record<CalendarSource, LocalizedText>> = {
  'chinese-days': { 'zh-CN': 'chinese-days 数据包', en: 'chinese-days package' },
  'state-council-notice': { 'zh-CN': '国务院办公厅通知原文', en: "State Council General Office's notice" },
  file: { 'zh-CN': '日历文件', en: 'calendar file' },
  manual: { 'zh-CN': '手工录入或更正', en: 'entered or corrected by hand' },
};

export function isCalendarSource(value: unknown): value is CalendarSource {
  return typeof value === 'string' && (CALENDAR_SOURCES as readonly string[]).includes(value);
}

/** One year's arrangement: days off (holidays, including the weekend days inside a holiday
 * period) and make-up working days on weekends. */
export interface CalendarYear {
  year: number;
  holidays: string[];
  workdays: string[];
  /** A CalendarSource; another text is kept as a hand edit's label. */
  source?: string;
  /** What exactly: the package version, the notice's title and number, the file's name. */
  sourceDetail?: string;
}

interface HeldYear {
  readonly holidays: ReadonlySet<CalendarDate>;
  readonly workdays: ReadonlySet<CalendarDate>;
  readonly source?: string;
}

/** The calendars the system holds, by year. Build it with createWorkCalendar. */
export interface WorkCalendar {
  readonly years: ReadonlyMap<number, HeldYear>;
}

export type DayKind = 'working-day' | 'weekend' | 'holiday' | 'make-up-working-day';

export const DAY_KIND_NAMES: Readonly<Record<DayKind, LocalizedText>> = {
  'working-day': { 'zh-CN': '工作日', en: 'working day' },
  weekend: { 'zh-CN': '休息日（周末）', en: 'weekend day' },
  holiday: { 'zh-CN': '法定节假日（放假）', en: 'public holiday' },
  'make-up-working-day': { 'zh-CN': '调休上班日', en: 'make-up working day' },
};

/** 四(三): the recommended list is published for at least 5 working days. */
export const MINIMUM_NOTICE_WORKING_DAYS = 5;

export const EARLIEST_CALENDAR_YEAR = 1949;
export const LATEST_CALENDAR_YEAR = 2999;

function calendarIssue(code: string, message: LocalizedText, params: Record<string, string | number>): ValidationIssue {
  return { code, message, params };
}

/**
 * Every fault of one calendar year: the year itself, dates that are not real or lie outside the
 * year, a date that is both a holiday and a working day, and a year with no holiday at all
 * (every year has at least 元旦; an empty year would pass for plain weekdays, which is the guess
 * the system must never make).
 */
export function validateCalendarYear(calendar: CalendarYear): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const year = calendar.year;
  if (!Number.isInteger(year) || year < EARLIEST_CALENDAR_YEAR || year > LATEST_CALENDAR_YEAR) {
    issues.push(
      calendarIssue(
        'CALENDAR_YEAR_INVALID',
        {
          'zh-CN': `年份“${String(year)}”无效（应为${EARLIEST_CALENDAR_YEAR}–${LATEST_CALENDAR_YEAR}之间的整数）`,
          en: `"${String(year)}" is not a year between ${EARLIEST_CALENDAR_YEAR} and ${LATEST_CALENDAR_YEAR}`,
        },
        { year: String(year) },
      ),
    );
    return issues;
  }
  const lists: readonly ['holidays' | 'workdays', unknown][] = [
    ['holidays', calendar.holidays],
    ['workdays', calendar.workdays],
  ];
  for (const [list, dates] of lists) {
    const label: LocalizedText =
      list === 'holidays' ? { 'zh-CN': '放假日期', en: 'holiday' } : { 'zh-CN': '调休上班日期', en: 'make-up working day' };
    if (!Array.isArray(dates)) {
      issues.push(
        calendarIssue(
          'CALENDAR_LIST_INVALID',
          { 'zh-CN': `${year}年的${label['zh-CN']}应为日期列表`, en: `The ${label.en} list of ${year} is not a list of dates` },
          { year, list },
        ),
      );
      continue;
    }
    for (const date of dates) {
      const parts = parseCalendarDate(date);
      if (!parts) {
        issues.push(
          calendarIssue(
            'CALENDAR_DATE_INVALID',
            {
              'zh-CN': `${label['zh-CN']}“${String(date)}”不是有效日期（格式为YYYY-MM-DD）`,
              en: `The ${label.en} "${String(date)}" is not a real date written YYYY-MM-DD`,
            },
            { year, list, date: String(date) },
          ),
        );
      } else if (parts.year !== year) {
        issues.push(
          calendarIssue(
            'CALENDAR_DATE_OUTSIDE_YEAR',
            {
              'zh-CN': `${label['zh-CN']}${String(date)}不在${year}年内`,
              en: `The ${label.en} ${String(date)} lies outside ${year}`,
            },
            { year, list, date: String(date) },
          ),
        );
      }
    }
  }
  if (Array.isArray(calendar.holidays) && Array.isArray(calendar.workdays)) {
    const holidays = new Set(calendar.holidays);
    for (const date of new Set(calendar.workdays)) {
      if (holidays.has(date)) {
        issues.push(
          calendarIssue(
            'CALENDAR_DATE_CONFLICT',
            {
              'zh-CN': `${date}不能既是放假日又是调休上班日`,
              en: `${date} cannot be both a holiday and a make-up working day`,
            },
            { year, date },
          ),
        );
      }
    }
    if (calendar.holidays.length === 0) {
      issues.push(
        calendarIssue(
          'CALENDAR_YEAR_EMPTY',
          {
            'zh-CN': `${year}年的日历没有任何放假日期（每年至少有元旦），不能作为该年的节假日安排`,
            en: `The calendar of ${year} holds no holiday at all (every year has New Year's Day); it cannot stand for that year's arrangement`,
          },
          { year },
        ),
      );
    }
  }
  return issues;
}

/** The year with its dates sorted and without repeats. */
export function normaliseCalendarYear(calendar: CalendarYear): CalendarYear {
  return {
    year: calendar.year,
    holidays: [...new Set(calendar.holidays)].sort(),
    workdays: [...new Set(calendar.workdays)].sort(),
    ...(calendar.source === undefined ? {} : { source: calendar.source }),
    ...(calendar.sourceDetail === undefined ? {} : { sourceDetail: calendar.sourceDetail }),
  };
}

/**
 * Builds the calendar from the years held. A year given twice keeps its last entry, so that
 * `createWorkCalendar([...builtIn, ...corrections])` applies the corrections. An invalid year is
 * refused with CALENDAR_INVALID.
 */
export function createWorkCalendar(calendars: readonly CalendarYear[]): WorkCalendar {
  const years = new Map<number, HeldYear>();
  for (const calendar of calendars) {
    const issues = validateCalendarYear(calendar);
    if (issues.length > 0) {
      throw new DomainError('CALENDAR_INVALID', {
        ...(Number.isInteger(calendar.year) ? { year: calendar.year } : {}),
        issues,
      });
    }
    years.set(calendar.year, {
      holidays: new Set(calendar.holidays),
      workdays: new Set(calendar.workdays),
      ...(calendar.source === undefined ? {} : { source: calendar.source }),
    });
  }
  return { years };
}

/** The years the calendar holds, in order. */
export function heldYears(calendar: WorkCalendar): number[] {
  return [...calendar.years.keys()].sort((a, b) => a - b);
}

function heldYear(calendar: WorkCalendar, year: number): HeldYear {
  const held = calendar.years.get(year);
  if (!held) throw new DomainError('CALENDAR_MISSING', { year });
  return held;
}

/** What a day is: a working day, a weekend day, a holiday or a make-up working day. */
export function dayKind(calendar: WorkCalendar, date: CalendarDate): DayKind {
  const { year } = requireCalendarDate(date, 'date');
  const held = heldYear(calendar, year);
  if (held.workdays.has(date)) return isWeekend(date) ? 'make-up-working-day' : 'working-day';
  if (held.holidays.has(date)) return 'holiday';
  return isWeekend(date) ? 'weekend' : 'working-day';
}

export function isWorkday(calendar: WorkCalendar, date: CalendarDate): boolean {
  const kind = dayKind(calendar, date);
  return kind === 'working-day' || kind === 'make-up-working-day';
}

/** Refuses up front when any year from `fromYear` to `toYear` has no calendar. */
function requireYears(calendar: WorkCalendar, fromYear: number, toYear: number): void {
  for (let year = fromYear; year <= toYear; year += 1) heldYear(calendar, year);
}

/** The working days from `from` to `to`, both included. */
export function countWorkdays(calendar: WorkCalendar, from: CalendarDate, to: CalendarDate): number {
  const start = requireCalendarDate(from, 'from');
  const end = requireCalendarDate(to, 'to');
  if (from > to) throw new DomainError('DATE_RANGE_REVERSED', { from, to });
  requireYears(calendar, start.year, end.year);
  const days = toDayNumber(to) - toDayNumber(from) + 1;
  let count = 0;
  let date = from;
  for (let index = 0; index < days; index += 1) {
    if (isWorkday(calendar, date)) count += 1;
    date = addDays(date, 1);
  }
  return count;
}

/**
 * The last day of a public notice that starts on `start`: the earliest day E such that
 * start..E, both included, hold at least `days` working days. A notice that starts on a holiday
 * or a weekend starts counting at the next working day. Fewer than 5 days is refused
 * (NOTICE_TOO_SHORT); a plan may set more.
 */
export function noticeEnd(
  calendar: WorkCalendar,
  start: CalendarDate,
  days: number = MINIMUM_NOTICE_WORKING_DAYS,
): CalendarDate {
  requireCalendarDate(start, 'start');
  if (!Number.isInteger(days) || days < MINIMUM_NOTICE_WORKING_DAYS) {
    throw new DomainError('NOTICE_TOO_SHORT', { days, minimum: MINIMUM_NOTICE_WORKING_DAYS });
  }
  let date = start;
  let counted = isWorkday(calendar, date) ? 1 : 0;
  while (counted < days) {
    date = addDays(date, 1);
    if (isWorkday(calendar, date)) counted += 1;
  }
  return date;
}

/**
 * From this day of a year (month-day), the next year's calendar is expected: the State Council
 * General Office publishes its notice in November or December. From then on, and until it is
 * loaded, the administrators are reminded.
 */
export const NEXT_YEAR_CALENDAR_EXPECTED_FROM = '11-01';

/** A year whose calendar is missing while it is due. */
export interface MissingCalendar {
  readonly year: number;
  /** Its first day: from then on no working day can be counted in it. */
  readonly dueDate: CalendarDate;
  /** Whole days from today to the due date (0 or negative once the year has begun). */
  readonly daysLeft: number;
  /** The year has begun without its calendar. */
  readonly overdue: boolean;
}

/**
 * The calendar year the system should hold by now and does not: this year's at any time, next
 * year's from 1 November (NEXT_YEAR_CALENDAR_EXPECTED_FROM); null when nothing is missing.
 */
export function missingCalendar(today: CalendarDate, held: Iterable<number>): MissingCalendar | null {
  const { year } = requireCalendarDate(today, 'today');
  const years = new Set(held);
  const missing = (candidate: number): MissingCalendar => {
    const dueDate = `${candidate}-01-01`;
    const daysLeft = toDayNumber(dueDate) - toDayNumber(today);
    return { year: candidate, dueDate, daysLeft, overdue: daysLeft <= 0 };
  };
  if (!years.has(year)) return missing(year);
  if (compareCalendarDates(today, `${year}-${NEXT_YEAR_CALENDAR_EXPECTED_FROM}`) >= 0 && !years.has(year + 1)) return missing(year + 1);
  return null;
}
