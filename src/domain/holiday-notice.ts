// Reads the State Council General Office's yearly notice on public holidays
// (国务院办公厅关于YYYY年部分节假日安排的通知) as it is published: the year from the title, then every
// numbered festival line (一、元旦：…) with its days off (放假, a range 至, a day in lieu 补休) and its
// make-up working days (上班). Every weekday written in brackets and every day count (共N天, 放假N天)
// is checked against the dates; any disagreement refuses the whole text, line by line, so that a
// mistyped notice never becomes a calendar.
//
// Both wordings are read: the older one (「1月1日放假，1月2日（星期一）补休」, 「与周末连休」, 星期日,
// 「至4日」) and the newer (「1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。」,
// 「1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）」). Only numbered lines are read, so the
// preamble's principles (「如逢周三则只在当日放假」) and the closing paragraph never count.
//
// Dates outside the title's year (a 元旦 that starts on 30 December, a make-up day of the year
// before: 「2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。」) are
// checked like the others but are not part of the year: they come back in `outsideYear`, since
// each year's calendar holds only its own dates.
//
// Pure: no I/O.

import { addDays, dayOfWeek, formatCalendarDate, isRealDate, isWeekend, toDayNumber, WEEKDAY_NAMES, type CalendarDate } from './calendar-date.ts';
import type { LocalizedText } from './errors.ts';

export type HolidayNoticeProblemCode =
  /** No 「关于YYYY年部分节假日安排的通知」 title: the year is unknown. */
  | 'NOTICE_TITLE_MISSING'
  /** No numbered line with days off (一、元旦：…放假…). */
  | 'NOTICE_NO_HOLIDAY_LINE'
  /** A numbered line from which no date could be read. */
  | 'NOTICE_LINE_UNREADABLE'
  /** A date that does not exist (2月30日). */
  | 'NOTICE_DATE_INVALID'
  /** A day written without a month before it in the line (「3日放假」). */
  | 'NOTICE_MONTH_MISSING'
  /** A date written with a year too far from the notice's own. */
  | 'NOTICE_YEAR_OUT_OF_REACH'
  /** A weekday in brackets that is not the date's. */
  | 'NOTICE_WEEKDAY_MISMATCH'
  /** 共N天 / 放假N天 that is not the number of days of the range. */
  | 'NOTICE_DAY_COUNT_MISMATCH'
  /** A range that ends before it starts, or is implausibly long. */
  | 'NOTICE_RANGE_INVALID'
  /** A make-up working day (上班) on a Monday–Friday. */
  | 'NOTICE_WORKDAY_NOT_WEEKEND'
  /** A date that is both a day off and a make-up working day. */
  | 'NOTICE_DATE_CONFLICT';

/** One reason the text is refused: where (1-based line, its text) and why, in both languages. */
export interface HolidayNoticeProblem {
  readonly code: HolidayNoticeProblemCode;
  /** 1-based line of the text; null when the problem is the text as a whole. */
  readonly line: number | null;
  /** The line as written (trimmed); '' when the problem is the text as a whole. */
  readonly text: string;
  readonly reason: LocalizedText;
}

/** One numbered line: a festival and its dates (within the notice's year). */
export interface HolidayNoticeFestival {
  readonly name: string;
  readonly line: number;
  readonly holidays: readonly CalendarDate[];
  readonly workdays: readonly CalendarDate[];
}

export interface HolidayNotice {
  readonly year: number;
  /** Every day off of the year: each date inside a stated range and each day in lieu, sorted. */
  readonly holidays: CalendarDate[];
  /** The make-up working days (上班) of the year, sorted. */
  readonly workdays: CalendarDate[];
  /** The title as written (「国务院办公厅关于2026年部分节假日安排的通知」). */
  readonly title: string;
  /** The document number when the text carries one (「国办发明电〔2024〕12号」). */
  readonly documentNumber: string | null;
  readonly festivals: HolidayNoticeFestival[];
  /** Dates the text states in another year (checked, not part of this year's calendar). */
  readonly outsideYear: { readonly holidays: CalendarDate[]; readonly workdays: CalendarDate[] };
}

export type HolidayNoticeResult =
  | ({ readonly valid: true } & HolidayNotice)
  | { readonly valid: false; readonly problems: HolidayNoticeProblem[] };

/** The longest stretch of days off one line may state (the longest ever was 9 days). */
export const MAXIMUM_HOLIDAY_RANGE_DAYS = 31;

const TITLE = /关于\s*(\d{4})\s*年\s*部分节假日安排的通知/;
const DOCUMENT_NUMBER = /国办发(?:明电)?\s*[〔[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号/;
const NUMBERED_LINE = /^([一二三四五六七八九十]{1,3})[、．.]\s*([^：:。，]{1,20})[：:](.*)$/;
/** Where a numbered line starts inside a longer one (a text pasted without its line breaks). */
const NUMBERED_START = /(?<=[。.]|通知)\s*(?=[一二三四五六七八九十]{1,3}、[^：:。，]{1,20}[：:])/g;
const DATE_TOKEN = /(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日(?:\s*[（(]([^）)]*)[）)])?/g;
const WEEKDAY_IN_BRACKETS = /(星期|礼拜|周)([一二三四五六日天])/;
const WEEKDAY_CHARACTERS = '日一二三四五六';
const COUNT_TOTAL = /共\s*([0-9]+|[一二三四五六七八九十两]+)\s*天/;
const COUNT_OFF = /放假\s*([0-9]+|[一二三四五六七八九十两]+)\s*天/;

const ENGLISH_ARTICLE_WEEKDAY = ['a Sunday', 'a Monday', 'a Tuesday', 'a Wednesday', 'a Thursday', 'a Friday', 'a Saturday'];

/** 1–99 written in digits or Chinese numerals (三, 十二, 二十); null otherwise. */
function readCount(text: string): number | null {
  if (/^[0-9]+$/.test(text)) return Number(text);
  const digit = (character: string) => '〇一二三四五六七八九'.indexOf(character === '两' ? '二' : character);
  if (text.length === 1) return text === '十' ? 10 : digit(text) > 0 ? digit(text) : null;
  const ten = text.indexOf('十');
  if (ten === -1) return null;
  const tens = ten === 0 ? 1 : digit(text.slice(0, ten));
  const ones = ten === text.length - 1 ? 0 : digit(text.slice(ten + 1));
  if (tens < 1 || ones < 0 || text.length > 3) return null;
  return tens * 10 + ones;
}

/** Full-width digits and spaces as ASCII, so that a text copied from any page reads the same. */
function normaliseLine(line: string): string {
  return line.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xff10 + 0x30)).replace(/[\u3000\t]/g, ' ');
}

interface Segment {
  readonly line: number;
  readonly text: string;
}

/** The text's lines (1-based), a line that holds several numbered lines split at each. */
function segmentsOf(text: string): Segment[] {
  const segments: Segment[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, index) => {
      const line = normaliseLine(raw).trim();
      if (line === '') return;
      for (const part of line.split(NUMBERED_START)) {
        if (part.trim() !== '') segments.push({ line: index + 1, text: part.trim() });
      }
    });
  return segments;
}

interface DateToken {
  /** Where the token starts and ends in its clause. */
  readonly start: number;
  readonly end: number;
  readonly explicitYear: number | null;
  readonly month: number | null;
  readonly day: number;
  readonly brackets: string | null;
}

interface ResolvedDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** Null when the date does not exist. */
  readonly date: CalendarDate | null;
  readonly brackets: string | null;
}

const RANGE_JOINT = /^\s*(至|到|—|－|-|~|～)\s*$/;

/** Whether the token at `index` starts a range that ends in a January written without a year. */
function crossesIntoJanuary(clause: string, tokens: readonly DateToken[], index: number): boolean {
  const next = tokens[index + 1];
  return next !== undefined && next.explicitYear === null && next.month === 1 && RANGE_JOINT.test(clause.slice(tokens[index].end, next.start));
}

interface HolidayGroup {
  readonly first: ResolvedDate;
  readonly last: ResolvedDate;
  readonly days: number;
}

/** What the numbered lines yield, before the year is cut out. */
interface Reading {
  readonly holidays: Map<CalendarDate, number>;
  readonly workdays: Map<CalendarDate, number>;
}

class NoticeReader {
  readonly problems: HolidayNoticeProblem[] = [];
  readonly reading: Reading = { holidays: new Map(), workdays: new Map() };
  readonly festivals: { name: string; line: number; holidays: Set<CalendarDate>; workdays: Set<CalendarDate> }[] = [];

  constructor(private readonly year: number) {}

  private problem(segment: Segment, code: HolidayNoticeProblemCode, reason: LocalizedText): void {
    this.problems.push({ code, line: segment.line, text: segment.text, reason });
  }

  /** 「1月4日」, with the year in front when it is not the notice's. */
  private label(date: { year: number; month: number; day: number }): string {
    return `${date.year === this.year ? '' : `${date.year}年`}${date.month}月${date.day}日`;
  }

  readLine(segment: Segment, name: string, content: string): void {
    const festival = { name, line: segment.line, holidays: new Set<CalendarDate>(), workdays: new Set<CalendarDate>() };
    this.festivals.push(festival);
    // The month and year a day written alone (「、29日」, 「至3日」) continues from.
    let previous: { year: number; month: number } | null = null;
    // The year of a December written without a year once a range has run from it into January.
    let decemberYear: number | null = null;
    const problemsBefore = this.problems.length;

    for (const sentence of content.split(/[。]/)) {
      let lastGroup: HolidayGroup | null = null;
      for (const clause of sentence.split(/[，,；;]/)) {
        const tokens: DateToken[] = [...clause.matchAll(DATE_TOKEN)].map((match) => ({
          start: match.index,
          end: match.index + match[0].length,
          explicitYear: match[1] === undefined ? null : Number(match[1]),
          month: match[2] === undefined ? null : Number(match[2]),
          day: Number(match[3]),
          brackets: match[4] ?? null,
        }));
        // Resolve every token (year and month from the context), then group: 「A至B」 is one range.
        const groups: { first: ResolvedDate; last: ResolvedDate | null }[] = [];
        let unresolved = false;
        tokens.forEach((token, index) => {
          const joint = index === 0 ? '' : clause.slice(tokens[index - 1].end, token.start);
          const rangeEnd = RANGE_JOINT.test(joint) && groups.length > 0 && groups.at(-1)!.last === null;
          const start = rangeEnd ? groups.at(-1)!.first : null;
          let year: number;
          let month: number;
          if (token.month === null) {
            const from = start ?? previous;
            if (!from) {
              this.problem(segment, 'NOTICE_MONTH_MISSING', {
                'zh-CN': `“${token.day}日”前没有写明月份，无法确定日期`,
                en: `"${token.day}日" has no month before it; the date cannot be told`,
              });
              unresolved = true;
              return;
            }
            year = token.explicitYear ?? from.year;
            month = from.month;
          } else if (token.explicitYear !== null) {
            year = token.explicitYear;
            month = token.month;
          } else if (start) {
            // A range that runs into the next year: 「12月30日至1月1日」.
            month = token.month;
            year = month < start.month || (month === start.month && token.day < start.day) ? start.year + 1 : start.year;
          } else {
            month = token.month;
            year = this.year;
            if (month === 12 && (decemberYear !== null || crossesIntoJanuary(clause, tokens, index))) {
              // 「12月30日至1月1日」 written without years can only be the 元旦 of the notice's own year,
              // which starts in the December before (official texts name the years; a copy may not).
              decemberYear = this.year - 1;
              year = decemberYear;
            }
          }
          if (token.explicitYear !== null && Math.abs(token.explicitYear - this.year) > 1) {
            this.problem(segment, 'NOTICE_YEAR_OUT_OF_REACH', {
              'zh-CN': `${token.explicitYear}年${month}月${token.day}日不在${this.year}年的安排所及范围内（只能是${this.year - 1}年至${this.year + 1}年）`,
              en: `${token.explicitYear}年${month}月${token.day}日 lies outside what a notice for ${this.year} can arrange (${this.year - 1} to ${this.year + 1})`,
            });
            unresolved = true;
            return;
          }
          previous = { year, month };
          const date = isRealDate(year, month, token.day) ? formatCalendarDate(year, month, token.day) : null;
          const resolved: ResolvedDate = { year, month, day: token.day, date, brackets: token.brackets };
          if (!date) {
            this.problem(segment, 'NOTICE_DATE_INVALID', {
              'zh-CN': `${year}年没有${month}月${token.day}日这一天`,
              en: `${month}月${token.day}日 does not exist in ${year}`,
            });
            unresolved = true;
          } else {
            this.checkWeekday(segment, resolved);
          }
          if (rangeEnd) groups.at(-1)!.last = resolved;
          else groups.push({ first: resolved, last: null });
        });

        const dayOff = /放假/.test(clause);
        const inLieu = !dayOff && /补休/.test(clause);
        const makeUp = !dayOff && !inLieu && /上班/.test(clause);
        if (!unresolved && (dayOff || inLieu || makeUp)) {
          for (const group of groups) {
            const dates = this.expand(segment, group.first, group.last ?? group.first);
            if (!dates) continue;
            if (makeUp) {
              for (const date of dates) this.addWorkday(segment, festival.workdays, date);
            } else {
              for (const date of dates) {
                this.reading.holidays.set(date, this.reading.holidays.get(date) ?? segment.line);
                festival.holidays.add(date);
              }
              if (dayOff) lastGroup = { first: group.first, last: group.last ?? group.first, days: dates.length };
            }
          }
        }
        // 「放假1天」 in the clause, or 「共N天」 after the days off of the sentence.
        const count = (dayOff ? COUNT_OFF.exec(clause) : null) ?? COUNT_TOTAL.exec(clause);
        if (count && lastGroup && !unresolved) this.checkCount(segment, lastGroup, count[0], readCount(count[1]));
      }
    }
    if (festival.holidays.size === 0 && festival.workdays.size === 0 && this.problems.length === problemsBefore) {
      this.problem(segment, 'NOTICE_LINE_UNREADABLE', {
        'zh-CN': `“${name}”一行中找不到任何日期（应写作“1月1日至3日放假”“1月4日上班”等）`,
        en: `No date can be read in the line of "${name}" (expected e.g. 1月1日至3日放假, 1月4日上班)`,
      });
    }
  }

  private checkWeekday(segment: Segment, date: ResolvedDate): void {
    if (!date.date || date.brackets === null) return;
    const written = WEEKDAY_IN_BRACKETS.exec(date.brackets);
    if (!written) return;
    const said = WEEKDAY_CHARACTERS.indexOf(written[2] === '天' ? '日' : written[2]);
    const actual = dayOfWeek(date.date);
    if (said === actual) return;
    const style = written[1];
    const actualName = `${style}${WEEKDAY_CHARACTERS[actual]}`;
    this.problem(segment, 'NOTICE_WEEKDAY_MISMATCH', {
      'zh-CN': `${this.label(date)}是${actualName}，原文写的是${written[0]}`,
      en: `${this.label(date)} is ${ENGLISH_ARTICLE_WEEKDAY[actual]} (${actualName}), the text says ${written[0]}`,
    });
  }

  private checkCount(segment: Segment, group: HolidayGroup, phrase: string, stated: number | null): void {
    if (stated === group.days) return;
    const single = group.first.date === group.last.date;
    const span = single ? this.label(group.first) : `${this.label(group.first)}至${this.label(group.last)}`;
    const spanEn = single ? this.label(group.first) : `${this.label(group.first)} to ${this.label(group.last)}`;
    this.problem(segment, 'NOTICE_DAY_COUNT_MISMATCH', {
      'zh-CN': `${span}共${group.days}天，原文写的是${phrase.replace(/\s+/g, '')}`,
      en: `${spanEn} is ${group.days} day${group.days === 1 ? '' : 's'}, the text says ${phrase.replace(/\s+/g, '')}`,
    });
  }

  /** Every date from first to last, both included; null (with the problem) when it cannot be. */
  private expand(segment: Segment, first: ResolvedDate, last: ResolvedDate): CalendarDate[] | null {
    if (!first.date || !last.date) return null;
    const days = toDayNumber(last.date) - toDayNumber(first.date) + 1;
    if (days < 1) {
      this.problem(segment, 'NOTICE_RANGE_INVALID', {
        'zh-CN': `${this.label(first)}至${this.label(last)}：结束日期早于开始日期`,
        en: `${this.label(first)} to ${this.label(last)}: the range ends before it starts`,
      });
      return null;
    }
    if (days > MAXIMUM_HOLIDAY_RANGE_DAYS) {
      this.problem(segment, 'NOTICE_RANGE_INVALID', {
        'zh-CN': `${this.label(first)}至${this.label(last)}长达${days}天，超过${MAXIMUM_HOLIDAY_RANGE_DAYS}天，应是笔误`,
        en: `${this.label(first)} to ${this.label(last)} spans ${days} days, more than ${MAXIMUM_HOLIDAY_RANGE_DAYS}: a typing error`,
      });
      return null;
    }
    return Array.from({ length: days }, (_, index) => addDays(first.date!, index));
  }

  private addWorkday(segment: Segment, festivalWorkdays: Set<CalendarDate>, date: CalendarDate): void {
    if (!isWeekend(date)) {
      const [year, month, day] = date.split('-').map(Number);
      const weekday = dayOfWeek(date);
      this.problem(segment, 'NOTICE_WORKDAY_NOT_WEEKEND', {
        'zh-CN': `${this.label({ year, month, day })}是${WEEKDAY_NAMES[weekday]['zh-CN']}，本来就是工作日；只有周六、周日才能调为上班`,
        en: `${this.label({ year, month, day })} is ${ENGLISH_ARTICLE_WEEKDAY[weekday]}, a working day anyway; only a Saturday or Sunday can be made a working day (上班)`,
      });
      return;
    }
    this.reading.workdays.set(date, this.reading.workdays.get(date) ?? segment.line);
    festivalWorkdays.add(date);
  }
}

function wholeTextProblem(code: HolidayNoticeProblemCode, reason: LocalizedText): HolidayNoticeProblem {
  return { code, line: null, text: '', reason };
}

/**
 * Reads the text of a 「国务院办公厅关于YYYY年部分节假日安排的通知」: the year's days off and make-up
 * working days, or every problem found (each with its line and reason), and then nothing else.
 */
export function parseHolidayNotice(text: string): HolidayNoticeResult {
  const segments = segmentsOf(text);
  const titleSegment = segments.find((segment) => TITLE.test(segment.text));
  if (!titleSegment) {
    return {
      valid: false,
      problems: [
        wholeTextProblem('NOTICE_TITLE_MISSING', {
          'zh-CN': '找不到通知标题中的年份（应有“国务院办公厅关于YYYY年部分节假日安排的通知”）',
          en: 'No year found in the title (expected 国务院办公厅关于YYYY年部分节假日安排的通知)',
        }),
      ],
    };
  }
  const year = Number(TITLE.exec(titleSegment.text)![1]);
  const title = /国务院办公厅关于\s*\d{4}\s*年\s*部分节假日安排的通知/.exec(titleSegment.text)?.[0].replace(/\s+/g, '') ?? `国务院办公厅关于${year}年部分节假日安排的通知`;
  const documentNumber = segments.map((segment) => DOCUMENT_NUMBER.exec(segment.text)?.[0]).find((found) => found !== undefined)?.replace(/\s+/g, '') ?? null;

  const reader = new NoticeReader(year);
  let numberedLines = 0;
  for (const segment of segments) {
    if (segment === titleSegment) continue;
    const match = NUMBERED_LINE.exec(segment.text);
    if (!match) continue;
    numberedLines += 1;
    reader.readLine(segment, match[2].trim(), match[3]);
  }
  const { holidays, workdays } = reader.reading;
  for (const [date, line] of workdays) {
    if (!holidays.has(date)) continue;
    const segment = segments.find((candidate) => candidate.line === line)!;
    const [dateYear, month, day] = date.split('-').map(Number);
    const label = `${dateYear === year ? '' : `${dateYear}年`}${month}月${day}日`;
    reader.problems.push({
      code: 'NOTICE_DATE_CONFLICT',
      line,
      text: segment.text,
      reason: {
        'zh-CN': `${label}既写为放假又写为上班（放假见第${holidays.get(date)}行）`,
        en: `${label} is stated both as a day off (line ${holidays.get(date)}) and as a make-up working day`,
      },
    });
  }
  if (numberedLines === 0 || (holidays.size === 0 && reader.problems.length === 0)) {
    reader.problems.push(
      wholeTextProblem('NOTICE_NO_HOLIDAY_LINE', {
        'zh-CN': '文中没有放假安排（应有“一、元旦：1月1日放假……”这样的编号行）',
        en: 'The text has no holiday line (expected numbered lines such as 一、元旦：1月1日放假……)',
      }),
    );
  }
  if (reader.problems.length > 0) {
    const order = (problem: HolidayNoticeProblem) => problem.line ?? Number.MAX_SAFE_INTEGER;
    return { valid: false, problems: [...reader.problems].sort((a, b) => order(a) - order(b)) };
  }

  const inYear = (date: CalendarDate) => date.startsWith(`${year}-`);
  const sorted = (dates: Iterable<CalendarDate>) => [...dates].sort();
  return {
    valid: true,
    year,
    holidays: sorted([...holidays.keys()].filter(inYear)),
    workdays: sorted([...workdays.keys()].filter(inYear)),
    title,
    documentNumber,
    festivals: reader.festivals.map((festival) => ({
      name: festival.name,
      line: festival.line,
      holidays: sorted([...festival.holidays].filter(inYear)),
      workdays: sorted([...festival.workdays].filter(inYear)),
    })),
    outsideYear: {
      holidays: sorted([...holidays.keys()].filter((date) => !inYear(date))),
      workdays: sorted([...workdays.keys()].filter((date) => !inYear(date))),
    },
  };
}

/** Whether a text looks like such a notice (its title, or a numbered line with 放假 or 上班). */
export function looksLikeHolidayNotice(text: string): boolean {
  return TITLE.test(text) || /(^|\n)\s*[一二三四五六七八九十]{1,3}、[^：:\n]{1,20}[：:][^\n]*(放假|上班)/.test(text);
}
