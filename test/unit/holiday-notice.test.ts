// The State Council's notice read as text: the official texts of 2017, 2024, 2025 and 2026 give
// exactly the published days, the year's working days follow, and a text whose weekdays or day
// counts disagree with its dates is refused line by line. Generated notices round-trip.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek, formatCalendarDate, fromDayNumber, isWeekend, toDayNumber, type CalendarDate } from '../../src/domain/calendar-date.ts';
import { looksLikeHolidayNotice, parseHolidayNotice, type HolidayNoticeResult } from '../../src/domain/holiday-notice.ts';
import { countWorkdays, createWorkCalendar } from '../../src/domain/working-days.ts';
import { builtInCalendars } from '../../src/platform/calendar-sources.ts';

interface NoticeVector {
  name: string;
  year: number;
  text: string;
  expect: { holidays: string[]; workdays: string[]; workingDaysInYear: number } | { refused: true; reason: string };
}
const vectors = (JSON.parse(readFileSync(new URL('../fixtures/vectors/holiday-notices/holiday-notices.json', import.meta.url), 'utf8')) as { cases: NoticeVector[] }).cases;

function valid(result: HolidayNoticeResult) {
  if (!result.valid) throw new Error(`expected the text to be read: ${JSON.stringify(result.problems)}`);
  return result;
}
function refused(result: HolidayNoticeResult) {
  if (result.valid) throw new Error('expected the text to be refused');
  return result.problems;
}

const TITLE_2026 = '国务院办公厅关于2026年部分节假日安排的通知';

describe('holiday notices: the official texts (vectors)', () => {
  for (const vector of vectors) {
    const expected = vector.expect;
    if ('refused' in expected) {
      it(`refuses ${vector.name}: ${expected.reason}`, () => {
        const problems = refused(parseHolidayNotice(vector.text));
        expect(problems.map((problem) => problem.reason.en)).toContain(expected.reason);
        const problem = problems.find((candidate) => candidate.reason.en === expected.reason)!;
        // The line is named by number and by its text, and the reason is said in Chinese too.
        expect(vector.text.split('\n')[problem.line! - 1]).toBe(problem.text);
        expect(problem.reason['zh-CN']).toMatch(/原文写的是/);
      });
    } else {
      it(`reads ${vector.name} exactly, and the year has ${expected.workingDaysInYear} working days`, () => {
        const notice = valid(parseHolidayNotice(vector.text));
        expect(notice.year).toBe(vector.year);
        expect(notice.holidays).toEqual(expected.holidays);
        expect(notice.workdays).toEqual(expected.workdays);
        expect(notice.outsideYear).toEqual({ holidays: [], workdays: [] });
        expect(notice.title).toBe(`国务院办公厅关于${vector.year}年部分节假日安排的通知`);
        const calendar = createWorkCalendar([{ year: notice.year, holidays: notice.holidays, workdays: notice.workdays }]);
        expect(countWorkdays(calendar, `${vector.year}-01-01`, `${vector.year}-12-31`)).toBe(expected.workingDaysInYear);
      });
    }
  }

  it('agrees with the calendars chinese-days holds for the same years', () => {
    const builtIn = new Map(builtInCalendars().map((year) => [year.year, year]));
    for (const vector of vectors) {
      if ('refused' in vector.expect) continue;
      const notice = valid(parseHolidayNotice(vector.text));
      expect(notice.holidays, vector.name).toEqual(builtIn.get(vector.year)!.holidays);
      expect(notice.workdays, vector.name).toEqual(builtIn.get(vector.year)!.workdays);
    }
  });

  it('keeps the document number when the text carries one, and names each festival line', () => {
    const notice2025 = valid(parseHolidayNotice(vectors.find((vector) => vector.name === 'official-2025')!.text));
    expect(notice2025.documentNumber).toBe('国办发明电〔2024〕12号');
    expect(notice2025.festivals.map((festival) => festival.name)).toEqual(['元旦', '春节', '清明节', '劳动节', '端午节', '国庆节、中秋节']);
    expect(notice2025.festivals[1]).toMatchObject({ line: 7, workdays: ['2025-01-26', '2025-02-08'] });
    expect(valid(parseHolidayNotice(vectors.find((vector) => vector.name === 'official-2026')!.text)).documentNumber).toBeNull();
  });
});

describe('holiday notices: wording', () => {
  it('ignores the preamble (「如逢周三则只在当日放假」) and sentences that only encourage (「在除夕（2月9日）休息」)', () => {
    const notice = valid(
      parseHolidayNotice(
        [
          TITLE_2026,
          '元旦、清明节、端午节、中秋节分别放假调休或连休3天（如逢周三则只在当日放假）。',
          '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。鼓励在1月5日（周一）休息。',
        ].join('\n'),
      ),
    );
    expect(notice.holidays).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(notice.workdays).toEqual(['2026-01-04']);
  });

  it('reads a text pasted without its line breaks, and full-width digits', () => {
    const notice = valid(
      parseHolidayNotice(`${TITLE_2026}一、元旦：１月１日（周四）至３日（周六）放假调休，共３天。１月４日（周日）上班。二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共九天。2月14日（周六）、28日（周六）上班。`),
    );
    expect(notice.holidays).toHaveLength(12);
    expect(notice.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28']);
  });

  it('keeps the dates of another year apart (a 元旦 that starts in December) and checks them all the same', () => {
    const text2019 = [
      '国务院办公厅关于2019年部分节假日安排的通知',
      '一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。',
      '二、春节：2月4日至10日放假调休，共7天。2月2日（星期六）、2月3日（星期日）上班。',
    ].join('\n');
    const notice = valid(parseHolidayNotice(text2019));
    expect(notice.holidays).toEqual(['2019-01-01', '2019-02-04', '2019-02-05', '2019-02-06', '2019-02-07', '2019-02-08', '2019-02-09', '2019-02-10']);
    expect(notice.workdays).toEqual(['2019-02-02', '2019-02-03']);
    expect(notice.outsideYear).toEqual({ holidays: ['2018-12-30', '2018-12-31'], workdays: ['2018-12-29'] });
    // The same without the years: the range can only be the December before the notice's year.
    const withoutYears = valid(parseHolidayNotice(text2019.replace('2018年12月30日至2019年1月1日', '12月30日至1月1日').replace('2018年12月29日', '12月29日')));
    expect(withoutYears.outsideYear).toEqual(notice.outsideYear);
    const wrongCount = refused(parseHolidayNotice(text2019.replace('共3天', '共2天')));
    expect(wrongCount.map((problem) => problem.reason.en)).toEqual(['2018年12月30日 to 1月1日 is 3 days, the text says 共2天']);
  });

  it('refuses a text without the title year, a date that does not exist, a text without a holiday line', () => {
    expect(refused(parseHolidayNotice('一、元旦：1月1日放假。')).map((problem) => [problem.code, problem.line])).toEqual([['NOTICE_TITLE_MISSING', null]]);
    const invalidDate = refused(parseHolidayNotice(`${TITLE_2026}\n一、元旦：1月1日放假。\n二、春节：2月30日至3月2日放假调休，共3天。`));
    expect(invalidDate).toEqual([
      { code: 'NOTICE_DATE_INVALID', line: 3, text: '二、春节：2月30日至3月2日放假调休，共3天。', reason: { 'zh-CN': '2026年没有2月30日这一天', en: '2月30日 does not exist in 2026' } },
    ]);
    expect(refused(parseHolidayNotice(`${TITLE_2026}\n经国务院批准，现将放假安排通知如下。`)).map((problem) => problem.code)).toEqual(['NOTICE_NO_HOLIDAY_LINE']);
    expect(refused(parseHolidayNotice(`${TITLE_2026}\n一、元旦：放假安排另行通知。`)).map((problem) => problem.code)).toEqual(['NOTICE_LINE_UNREADABLE']);
    expect(refused(parseHolidayNotice(`${TITLE_2026}\n一、元旦：3日放假。`)).map((problem) => problem.code)).toEqual(['NOTICE_MONTH_MISSING']);
  });

  it('refuses a make-up working day on a weekday and a day both off and worked, and reports every problem at once', () => {
    const problems = refused(
      parseHolidayNotice(
        [TITLE_2026, '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月5日（周一）上班。', '二、春节：2月15日（周日）至23日（周一）放假调休，共9天。2月21日（周六）上班。', '三、清明节：4月4日（周日）至6日（周一）放假，共4天。'].join('\n'),
      ),
    );
    expect(problems.map((problem) => [problem.line, problem.code])).toEqual([
      [2, 'NOTICE_WORKDAY_NOT_WEEKEND'],
      [3, 'NOTICE_DATE_CONFLICT'],
      [4, 'NOTICE_WEEKDAY_MISMATCH'],
      [4, 'NOTICE_DAY_COUNT_MISMATCH'],
    ]);
    expect(problems[2].reason).toEqual({ 'zh-CN': '4月4日是周六，原文写的是周日', en: '4月4日 is a Saturday (周六), the text says 周日' });
  });

  it('speaks the weekday the way the text writes it (星期 or 周)', () => {
    const problems = refused(parseHolidayNotice(`${TITLE_2026}\n一、元旦：1月1日放假，1月2日（星期一）补休。`));
    expect(problems[0].reason.en).toBe('1月2日 is a Friday (星期五), the text says 星期一');
  });

  it('tells a notice text from other files', () => {
    expect(looksLikeHolidayNotice(vectors[0].text)).toBe(true);
    expect(looksLikeHolidayNotice('一、元旦：1月1日放假。')).toBe(true);
    expect(looksLikeHolidayNotice('{"year":2026}')).toBe(false);
  });
});

// ------------------------------------------------------------------------------ generated notices

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const WEEKDAY_CHARACTERS = '日一二三四五六';

interface Festival {
  first: CalendarDate;
  last: CalendarDate;
  workdays: CalendarDate[];
}
interface Arrangement {
  year: number;
  wording: 'new' | 'old';
  festivals: Festival[];
}

/** Random festivals of a year: ranges of 1–9 days that do not touch, make-up weekend days near each. */
const arrangementArbitrary = fc
  .record({
    year: fc.integer({ min: 2001, max: 2098 }),
    wording: fc.constantFrom<'new' | 'old'>('new', 'old'),
    festivals: fc.array(
      fc.record({ start: fc.integer({ min: 0, max: 355 }), length: fc.integer({ min: 1, max: 9 }), makeUp: fc.uniqueArray(fc.integer({ min: -10, max: 10 }), { maxLength: 3 }) }),
      { minLength: 1, maxLength: 7 },
    ),
  })
  .map(({ year, wording, festivals }): Arrangement => {
    const used = new Set<CalendarDate>();
    const january1 = toDayNumber(`${year}-01-01`);
    const inYear = (date: CalendarDate) => date.startsWith(`${year}-`);
    const chosen: Festival[] = [];
    for (const festival of [...festivals].sort((a, b) => a.start - b.start)) {
      const first = fromDayNumber(january1 + festival.start);
      const last = addDays(first, festival.length - 1);
      const days = Array.from({ length: festival.length }, (_, index) => addDays(first, index));
      if (!inYear(last) || [addDays(first, -1), ...days, addDays(last, 1)].some((date) => used.has(date))) continue;
      for (const date of days) used.add(date);
      const workdays: CalendarDate[] = [];
      for (const offset of festival.makeUp) {
        // The nearest weekend day at that distance before the first day or after the last.
        let date = offset < 0 ? addDays(first, offset) : addDays(last, offset + 1);
        for (let step = 0; step < 6 && !isWeekend(date); step += 1) date = addDays(date, offset < 0 ? -1 : 1);
        if (!inYear(date) || used.has(date) || used.has(addDays(date, offset < 0 ? 1 : -1))) continue;
        used.add(date);
        workdays.push(date);
      }
      chosen.push({ first, last, workdays: workdays.sort() });
    }
    return { year, wording, festivals: chosen };
  });

function parts(date: CalendarDate) {
  const [year, month, day] = date.split('-').map(Number);
  return { year, month, day };
}

function written(date: CalendarDate, style: '周' | '星期' | null, month = true): string {
  const { month: m, day } = parts(date);
  return `${month ? `${m}月` : ''}${day}日${style ? `（${style}${WEEKDAY_CHARACTERS[dayOfWeek(date)]}）` : ''}`;
}

/** The arrangement written as the State Council writes it, in the new or the old wording. */
function noticeText({ year, wording, festivals }: Arrangement): string {
  const style = wording === 'new' ? '周' : '星期';
  const lines = festivals.map((festival, index) => {
    const days = toDayNumber(festival.last) - toDayNumber(festival.first) + 1;
    const sameMonth = parts(festival.first).month === parts(festival.last).month;
    let off: string;
    if (days === 1) off = wording === 'new' ? `${written(festival.first, style)}放假1天，不调休。` : `${written(festival.first, null)}放假，与周末连休。`;
    else {
      const range = `${written(festival.first, wording === 'new' ? style : null)}至${written(festival.last, wording === 'new' ? style : null, !sameMonth)}`;
      off = `${range}放假调休，共${days}天。`;
    }
    const makeUp = festival.workdays.length ? `${festival.workdays.map((date) => written(date, style)).join('、')}上班。` : '';
    return `${NUMERALS[index]}、节日${index + 1}：${off}${makeUp}`;
  });
  return [`国务院办公厅关于${year}年部分节假日安排的通知`, '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：', `经国务院批准，现将${year}年放假调休日期的具体安排通知如下。`, ...lines, '国务院办公厅'].join('\n');
}

function expectedDates(arrangement: Arrangement) {
  const holidays: CalendarDate[] = [];
  for (const festival of arrangement.festivals) {
    for (let date = festival.first; date <= festival.last; date = addDays(date, 1)) holidays.push(date);
  }
  return { holidays: holidays.sort(), workdays: arrangement.festivals.flatMap((festival) => festival.workdays).sort() };
}

describe('holiday notices: generated arrangements (properties)', () => {
  it('a notice written from any arrangement reads back as that arrangement, in both wordings', () => {
    fc.assert(
      fc.property(arrangementArbitrary, (arrangement) => {
        fc.pre(arrangement.festivals.length > 0);
        const notice = valid(parseHolidayNotice(noticeText(arrangement)));
        expect(notice.year).toBe(arrangement.year);
        expect({ holidays: notice.holidays, workdays: notice.workdays }).toEqual(expectedDates(arrangement));
      }),
      { numRuns: 300 },
    );
  });

  it('changing any one bracketed weekday is always refused, naming that line and date', () => {
    fc.assert(
      fc.property(arrangementArbitrary, fc.nat(), fc.integer({ min: 1, max: 6 }), (arrangement, pick, shift) => {
        const text = noticeText(arrangement);
        const brackets = [...text.matchAll(/(\d+)日（(周|星期)([日一二三四五六])）/g)];
        fc.pre(brackets.length > 0);
        const target = brackets[pick % brackets.length];
        const changedWeekday = WEEKDAY_CHARACTERS[(WEEKDAY_CHARACTERS.indexOf(target[3]) + shift) % 7];
        const index = target.index + target[0].length - 2;
        const changed = `${text.slice(0, index)}${changedWeekday}${text.slice(index + 1)}`;
        const problems = refused(parseHolidayNotice(changed));
        const line = changed.slice(0, index).split('\n').length;
        expect(problems).toContainEqual(
          expect.objectContaining({ code: 'NOTICE_WEEKDAY_MISMATCH', line, text: changed.split('\n')[line - 1], reason: expect.objectContaining({ en: expect.stringContaining(`the text says ${target[2]}${changedWeekday}`) }) }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('changing any stated day count is always refused', () => {
    fc.assert(
      fc.property(arrangementArbitrary, fc.nat(), fc.integer({ min: 1, max: 5 }), (arrangement, pick, delta) => {
        const text = noticeText(arrangement);
        const counts = [...text.matchAll(/(共|放假)(\d+)天/g)];
        fc.pre(counts.length > 0);
        const target = counts[pick % counts.length];
        const changed = `${text.slice(0, target.index)}${target[1]}${Number(target[2]) + delta}天${text.slice(target.index + target[0].length)}`;
        expect(refused(parseHolidayNotice(changed)).map((problem) => problem.code)).toContain('NOTICE_DAY_COUNT_MISMATCH');
      }),
      { numRuns: 200 },
    );
  });

  it('the year a generated notice names is the year of every date it returns', () => {
    fc.assert(
      fc.property(arrangementArbitrary, (arrangement) => {
        fc.pre(arrangement.festivals.length > 0);
        const notice = valid(parseHolidayNotice(noticeText(arrangement)));
        for (const date of [...notice.holidays, ...notice.workdays]) expect(date.slice(0, 4)).toBe(String(arrangement.year));
        expect(notice.holidays[0] >= formatCalendarDate(arrangement.year, 1, 1)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
