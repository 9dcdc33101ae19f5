import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addYears,
  calendarDateInChina,
  dayOfWeek,
  fromDayNumber,
  isCalendarDate,
  parseCalendarDate,
  requireCalendarDate,
  toDayNumber,
} from '../../src/domain/calendar-date.ts';
import { DomainError } from '../../src/domain/errors.ts';

const dayNumber = fc.integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2199-12-31') });

describe('calendar dates', () => {
  it('accepts real dates written YYYY-MM-DD only', () => {
    for (const date of ['2024-02-29', '2000-02-29', '1949-10-01', '2025-12-31']) expect(isCalendarDate(date), date).toBe(true);
    for (const value of ['2023-02-29', '1900-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-1-01', '20240101', '2024-01-01T00:00', ' 2024-01-01', '', null, 20240101]) {
      expect(isCalendarDate(value), String(value)).toBe(false);
    }
    expect(parseCalendarDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it('refuses an invalid date with INVALID_DATE naming the field', () => {
    try {
      requireCalendarDate('2024-02-30', 'cutoffDate');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('INVALID_DATE');
      expect((error as DomainError).params).toEqual({ value: '2024-02-30', field: 'cutoffDate' });
      expect((error as DomainError).messages['zh-CN']).toContain('不是有效日期');
    }
  });

  it('day numbers agree with Date.UTC and round-trip (property)', () => {
    fc.assert(
      fc.property(dayNumber, (day) => {
        const date = fromDayNumber(day);
        expect(date).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
        expect(toDayNumber(date)).toBe(day);
        expect(dayOfWeek(date)).toBe(new Date(day * 86_400_000).getUTCDay());
        expect(addDays(date, 1)).toBe(fromDayNumber(day + 1));
      }),
    );
  });

  it('adds years; 29 February becomes 28 February in a year without one', () => {
    expect(addYears('2016-10-31', 5)).toBe('2021-10-31');
    expect(addYears('2016-02-29', 5)).toBe('2021-02-28');
    expect(addYears('2016-02-29', 4)).toBe('2020-02-29');
    expect(addYears('2016-02-28', 5)).toBe('2021-02-28');
    expect(addYears('2016-03-01', 5)).toBe('2021-03-01');
  });

  it("gives the date in China's time zone, never the machine's", () => {
    expect(calendarDateInChina(new Date('2024-12-31T15:59:59Z'))).toBe('2024-12-31');
    expect(calendarDateInChina(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
  });
});
