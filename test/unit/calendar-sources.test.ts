import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  builtInCalendars,
  detectCalendarFormat,
  parseCalendarFile,
  parseCalendarIcs,
  parseCalendarJson,
  type CalendarParseResult,
} from '../../src/platform/calendar-sources.ts';
import type { CalendarYear } from '../../src/domain/working-days.ts';

const require = createRequire(import.meta.url);
const packageFile = (name: string) => require.resolve(`chinese-days/dist/${name}`);
const readPackageFile = (name: string) => readFileSync(packageFile(name), 'utf8');

function datesOf(years: readonly CalendarYear[]) {
  return years.map(({ year, holidays, workdays }) => ({ year, holidays, workdays }));
}

function valid(result: CalendarParseResult): CalendarYear[] {
  if (!result.valid) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.years;
}

function errorCodes(result: CalendarParseResult): string[] {
  return result.valid ? [] : result.errors.map((error) => error.code);
}

const builtIn = builtInCalendars();
const byYear = new Map(builtIn.map((year) => [year.year, year]));

describe('builtInCalendars', () => {
  it('holds 2004–2026, sorted, from the chinese-days package with its version as detail', () => {
    expect(builtIn.map((year) => year.year)).toEqual(Array.from({ length: 23 }, (_, index) => 2004 + index));
    expect(builtIn[0].source).toBe('chinese-days');
    expect(builtIn[0].sourceDetail).toMatch(/^chinese-days@\d+\.\d+\.\d+$/);
    for (const year of builtIn) {
      expect([...year.holidays].sort()).toEqual(year.holidays);
      expect(year.holidays.every((date) => date.startsWith(String(year.year)))).toBe(true);
    }
  });

  it('matches the per-year files dist/years/YYYY.json', () => {
    for (const year of builtIn) {
      const file = JSON.parse(readPackageFile(`years/${year.year}.json`)) as { holidays: object; workdays: object };
      expect(year.holidays).toEqual(Object.keys(file.holidays).sort());
      expect(year.workdays).toEqual(Object.keys(file.workdays).sort());
    }
  });

  it('returns copies: changing one does not change the next', () => {
    const first = builtInCalendars();
    first[0].holidays.push('2004-12-31');
    expect(builtInCalendars()[0].holidays).not.toContain('2004-12-31');
  });
});

describe('parseCalendarIcs', () => {
  it('reads every per-year .ics of chinese-days, Chinese and English, as the JSON says', () => {
    for (const year of builtIn) {
      for (const name of [`years/${year.year}.ics`, `years/${year.year}.en.ics`]) {
        const years = valid(parseCalendarIcs(readPackageFile(name)));
        expect(datesOf(years), name).toEqual(datesOf([year]));
      }
    }
  });

  it('reads the combined holidays.ics (2024–2026)', () => {
    const years = valid(parseCalendarIcs(readPackageFile('holidays.ics'), { source: 'holidays.ics' }));
    expect(datesOf(years)).toEqual(datesOf([byYear.get(2024)!, byYear.get(2025)!, byYear.get(2026)!]));
    expect([years[0].source, years[0].sourceDetail]).toEqual(['file', 'holidays.ics']);
  });

  it('reads a folded SUMMARY (the 2015 Victory Day holiday)', () => {
    const years = valid(parseCalendarIcs(readPackageFile('years/2015.ics')));
    expect(years[0].holidays).toContain('2015-09-03');
    expect(years[0].workdays).toContain('2015-09-06');
  });

  const event = (lines: string[]) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', ...lines, 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');

  it('takes the kind from SUMMARY when DESCRIPTION is absent, DTEND exclusive', () => {
    const years = valid(
      parseCalendarIcs(event(['DTSTART;VALUE=DATE:20310101', 'DTEND;VALUE=DATE:20310104', 'SUMMARY:元旦（休）'])),
    );
    expect(datesOf(years)).toEqual([{ year: 2031, holidays: ['2031-01-01', '2031-01-02', '2031-01-03'], workdays: [] }]);
  });

  it('takes a one-day event without DTEND and reads UTC times in China', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20310101',
      'DESCRIPTION:休',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20310104T160000Z',
      'DTEND:20310105T160000Z',
      'SUMMARY:调休(班)',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    expect(datesOf(valid(parseCalendarIcs(text)))).toEqual([{ year: 2031, holidays: ['2031-01-01'], workdays: ['2031-01-05'] }]);
  });

  it('splits an event over a year end into both years', () => {
    const years = valid(
      parseCalendarIcs(event(['DTSTART;VALUE=DATE:20301231', 'DTEND;VALUE=DATE:20310102', 'DESCRIPTION:休'])),
    );
    expect(datesOf(years)).toEqual([
      { year: 2030, holidays: ['2030-12-31'], workdays: [] },
      { year: 2031, holidays: ['2031-01-01'], workdays: [] },
    ]);
  });

  it('refuses events of unknown kind, bad dates, reversed ranges, conflicts', () => {
    expect(errorCodes(parseCalendarIcs(event(['DTSTART;VALUE=DATE:20310101', 'SUMMARY:元旦'])))).toEqual([
      'CALENDAR_EVENT_KIND_UNKNOWN',
    ]);
    expect(errorCodes(parseCalendarIcs(event(['DTSTART;VALUE=DATE:20310230', 'DESCRIPTION:休'])))).toEqual([
      'CALENDAR_EVENT_INVALID',
    ]);
    expect(
      errorCodes(parseCalendarIcs(event(['DTSTART;VALUE=DATE:20310105', 'DTEND;VALUE=DATE:20310101', 'DESCRIPTION:休']))),
    ).toEqual(['CALENDAR_EVENT_INVALID']);
    const conflict = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20310101',
      'DESCRIPTION:休',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20310101',
      'DESCRIPTION:班',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    expect(errorCodes(parseCalendarIcs(conflict))).toEqual(['CALENDAR_DATE_CONFLICT']);
    expect(errorCodes(parseCalendarIcs('BEGIN:VCALENDAR\nEND:VCALENDAR'))).toEqual(['CALENDAR_EMPTY']);
    expect(errorCodes(parseCalendarIcs('hello'))).toEqual(['CALENDAR_ICS_INVALID']);
  });
});

describe('parseCalendarJson', () => {
  it('reads our own format, one year or an array, sorted and without repeats', () => {
    const one = { year: 2031, holidays: ['2031-01-02', '2031-01-01', '2031-01-01'], workdays: ['2031-01-04'], source: '国办发明电〔2030〕7号' };
    expect(valid(parseCalendarJson(JSON.stringify(one)))).toEqual([
      { year: 2031, holidays: ['2031-01-01', '2031-01-02'], workdays: ['2031-01-04'], source: 'file', sourceDetail: '国办发明电〔2030〕7号' },
    ]);
    const both = valid(parseCalendarJson(JSON.stringify([one, { ...one, year: 2032, holidays: ['2032-01-01'], workdays: [], source: undefined }]), { source: 'file.json' }));
    expect(both.map((year) => [year.year, year.source, year.sourceDetail])).toEqual([
      [2031, 'file', '国办发明电〔2030〕7号'],
      [2032, 'file', 'file.json'],
    ]);
    // A file that names one of our sources keeps it, with its detail.
    const named = { year: 2031, holidays: ['2031-01-01'], workdays: [], source: 'state-council-notice', sourceDetail: '国务院办公厅关于2031年部分节假日安排的通知' };
    expect(valid(parseCalendarJson(JSON.stringify(named)))[0]).toMatchObject({ source: 'state-council-notice', sourceDetail: named.sourceDetail });
  });

  it("reads chinese-days' own JSON, all its years", () => {
    const years = valid(parseCalendarJson(readPackageFile('chinese-days.json')));
    expect(datesOf(years)).toEqual(datesOf(builtIn));
    const one = valid(parseCalendarJson(readPackageFile('years/2024.json')));
    expect(datesOf(one)).toEqual(datesOf([byYear.get(2024)!]));
  });

  it('refuses bad JSON, bad entries, dates outside the year, a year given twice', () => {
    expect(errorCodes(parseCalendarJson('{'))).toEqual(['CALENDAR_JSON_INVALID']);
    expect(errorCodes(parseCalendarJson('[1]'))).toEqual(['CALENDAR_ENTRY_INVALID']);
    expect(errorCodes(parseCalendarJson('{"year":"2031","holidays":[],"workdays":[]}'))).toEqual(['CALENDAR_ENTRY_INVALID']);
    expect(errorCodes(parseCalendarJson('{"year":2031,"holidays":["2030-01-01"],"workdays":[]}'))).toEqual([
      'CALENDAR_DATE_OUTSIDE_YEAR',
    ]);
    const twice = JSON.stringify([
      { year: 2031, holidays: ['2031-01-01'], workdays: [] },
      { year: 2031, holidays: ['2031-01-01'], workdays: [] },
    ]);
    expect(errorCodes(parseCalendarJson(twice))).toEqual(['CALENDAR_YEAR_DUPLICATE']);
    expect(errorCodes(parseCalendarJson('{"holidays":{"2031-1-1":"x"},"workdays":{}}'))).toEqual(['CALENDAR_DATE_INVALID']);
    expect(errorCodes(parseCalendarJson('[]'))).toEqual(['CALENDAR_EMPTY']);
  });

  it('writes every fault in both languages', () => {
    const result = parseCalendarJson('{"year":2031,"holidays":["2031-02-30"],"workdays":["2031-02-30"]}');
    expect(result.valid).toBe(false);
    if (result.valid) return;
    for (const error of result.errors) {
      expect(error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(error.message.en).toMatch(/[A-Za-z]/);
    }
  });
});

describe('parseCalendarFile', () => {
  it('tells JSON from ICS by content', () => {
    expect(detectCalendarFormat('\uFEFF  {"year":2031}')).toBe('json');
    expect(detectCalendarFormat('[{"year":2031}]')).toBe('json');
    expect(detectCalendarFormat(readPackageFile('years/2024.ics'))).toBe('ics');
    expect(detectCalendarFormat('year,date')).toBeNull();
    expect(errorCodes(parseCalendarFile('year,date'))).toEqual(['CALENDAR_FORMAT_UNKNOWN']);
    expect(detectCalendarFormat('国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日放假。')).toBe('notice');
    expect(datesOf(valid(parseCalendarFile(readPackageFile('years/2024.ics'))))).toEqual(datesOf([byYear.get(2024)!]));
  });
});

describe('parseCalendarNotice (through parseCalendarFile)', () => {
  const vectors = (JSON.parse(readFileSync(new URL('../fixtures/vectors/holiday-notices/holiday-notices.json', import.meta.url), 'utf8')) as { cases: { name: string; text: string }[] }).cases;
  const official = (name: string) => vectors.find((vector) => vector.name === name)!.text;

  it('reads the text of the notice as the year, its source the State Council text with its title and number', () => {
    const [year] = valid(parseCalendarFile(official('official-2025')));
    expect(year).toMatchObject({ year: 2025, source: 'state-council-notice', sourceDetail: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）' });
    expect({ holidays: year.holidays, workdays: year.workdays }).toEqual({ holidays: byYear.get(2025)!.holidays, workdays: byYear.get(2025)!.workdays });
    expect(valid(parseCalendarFile(official('official-2026')))[0].sourceDetail).toBe('国务院办公厅关于2026年部分节假日安排的通知');
  });

  it('refuses a text whose weekday disagrees, naming the line', () => {
    const result = parseCalendarFile(official('wrong-weekday-2026'));
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.errors).toEqual([
      {
        code: 'NOTICE_WEEKDAY_MISMATCH',
        message: { 'zh-CN': '第4行：1月4日是周日，原文写的是周一', en: 'Line 4: 1月4日 is a Sunday (周日), the text says 周一' },
        params: { line: 4, text: '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周一）上班。' },
      },
    ]);
  });
});
