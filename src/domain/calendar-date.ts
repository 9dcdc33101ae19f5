// Calendar dates written 'YYYY-MM-DD'. The rules count dates, not instants: all arithmetic here
// works on whole days (a day number since 1970-01-01 in the proleptic Gregorian calendar) and
// never touches the local time zone.

import { DomainError } from './errors.ts';

/** A calendar date written 'YYYY-MM-DD'. */
export type CalendarDate = string;

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when year, month and day form a real date (year 1–9999). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** The parts of a 'YYYY-MM-DD' date, or null when the text is not a real date. */
export function parseCalendarDate(value: unknown): DateParts | null {
  if (typeof value !== 'string') return null;
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

export function isCalendarDate(value: unknown): value is CalendarDate {
  return parseCalendarDate(value) !== null;
}

/** The parts of a date, or a DomainError `INVALID_DATE` naming the field. */
export function requireCalendarDate(value: unknown, field?: string): DateParts {
  const parts = parseCalendarDate(value);
  if (!parts) {
    throw new DomainError('INVALID_DATE', {
      value: typeof value === 'string' ? value : String(value),
      ...(field === undefined ? {} : { field }),
    });
  }
  return parts;
}

export function formatCalendarDate(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (negative before it); the civil-from-days algorithm of H. Hinnant. */
export function toDayNumber(date: CalendarDate): number {
  const { year, month, day } = requireCalendarDate(date);
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function fromDayNumber(dayNumber: number): CalendarDate {
  const shifted = dayNumber + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return formatCalendarDate(year, month, day);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday, as Date.prototype.getUTCDay counts. */
export function dayOfWeek(date: CalendarDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: CalendarDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

/** Negative, zero or positive as a is before, equal to or after b (both valid dates). */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function yearOf(date: CalendarDate): number {
  return requireCalendarDate(date).year;
}

/**
 * The same month and day `years` years later. 29 February in a year without one becomes
 * 28 February: the last day of that month, as the Civil Code (民法典, art. 202) rules for a period
 * counted in years whose final month has no corresponding day.
 */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  const { year, month, day } = requireCalendarDate(date);
  const targetYear = year + years;
  return formatCalendarDate(targetYear, month, Math.min(day, daysInMonth(targetYear, month)));
}

/** The calendar date that `instant` falls on in China (Asia/Shanghai, UTC+8, no daylight time). */
export function calendarDateInChina(instant: Date): CalendarDate {
  const shifted = new Date(instant.getTime() + 8 * 60 * 60 * 1000);
  return formatCalendarDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

export const WEEKDAY_NAMES: readonly { readonly 'zh-CN': string; readonly en: string }[] = [
  { 'zh-CN': '星期日', en: 'Sunday' },
  { 'zh-CN': '星期一', en: 'Monday' },
  { 'zh-CN': '星期二', en: 'Tuesday' },
  { 'zh-CN': '星期三', en: 'Wednesday' },
  { 'zh-CN': '星期四', en: 'Thursday' },
  { 'zh-CN': '星期五', en: 'Friday' },
  { 'zh-CN': '星期六', en: 'Saturday' },
];
