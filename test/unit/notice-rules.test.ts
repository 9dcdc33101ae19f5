import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber } from '../../src/domain/calendar-date.ts';
import { cancellationRefusal, confirmationBlockers, noticePhase, objectionRefusal, startRefusal, type NoticeDates } from '../../src/domain/notice-rules.ts';

const notice: NoticeDates = { status: 'open', startDate: '2024-09-27', endDate: '2024-10-09' };
const day = fc.integer({ min: toDayNumber('2024-01-01'), max: toDayNumber('2025-12-31') }).map(fromDayNumber);
const span = fc.tuple(day, fc.integer({ min: 4, max: 40 })).map(([start, length]) => ({ status: 'open' as const, startDate: start, endDate: addDays(start, length) }));

describe('noticePhase and objectionRefusal', () => {
  it('receives objections from the first to the last day, both included', () => {
    expect(objectionRefusal(notice, '2024-09-26')).toEqual({ code: 'NOTICE_NOT_STARTED', params: { start: '2024-09-27' } });
    expect(objectionRefusal(notice, '2024-09-27')).toBeNull();
    expect(objectionRefusal(notice, '2024-10-09')).toBeNull();
    expect(objectionRefusal(notice, '2024-10-10')).toEqual({ code: 'NOTICE_OBJECTION_PERIOD_OVER', params: { end: '2024-10-09' } });
    expect(noticePhase({ ...notice, status: 'confirmed' }, '2024-10-01')).toBe('confirmed');
  });

  it('an objection is received exactly while the notice runs', () => {
    fc.assert(
      fc.property(span, day, (dates, today) => {
        const running = dates.startDate <= today && today <= dates.endDate;
        expect(noticePhase(dates, today) === 'running').toBe(running);
        expect(objectionRefusal(dates, today) === null).toBe(running);
      }),
    );
  });
});

describe('confirmationBlockers', () => {
  it('names every reason: the end date not passed and the open objections', () => {
    expect(confirmationBlockers(notice, 2, '2024-10-09')).toEqual([
      { code: 'NOTICE_NOT_ENDED', params: { end: '2024-10-09' } },
      { code: 'NOTICE_OBJECTIONS_OPEN', params: { count: 2 } },
    ]);
    expect(confirmationBlockers(notice, 0, '2024-10-10')).toEqual([]);
    expect(confirmationBlockers({ ...notice, status: 'confirmed' }, 0, '2024-10-10')).toEqual([{ code: 'NOTICE_CLOSED', params: {} }]);
  });

  it('allows confirmation exactly after the end date with no open objection', () => {
    fc.assert(
      fc.property(span, day, fc.integer({ min: 0, max: 3 }), (dates, today, open) => {
        expect(confirmationBlockers(dates, open, today).length === 0).toBe(today > dates.endDate && open === 0);
      }),
    );
  });
});

describe('startRefusal', () => {
  it('a notice starts today or later, never in the past', () => {
    expect(startRefusal('2026-12-03', '2026-12-04')).toEqual({ code: 'NOTICE_START_IN_PAST', params: { start: '2026-12-03', today: '2026-12-04' } });
    expect(startRefusal('2026-12-04', '2026-12-04')).toBeNull();
    fc.assert(fc.property(day, day, (start, today) => {
      expect(startRefusal(start, today) === null).toBe(start >= today);
    }));
  });
});

describe('cancellationRefusal', () => {
  it('a notice may be cancelled until its last day, not after it, and never once closed', () => {
    expect(cancellationRefusal(notice, '2024-09-20')).toBeNull();
    expect(cancellationRefusal(notice, '2024-10-09')).toBeNull();
    expect(cancellationRefusal(notice, '2024-10-10')).toEqual({ code: 'NOTICE_ENDED', params: { end: '2024-10-09' } });
    expect(cancellationRefusal({ ...notice, status: 'confirmed' }, '2024-09-30')).toEqual({ code: 'NOTICE_CLOSED', params: {} });
    expect(noticePhase({ ...notice, status: 'cancelled' }, '2024-09-30')).toBe('cancelled');
    fc.assert(fc.property(span, day, (dates, today) => {
      expect(cancellationRefusal(dates, today) === null).toBe(today <= dates.endDate);
    }));
  });
});
