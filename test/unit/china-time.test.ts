// The pages show every instant as a clock in China shows it, whatever the browser's time zone
// (web/src/clock.ts chinaTime/chinaDate): checked against Intl's Asia/Shanghai, which this
// project did not write, over instants from 1992 (China's last daylight time ended in 1991) to 2100.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaDate, chinaTime } from '../../web/src/clock.ts';

const shanghai = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function byIntl(instant: Date): string {
  const parts = Object.fromEntries(shanghai.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

describe('times shown in China’s time', () => {
  it('writes an instant as Asia/Shanghai does, to the second, the minute and the day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (instant) => {
        const expected = byIntl(instant);
        expect(chinaTime(instant, 'YYYY-MM-DD HH:mm:ss')).toBe(expected);
        expect(chinaTime(instant.toISOString())).toBe(expected.slice(0, 16));
        expect(chinaDate(instant.toISOString())).toBe(expected.slice(0, 10));
      }),
      { numRuns: 2000 },
    );
  });

  it('puts an evening in UTC on the next day in China, and reads any offset', () => {
    expect(chinaTime('2026-11-30T17:00:00Z')).toBe('2026-12-01 01:00');
    expect(chinaDate('2026-11-30T17:00:00.000Z')).toBe('2026-12-01');
    expect(chinaTime('2027-01-14T21:00:00-05:00')).toBe('2027-01-15 10:00');
    expect(chinaTime('2026-12-04T10:00:00+08:00', 'YYYY-MM-DD HH:mm:ss')).toBe('2026-12-04 10:00:00');
  });

  it('keeps a calendar date as it is (the same day everywhere), and shows no value as a dash', () => {
    expect(chinaDate('2026-12-31')).toBe('2026-12-31');
    expect(chinaTime('2026-12-31')).toBe('2026-12-31');
    expect(chinaTime(null)).toBe('—');
    expect(chinaDate(undefined)).toBe('—');
  });
});
