import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber } from '../../src/domain/calendar-date.ts';
import { fraudBanBasis, fraudFindersOf, fraudStageOf, issuedAfterNotice, mayFindFraud, suspensionCovers, suspensionPeriodIssues } from '../../src/domain/sanction-rules.ts';
import { lifeCycles, nextState } from '../../src/domain/transitions.ts';

const states = Object.keys(lifeCycles.application);
const day = fc.integer({ min: toDayNumber('2024-01-01'), max: toDayNumber('2028-12-31') }).map(fromDayNumber);

describe('who finds fraud at which step (六(四))', () => {
  it('names the step of every state a finding can be made in, and none for a draft or a disqualified application', () => {
    expect(fraudStageOf('submitted')).toBe('screening');
    expect(fraudStageOf('eligible')).toBe('screening');
    expect(fraudStageOf('in-review')).toBe('review');
    expect(fraudStageOf('recommended')).toBe('before-notice');
    expect(fraudStageOf('in-notice')).toBe('notice');
    expect(fraudStageOf('certified')).toBe('after-certification');
    expect(fraudStageOf('appointed')).toBe('after-certification');
    expect(fraudStageOf('draft')).toBeNull();
    expect(fraudStageOf('disqualified')).toBeNull();
  });

  it('HR at its own steps, the chair only in review, the department at every step', () => {
    expect(mayFindFraud('enterprise', 'submitted')).toBe(true);
    expect(mayFindFraud('enterprise', 'in-notice')).toBe(true);
    expect(mayFindFraud('enterprise', 'certified')).toBe(true);
    expect(mayFindFraud('enterprise', 'in-review')).toBe(false);
    expect(mayFindFraud('chair', 'in-review')).toBe(true);
    expect(mayFindFraud('chair', 'eligible')).toBe(false);
    expect(mayFindFraud('chair', 'in-notice')).toBe(false);
    expect(fraudFindersOf('in-review')).toEqual(['chair', 'department']);
    expect(fraudFindersOf('draft')).toEqual([]);
  });

  it('a finding is possible exactly where the life cycle allows disqualify, and someone may always make it there', () => {
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.constantFrom('enterprise', 'chair', 'department' as const), (state, finder) => {
        const allowed = nextState('application', state, 'disqualify') !== null;
        expect(fraudStageOf(state) !== null).toBe(allowed);
        if (!allowed) expect(mayFindFraud(finder, state)).toBe(false);
        if (allowed) expect(mayFindFraud('department', state)).toBe(true);
      }),
    );
  });

  it('the ban records the year, the step and the finding', () => {
    expect(fraudBanBasis(2026, 'notice', ' 业绩证明系伪造 ')).toBe('2026年度特级技师评聘公示期间经核实弄虚作假，取消当年评审资格：业绩证明系伪造');
    expect(fraudBanBasis(2026, 'supervision', '材料造假')).toContain('监督检查中经核实');
    expect(fraudBanBasis(2026, 'after-certification', '材料造假')).toContain('颁证后经核实');
  });
});

describe('issuance basis', () => {
  it('a certificate on a confirmed list is dated after the notice’s last day', () => {
    expect(issuedAfterNotice('2026-12-15', { endDate: '2026-12-14' })).toBe(true);
    expect(issuedAfterNotice('2026-12-14', { endDate: '2026-12-14' })).toBe(false);
    fc.assert(fc.property(day, day, (issuedOn, endDate) => {
      expect(issuedAfterNotice(issuedOn, { endDate })).toBe(toDayNumber(issuedOn) > toDayNumber(endDate));
    }));
  });
});

describe('suspensions', () => {
  const suspension = { status: 'effective' as const, fromDate: '2026-12-04', untilDate: '2027-06-30', enterprisePath: '/root/dept/group/' };
  it('cover the enterprise and everything below it, from the first to the last day, until lifted', () => {
    expect(suspensionCovers(suspension, '/root/dept/group/', '2026-12-04')).toBe(true);
    expect(suspensionCovers(suspension, '/root/dept/group/subsidiary/', '2027-06-30')).toBe(true);
    expect(suspensionCovers(suspension, '/root/dept/other/', '2027-01-01')).toBe(false);
    expect(suspensionCovers(suspension, '/root/dept/', '2027-01-01')).toBe(false);
    expect(suspensionCovers(suspension, '/root/dept/group/', '2027-07-01')).toBe(false);
    expect(suspensionCovers({ ...suspension, status: 'lifted' }, '/root/dept/group/', '2027-01-01')).toBe(false);
    fc.assert(
      fc.property(day, (today) => {
        const inside = today >= suspension.fromDate && today <= suspension.untilDate;
        expect(suspensionCovers(suspension, '/root/dept/group/x/', today)).toBe(inside);
      }),
    );
  });

  it('start today or later and end on or after their first day; every fault is named', () => {
    expect(suspensionPeriodIssues('2026-12-04', '2027-01-01', '2026-12-04')).toEqual([]);
    expect(suspensionPeriodIssues('2026-12-03', '2026-12-01', '2026-12-04').map((issue) => issue.code)).toEqual(['DATE_IN_PAST', 'DATE_RANGE_REVERSED']);
    fc.assert(fc.property(day, fc.integer({ min: -5, max: 30 }), day, (from, length, today) => {
      expect(suspensionPeriodIssues(from, addDays(from, length), today).length === 0).toBe(from >= today && length >= 0);
    }));
  });
});
