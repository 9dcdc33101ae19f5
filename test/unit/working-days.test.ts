import { readFileSync } from 'node:fs';
import { isWorkday as chineseDaysIsWorkday } from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber } from '../../src/domain/calendar-date.ts';
import { DomainError } from '../../src/domain/errors.ts';
import {
  countWorkdays,
  createWorkCalendar,
  dayKind,
  heldYears,
  isWorkday,
  noticeEnd,
  validateCalendarYear,
  type CalendarYear,
  type WorkCalendar,
} from '../../src/domain/working-days.ts';
import { builtInCalendars } from '../../src/platform/calendar-sources.ts';

interface WorkingDayVectors {
  workday: { date: string; workday: boolean; why: string }[];
  noticeEnd: { start: string; days: number; end: string }[];
  refused: { date: string; error: string; why: string }[];
}
const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/vectors/working-days.json', import.meta.url), 'utf8'),
) as WorkingDayVectors;

const calendar = createWorkCalendar(builtInCalendars());
const FIRST = '2004-01-01';
const LAST = '2026-12-31';

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const heldDate = fc.integer({ min: toDayNumber(FIRST), max: toDayNumber(LAST) }).map(fromDayNumber);

describe('working days: public vectors (2024)', () => {
  for (const vector of vectors.workday) {
    it(`${vector.date} is ${vector.workday ? '' : 'not '}a working day (${vector.why})`, () => {
      expect(isWorkday(calendar, vector.date)).toBe(vector.workday);
    });
  }
  for (const vector of vectors.noticeEnd) {
    it(`a notice from ${vector.start} of ${vector.days} working days ends on ${vector.end}`, () => {
      expect(noticeEnd(calendar, vector.start, vector.days)).toBe(vector.end);
      expect(countWorkdays(calendar, vector.start, vector.end)).toBe(vector.days);
    });
  }
  for (const vector of vectors.refused) {
    it(`refuses ${vector.date} with ${vector.error} (${vector.why})`, () => {
      const error = refusal(() => isWorkday(calendar, vector.date));
      expect(error.code).toBe(vector.error);
      expect(error.params).toEqual({ year: 2031 });
    });
  }
});

describe('working days: the kinds of day', () => {
  it('tells working days, weekends, holidays and make-up working days apart', () => {
    expect(dayKind(calendar, '2024-02-07')).toBe('working-day');
    expect(dayKind(calendar, '2024-02-03')).toBe('weekend');
    expect(dayKind(calendar, '2024-02-10')).toBe('holiday');
    expect(dayKind(calendar, '2024-02-12')).toBe('holiday');
    expect(dayKind(calendar, '2024-02-04')).toBe('make-up-working-day');
  });

  it('has the 13 holidays from 2025: New Year’s Eve of the Spring Festival and 2 May', () => {
    expect(isWorkday(calendar, '2025-01-28')).toBe(false);
    expect(isWorkday(calendar, '2025-05-02')).toBe(false);
  });

  it('agrees with chinese-days on every year it holds (property)', () => {
    fc.assert(
      fc.property(heldDate, (date) => {
        expect(isWorkday(calendar, date)).toBe(chineseDaysIsWorkday(date));
      }),
      { numRuns: 3000 },
    );
  });

  it('holds 2004–2026 from chinese-days', () => {
    expect(heldYears(calendar)).toEqual(Array.from({ length: 23 }, (_, index) => 2004 + index));
  });
});

describe('CALENDAR_MISSING: never a guess', () => {
  const only2024 = createWorkCalendar(builtInCalendars().filter((year) => year.year === 2024));

  it('refuses a day, a count and a notice in a year without calendar, naming the year', () => {
    expect(refusal(() => isWorkday(only2024, '2025-01-02')).params).toEqual({ year: 2025 });
    expect(refusal(() => countWorkdays(only2024, '2024-12-01', '2025-01-10')).params).toEqual({ year: 2025 });
    expect(refusal(() => countWorkdays(only2024, '2023-12-01', '2024-01-10')).params).toEqual({ year: 2023 });
    expect(refusal(() => countWorkdays(calendar, '2027-01-01', '2027-01-01')).code).toBe('CALENDAR_MISSING');
  });

  it('refuses a notice that runs into a year without calendar', () => {
    // 2024-12-27 (Friday): 27, 30, 31 December are 3 working days; days 4 and 5 fall in 2025.
    const error = refusal(() => noticeEnd(only2024, '2024-12-27'));
    expect(error.code).toBe('CALENDAR_MISSING');
    expect(error.params).toEqual({ year: 2025 });
    expect(noticeEnd(only2024, '2024-12-23')).toBe('2024-12-27');
  });

  it('says it in both languages', () => {
    const error = refusal(() => isWorkday(calendar, '2031-03-03'));
    expect(error.messages['zh-CN']).toContain('2031年');
    expect(error.messages.en).toContain('2031');
  });
});

describe('noticeEnd', () => {
  it('counts the start day when it is a working day', () => {
    // 2024-09-13 (Friday) … 2024-09-20: 13, 18, 19, 20 and the make-up Saturday 14th.
    expect(noticeEnd(calendar, '2024-09-13')).toBe('2024-09-20');
  });

  it('starting on a holiday, counting begins at the next working day', () => {
    // 2024-10-01 (National Day): 8, 9, 10, 11 and the make-up Saturday 12th.
    expect(noticeEnd(calendar, '2024-10-01')).toBe('2024-10-12');
    // 2024-02-10 (Spring Festival): the make-up Sunday 18th, then 19–22 February.
    expect(noticeEnd(calendar, '2024-02-10')).toBe('2024-02-22');
  });

  it('starting on a Saturday made a working day, that Saturday counts', () => {
    // 2024-10-12 (Saturday, make-up): 12, 14, 15, 16, 17.
    expect(noticeEnd(calendar, '2024-10-12')).toBe('2024-10-17');
    // 2024-09-14 (Saturday, make-up): 14, 18, 19, 20, 23 (15–17 are the Mid-autumn holiday).
    expect(noticeEnd(calendar, '2024-09-14')).toBe('2024-09-23');
  });

  it('starting on an ordinary Saturday, counting begins on Monday', () => {
    expect(noticeEnd(calendar, '2024-06-01')).toBe('2024-06-07');
  });

  it('runs over a year end when both years are held', () => {
    // 2024-12-30, 31, 2025-01-02, 03 and 06 (1 January is New Year's Day; 4–5 the weekend).
    expect(noticeEnd(calendar, '2024-12-30')).toBe('2025-01-06');
  });

  it('takes more than 5 days when the plan sets more, never fewer', () => {
    expect(noticeEnd(calendar, '2024-09-13', 7)).toBe('2024-09-24');
    for (const days of [4, 0, -1, 5.5, Number.NaN]) {
      const error = refusal(() => noticeEnd(calendar, '2024-09-13', days));
      expect(error.code).toBe('NOTICE_TOO_SHORT');
      expect(error.params).toEqual({ days, minimum: 5 });
    }
  });

  it('refuses an invalid start date', () => {
    expect(refusal(() => noticeEnd(calendar, '2024-02-30')).code).toBe('INVALID_DATE');
  });

  it('E is the earliest day with N working days in S..E (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber(FIRST), max: toDayNumber('2026-11-30') }).map(fromDayNumber),
        fc.integer({ min: 5, max: 20 }),
        (start, days) => {
          const end = noticeEnd(calendar, start, days);
          expect(countWorkdays(calendar, start, end)).toBe(days);
          expect(isWorkday(calendar, end)).toBe(true);
          if (end > start) expect(countWorkdays(calendar, start, addDays(end, -1))).toBeLessThan(days);
        },
      ),
    );
  });
});

describe('countWorkdays', () => {
  it('counts both ends', () => {
    expect(countWorkdays(calendar, '2024-02-07', '2024-02-19')).toBe(5);
    expect(countWorkdays(calendar, '2024-02-04', '2024-02-04')).toBe(1);
    expect(countWorkdays(calendar, '2024-02-10', '2024-02-17')).toBe(0);
    // The State Council's 2024: 251 working days; 2025 (13 public holidays): 365 - 104 - 13 = 248.
    expect(countWorkdays(calendar, '2024-01-01', '2024-12-31')).toBe(251);
    expect(countWorkdays(calendar, '2025-01-01', '2025-12-31')).toBe(248);
  });

  it('refuses a reversed range', () => {
    expect(refusal(() => countWorkdays(calendar, '2024-02-19', '2024-02-07')).code).toBe('DATE_RANGE_REVERSED');
  });

  it('is additive over a split range (property)', () => {
    fc.assert(
      fc.property(heldDate, heldDate, heldDate, (a, b, c) => {
        const [from, middle, to] = [a, b, c].sort();
        fc.pre(middle < to);
        expect(countWorkdays(calendar, from, to)).toBe(
          countWorkdays(calendar, from, middle) + countWorkdays(calendar, addDays(middle, 1), to),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('never exceeds the number of days, and a single day counts as isWorkday says (property)', () => {
    fc.assert(
      fc.property(heldDate, fc.integer({ min: 0, max: 60 }), (from, length) => {
        const to = addDays(from, length);
        fc.pre(to <= LAST);
        expect(countWorkdays(calendar, from, to)).toBeLessThanOrEqual(length + 1);
        expect(countWorkdays(calendar, from, from)).toBe(isWorkday(calendar, from) ? 1 : 0);
      }),
    );
  });
});

describe('calendar years: validation and corrections', () => {
  const good: CalendarYear = { year: 2031, holidays: ['2031-01-01'], workdays: ['2031-01-04'] };

  it('takes a valid year and lets a later entry correct an earlier one', () => {
    const corrected: WorkCalendar = createWorkCalendar([
      ...builtInCalendars(),
      good,
      { year: 2024, holidays: ['2024-01-01', '2024-02-07'], workdays: [] },
    ]);
    expect(isWorkday(corrected, '2031-01-01')).toBe(false);
    expect(isWorkday(corrected, '2031-01-04')).toBe(true);
    expect(isWorkday(corrected, '2031-01-02')).toBe(true);
    expect(isWorkday(corrected, '2024-02-07')).toBe(false);
    expect(isWorkday(corrected, '2024-02-04')).toBe(false);
  });

  it('refuses unreal dates, dates outside the year, conflicts and an empty year, all at once', () => {
    const issues = validateCalendarYear({
      year: 2031,
      holidays: ['2031-02-30', '2030-12-31', '2031-05-01'],
      workdays: ['2031-05-01', 'soon'],
    });
    expect(issues.map((issue) => issue.code)).toEqual([
      'CALENDAR_DATE_INVALID',
      'CALENDAR_DATE_OUTSIDE_YEAR',
      'CALENDAR_DATE_INVALID',
      'CALENDAR_DATE_CONFLICT',
    ]);
    expect(validateCalendarYear({ year: 2031, holidays: [], workdays: [] }).map((issue) => issue.code)).toEqual([
      'CALENDAR_YEAR_EMPTY',
    ]);
    expect(validateCalendarYear({ year: 20.5, holidays: ['2031-01-01'], workdays: [] }).map((issue) => issue.code)).toEqual([
      'CALENDAR_YEAR_INVALID',
    ]);
  });

  it('createWorkCalendar refuses an invalid year with CALENDAR_INVALID', () => {
    const error = refusal(() => createWorkCalendar([{ year: 2031, holidays: ['2031-13-01'], workdays: [] }]));
    expect(error.code).toBe('CALENDAR_INVALID');
    expect(error.messages['zh-CN']).toContain('2031年');
  });

  it('every built-in year is valid', () => {
    for (const year of builtInCalendars()) expect(validateCalendarYear(year), String(year.year)).toEqual([]);
  });
});
