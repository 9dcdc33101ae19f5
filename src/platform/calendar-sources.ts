// Where the State Council calendars come from: the data the `chinese-days` package ships, and what
// an administrator loads to add or correct a year: the text of the State Council General Office's
// notice (src/domain/holiday-notice.ts), our JSON, chinese-days' JSON, or the .ics that
// chinese-days ships. Everything is validated before it reaches the calendar, and every year
// carries its source (CALENDAR_SOURCES) and what exactly it came from (sourceDetail).

import { createRequire } from 'node:module';
import { addDays, calendarDateInChina, formatCalendarDate, isRealDate } from '../domain/calendar-date.ts';
import type { LocalizedText, ValidationIssue } from '../domain/errors.ts';
import { looksLikeHolidayNotice, parseHolidayNotice, type HolidayNoticeProblem } from '../domain/holiday-notice.ts';
import { isCalendarSource, normaliseCalendarYear, validateCalendarYear, type CalendarSource, type CalendarYear } from '../domain/working-days.ts';

const require = createRequire(import.meta.url);

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays?: Record<string, string>;
}

export type CalendarParseResult =
  | { readonly valid: true; readonly years: CalendarYear[] }
  | { readonly valid: false; readonly errors: ValidationIssue[] };

export interface CalendarParseOptions {
  /** Recorded as each year's sourceDetail (e.g. the file's name) when the file does not name one. */
  readonly source?: string;
}

function issue(code: string, message: LocalizedText, params?: Record<string, string | number>): ValidationIssue {
  return params === undefined ? { code, message } : { code, message, params };
}

function groupByYear(holidays: Iterable<string>, workdays: Iterable<string>, source: CalendarSource, sourceDetail: string | undefined): CalendarYear[] {
  const years = new Map<number, CalendarYear>();
  const yearEntry = (date: string): CalendarYear => {
    const year = Number(date.slice(0, 4));
    let entry = years.get(year);
    if (!entry) {
      entry = { year, holidays: [], workdays: [], source, ...(sourceDetail === undefined ? {} : { sourceDetail }) };
      years.set(year, entry);
    }
    return entry;
  };
  for (const date of holidays) yearEntry(date).holidays.push(date);
  for (const date of workdays) yearEntry(date).workdays.push(date);
  return [...years.values()].sort((a, b) => a.year - b.year);
}

/** The years' own faults, plus a year given twice in one file. */
function finish(years: CalendarYear[]): CalendarParseResult {
  const errors: ValidationIssue[] = [];
  const seen = new Set<number>();
  for (const year of years) {
    if (seen.has(year.year)) {
      errors.push(
        issue(
          'CALENDAR_YEAR_DUPLICATE',
          { 'zh-CN': `${year.year}年在文件中出现了不止一次`, en: `${year.year} appears more than once in the file` },
          { year: year.year },
        ),
      );
    }
    seen.add(year.year);
    errors.push(...validateCalendarYear(year));
  }
  if (years.length === 0) {
    errors.push(
      issue('CALENDAR_EMPTY', { 'zh-CN': '文件中没有任何年度的节假日安排', en: 'The file holds no year of holiday arrangements' }),
    );
  }
  if (errors.length > 0) return { valid: false, errors };
  return { valid: true, years: years.map(normaliseCalendarYear) };
}

let builtIn: CalendarYear[] | undefined;

/**
 * The State Council calendars chinese-days holds (2004 to its latest year), one entry a year.
 * `dist/chinese-days.json` carries every year that `dist/years/YYYY.json` does, with the same
 * dates; `inLieuDays` (the weekdays given off in exchange) are already among its holidays.
 */
export function builtInCalendars(): CalendarYear[] {
  if (!builtIn) {
    const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
    const { version } = require('chinese-days/package.json') as { version: string };
    builtIn = groupByYear(Object.keys(data.holidays), Object.keys(data.workdays), 'chinese-days', `chinese-days@${version}`).map(
      normaliseCalendarYear,
    );
  }
  return builtIn.map((year) => ({ ...year, holidays: [...year.holidays], workdays: [...year.workdays] }));
}

function isRecordOfStrings(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ownCalendarYear(value: unknown, index: number, source: string | undefined): CalendarYear | ValidationIssue {
  const where = { 'zh-CN': `第${index + 1}项`, en: `entry ${index + 1}` };
  if (!isRecordOfStrings(value)) {
    return issue('CALENDAR_ENTRY_INVALID', {
      'zh-CN': `${where['zh-CN']}应为{year, holidays, workdays}对象`,
      en: `${where.en} is not a {year, holidays, workdays} object`,
    });
  }
  const { year, holidays, workdays } = value;
  const isStringList = (list: unknown): list is string[] => Array.isArray(list) && list.every((item) => typeof item === 'string');
  if (typeof year !== 'number' || !isStringList(holidays) || !isStringList(workdays)) {
    return issue('CALENDAR_ENTRY_INVALID', {
      'zh-CN': `${where['zh-CN']}应含数字year及日期文本列表holidays、workdays`,
      en: `${where.en} needs a numeric year and the date lists holidays and workdays`,
    });
  }
  // The file may name a source of ours (with its detail), or say in its own words where it is from.
  const named = typeof value.source === 'string' && value.source !== '' ? value.source : undefined;
  const namedDetail = typeof value.sourceDetail === 'string' && value.sourceDetail !== '' ? value.sourceDetail : undefined;
  const detail = isCalendarSource(named) ? (namedDetail ?? source) : (named ?? source);
  return { year, holidays, workdays, source: isCalendarSource(named) ? named : 'file', ...(detail === undefined ? {} : { sourceDetail: detail }) };
}

/**
 * Reads a calendar JSON: our own `{year, holidays: [...], workdays: [...], source?}`, an array of
 * them, or chinese-days' shape `{holidays: {date: label}, workdays: {date: label}, inLieuDays?}`.
 */
export function parseCalendarJson(text: string, options: CalendarParseOptions = {}): CalendarParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return {
      valid: false,
      errors: [
        issue('CALENDAR_JSON_INVALID', {
          'zh-CN': `文件不是有效的JSON：${(error as Error).message}`,
          en: `The file is not valid JSON: ${(error as Error).message}`,
        }),
      ],
    };
  }
  const entries = Array.isArray(data) ? data : [data];
  if (!Array.isArray(data) && isRecordOfStrings(data) && isRecordOfStrings(data.holidays) && isRecordOfStrings(data.workdays)) {
    const shaped = data as unknown as ChineseDaysData;
    const dates = [...Object.keys(shaped.holidays), ...Object.keys(shaped.workdays)];
    const badDates = dates.filter((date) => !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(date));
    if (badDates.length > 0) {
      return {
        valid: false,
        errors: badDates.map((date) =>
          issue(
            'CALENDAR_DATE_INVALID',
            {
              'zh-CN': `“${date}”不是有效日期（格式为YYYY-MM-DD）`,
              en: `"${date}" is not a real date written YYYY-MM-DD`,
            },
            { date },
          ),
        ),
      };
    }
    return finish(groupByYear(Object.keys(shaped.holidays), Object.keys(shaped.workdays), 'file', options.source ?? 'chinese-days JSON'));
  }
  const years: CalendarYear[] = [];
  const errors: ValidationIssue[] = [];
  entries.forEach((entry, index) => {
    const read = ownCalendarYear(entry, index, options.source);
    if ('code' in read) errors.push(read);
    else years.push(read);
  });
  if (errors.length > 0) return { valid: false, errors };
  return finish(years);
}

interface IcsProperty {
  readonly name: string;
  readonly parameters: string;
  readonly value: string;
}

function unescapeIcsText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_match, character: string) => (character === 'n' || character === 'N' ? '\n' : character));
}

/** The calendar date an ICS DTSTART/DTEND value names (UTC times are read in China's zone). */
function icsDate(value: string): { date: string; midnight: boolean } | null {
  const match = /^([0-9]{4})([0-9]{2})([0-9]{2})(?:T([0-9]{2})([0-9]{2})([0-9]{2})(Z?))?$/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second, utc] = match;
  if (!isRealDate(Number(year), Number(month), Number(day))) return null;
  if (hour !== undefined && utc === 'Z') {
    const instant = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)));
    const date = calendarDateInChina(instant);
    return { date, midnight: instant.getTime() === Date.parse(`${date}T00:00:00+08:00`) };
  }
  return {
    date: formatCalendarDate(Number(year), Number(month), Number(day)),
    midnight: hour === undefined || (hour === '00' && minute === '00' && second === '00'),
  };
}

type DayKind = 'holiday' | 'workday';

function eventKind(properties: readonly IcsProperty[]): DayKind | null {
  const value = (name: string) => properties.find((property) => property.name === name)?.value;
  const description = value('DESCRIPTION') && unescapeIcsText(value('DESCRIPTION')!).trim();
  if (description === '休' || description === 'Holiday') return 'holiday';
  if (description === '班' || description === 'Workday') return 'workday';
  const summary = value('SUMMARY') && unescapeIcsText(value('SUMMARY')!).trim();
  if (summary) {
    if (/[(（](休|Holiday)[)）]$/.test(summary)) return 'holiday';
    if (/[(（](班|Workday)[)）]$/.test(summary)) return 'workday';
  }
  const special = value('X-APPLE-SPECIAL-DAY');
  if (special === 'WORK-HOLIDAY') return 'holiday';
  if (special === 'ALTERNATE-WORKDAY') return 'workday';
  return null;
}

const MAXIMUM_EVENT_DAYS = 366;

/**
 * Reads an iCalendar file as chinese-days ships it: one all-day VEVENT per holiday period or
 * make-up working day, its kind in DESCRIPTION (`休` / `班`, or `Holiday` / `Workday` in the English
 * file) or at the end of SUMMARY (`元旦(休)`, `春节(班)`); DTEND is exclusive.
 */
export function parseCalendarIcs(text: string, options: CalendarParseOptions = {}): CalendarParseResult {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/);
  if (!lines.some((line) => line.trim() === 'BEGIN:VCALENDAR')) {
    return {
      valid: false,
      errors: [issue('CALENDAR_ICS_INVALID', { 'zh-CN': '文件不是iCalendar（.ics）日历', en: 'The file is not an iCalendar (.ics) file' })],
    };
  }
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  const errors: ValidationIssue[] = [];
  let event: IcsProperty[] | null = null;
  let eventNumber = 0;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') {
      event = [];
      eventNumber += 1;
      continue;
    }
    if (line === 'END:VEVENT' && event) {
      readEvent(event, eventNumber, holidays, workdays, errors);
      event = null;
      continue;
    }
    if (!event) continue;
    const match = /^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$/.exec(line);
    if (match) event.push({ name: match[1].toUpperCase(), parameters: match[2], value: match[3] });
  }
  if (errors.length > 0) return { valid: false, errors };
  return finish(groupByYear(holidays, workdays, 'file', options.source ?? 'ics'));
}

function readEvent(
  event: readonly IcsProperty[],
  eventNumber: number,
  holidays: Set<string>,
  workdays: Set<string>,
  errors: ValidationIssue[],
): void {
  const summaryProperty = event.find((property) => property.name === 'SUMMARY');
  const label = summaryProperty ? unescapeIcsText(summaryProperty.value) : `#${eventNumber}`;
  const where = { 'zh-CN': `事件“${label}”`, en: `event "${label}"` };
  const startProperty = event.find((property) => property.name === 'DTSTART');
  const start = startProperty && icsDate(startProperty.value);
  if (!start) {
    errors.push(
      issue('CALENDAR_EVENT_INVALID', {
        'zh-CN': `${where['zh-CN']}缺少有效的开始日期（DTSTART）`,
        en: `The ${where.en} has no valid start date (DTSTART)`,
      }),
    );
    return;
  }
  const endProperty = event.find((property) => property.name === 'DTEND');
  let lastDate = start.date;
  if (endProperty) {
    const end = icsDate(endProperty.value);
    if (!end) {
      errors.push(
        issue('CALENDAR_EVENT_INVALID', {
          'zh-CN': `${where['zh-CN']}的结束日期（DTEND）无效`,
          en: `The ${where.en} has an invalid end date (DTEND)`,
        }),
      );
      return;
    }
    // DTEND is exclusive: an all-day event (or one ending at midnight) ends the day before.
    lastDate = end.midnight ? addDays(end.date, -1) : end.date;
    if (lastDate < start.date) {
      errors.push(
        issue('CALENDAR_EVENT_INVALID', {
          'zh-CN': `${where['zh-CN']}的结束日期早于开始日期`,
          en: `The ${where.en} ends before it starts`,
        }),
      );
      return;
    }
  }
  const kind = eventKind(event);
  if (!kind) {
    errors.push(
      issue('CALENDAR_EVENT_KIND_UNKNOWN', {
        'zh-CN': `无法判断${where['zh-CN']}是放假（休）还是调休上班（班）`,
        en: `Cannot tell whether the ${where.en} is a holiday (休) or a make-up working day (班)`,
      }),
    );
    return;
  }
  const target = kind === 'holiday' ? holidays : workdays;
  let date = start.date;
  for (let day = 0; date <= lastDate; day += 1) {
    if (day >= MAXIMUM_EVENT_DAYS) {
      errors.push(
        issue('CALENDAR_EVENT_INVALID', {
          'zh-CN': `${where['zh-CN']}跨度超过${MAXIMUM_EVENT_DAYS}天`,
          en: `The ${where.en} spans more than ${MAXIMUM_EVENT_DAYS} days`,
        }),
      );
      return;
    }
    target.add(date);
    date = addDays(date, 1);
  }
}

/** A problem of the notice's text as a validation issue: the line first, its number and text as params. */
export function noticeProblemIssue(problem: HolidayNoticeProblem): ValidationIssue {
  const message =
    problem.line === null
      ? problem.reason
      : { 'zh-CN': `第${problem.line}行：${problem.reason['zh-CN']}`, en: `Line ${problem.line}: ${problem.reason.en}` };
  return issue(problem.code, message, problem.line === null ? undefined : { line: problem.line, text: problem.text });
}

/** The notice's title with its document number when it has one: what the year records as its source's detail. */
export function noticeSourceDetail(notice: { title: string; documentNumber: string | null }): string {
  return notice.documentNumber ? `${notice.title}（${notice.documentNumber}）` : notice.title;
}

/**
 * Reads the text of a State Council notice as a calendar year (source `state-council-notice`);
 * dates it states in other years are left out (each year holds only its own dates).
 */
export function parseCalendarNotice(text: string, options: CalendarParseOptions = {}): CalendarParseResult {
  const notice = parseHolidayNotice(text);
  if (!notice.valid) return { valid: false, errors: notice.problems.map(noticeProblemIssue) };
  return finish([
    { year: notice.year, holidays: notice.holidays, workdays: notice.workdays, source: 'state-council-notice', sourceDetail: options.source ?? noticeSourceDetail(notice) },
  ]);
}

export type CalendarFileFormat = 'json' | 'ics' | 'notice';

/** JSON, ICS or the text of a State Council notice, told apart by content; null when it is none. */
export function detectCalendarFormat(text: string): CalendarFileFormat | null {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'json';
  if (/^BEGIN:VCALENDAR\s*$/m.test(trimmed)) return 'ics';
  if (looksLikeHolidayNotice(trimmed)) return 'notice';
  return null;
}

/** Reads a calendar file in any of the formats, detected from its content. */
export function parseCalendarFile(text: string, options: CalendarParseOptions = {}): CalendarParseResult {
  const format = detectCalendarFormat(text);
  if (format === 'json') return parseCalendarJson(text, options);
  if (format === 'ics') return parseCalendarIcs(text, options);
  if (format === 'notice') return parseCalendarNotice(text, options);
  return {
    valid: false,
    errors: [
      issue('CALENDAR_FORMAT_UNKNOWN', {
        'zh-CN': '无法识别文件格式：应为国务院办公厅节假日安排通知的原文、JSON或iCalendar（.ics）日历',
        en: "Unknown file format: expected the text of the State Council General Office's holiday notice, JSON or an iCalendar (.ics) file",
      }),
    ],
  };
}
