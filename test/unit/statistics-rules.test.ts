import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { APPLICATION_STAGES, STATUSES_REACHING, ageBandOf, occupationMajorGroupName, pilotApplicationFollowUp, pilotProgressFollowUp, planProgressFollowUp } from '../../src/domain/statistics-rules.ts';
import { lifeCycles } from '../../src/domain/transitions.ts';

describe('the stages an application reaches', () => {
  it('names only statuses of the application life cycle, and each stage holds the next', () => {
    const statuses = Object.keys(lifeCycles.application);
    for (const stage of APPLICATION_STAGES) for (const status of STATUSES_REACHING[stage]) expect(statuses).toContain(status);
    for (let index = 1; index < APPLICATION_STAGES.length; index += 1) {
      const earlier = STATUSES_REACHING[APPLICATION_STAGES[index - 1]];
      for (const status of STATUSES_REACHING[APPLICATION_STAGES[index]]) expect(earlier).toContain(status);
    }
    expect(STATUSES_REACHING.applications).not.toContain('draft');
  });
});

describe('ageBandOf', () => {
  it('puts the band edges where the dashboard says', () => {
    expect([34, 35, 44, 45, 54, 55, 70].map(ageBandOf)).toEqual(['under-35', '35-44', '35-44', '45-54', '45-54', '55-plus', '55-plus']);
    expect(ageBandOf(null)).toBe('unknown');
  });
  it('gives every age a band', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 120 }), (age) => ageBandOf(age) !== 'unknown'));
  });
});

describe('occupationMajorGroupName', () => {
  it('names the 大类 of a code, and says when there is none', () => {
    expect(occupationMajorGroupName('6')['zh-CN']).toBe('生产制造及有关人员');
    expect(occupationMajorGroupName(null)['zh-CN']).toBe('未填写职业');
  });
});

describe('deadlines', () => {
  it('flags a pilot application still in draft 14 days before the deadline, and overdue after it', () => {
    expect(pilotApplicationFollowUp('2025-09-15', '2025-09-30', 'draft')).toBeNull();
    expect(pilotApplicationFollowUp('2025-09-16', '2025-09-30', 'returned')).toMatchObject({ severity: 'at-risk', daysLeft: 14 });
    expect(pilotApplicationFollowUp('2025-09-30', '2025-09-30', 'draft')).toMatchObject({ severity: 'at-risk', daysLeft: 0 });
    expect(pilotApplicationFollowUp('2025-10-01', '2025-09-30', 'draft')).toMatchObject({ severity: 'overdue', daysLeft: -1 });
    expect(pilotApplicationFollowUp('2025-10-01', '2025-09-30', 'submitted')).toBeNull();
  });

  it('asks a pilot for a plan within the year, then for certificates by its issuance date', () => {
    const base = { year: 2025, planPublished: false, certificates: 0, issuanceDate: null };
    expect(pilotProgressFollowUp('2025-10-01', base)).toBeNull();
    expect(pilotProgressFollowUp('2025-10-02', base)).toMatchObject({ kind: 'plan-not-published', severity: 'at-risk', dueDate: '2025-12-31' });
    expect(pilotProgressFollowUp('2026-01-01', base)).toMatchObject({ kind: 'plan-not-published', severity: 'overdue' });
    const planned = { ...base, planPublished: true, issuanceDate: '2025-11-30' };
    expect(pilotProgressFollowUp('2025-10-15', planned)).toBeNull();
    expect(pilotProgressFollowUp('2025-10-16', planned)).toMatchObject({ kind: 'pilot-not-completed', severity: 'at-risk', dueDate: '2025-11-30' });
    expect(pilotProgressFollowUp('2025-12-01', planned)).toMatchObject({ severity: 'overdue' });
    expect(pilotProgressFollowUp('2025-12-01', { ...planned, certificates: 3 })).toBeNull();
    // An issuance date past the year still has to be met by the year's end.
    expect(pilotProgressFollowUp('2026-01-01', { ...planned, issuanceDate: '2026-02-01' })).toMatchObject({ dueDate: '2025-12-31', severity: 'overdue' });
  });
});

describe('planProgressFollowUp (the filed-enterprise and provincial-plan-filing models)', () => {
  const base = { planPublished: true, applicationFrom: '2026-11-02', filingRequired: false, filingAccepted: false, filingDue: null, certificates: 0, issuanceDate: '2027-01-15' };

  it('follows the plan’s own dates, not the year’s end: an issuance in January is not overdue on 31 December', () => {
    expect(planProgressFollowUp('2026-12-31', base)).toMatchObject({ kind: 'issuance-not-done', severity: 'at-risk', dueDate: '2027-01-15' });
    expect(planProgressFollowUp('2027-01-16', base)).toMatchObject({ kind: 'issuance-not-done', severity: 'overdue' });
    expect(planProgressFollowUp('2027-01-16', { ...base, certificates: 1 })).toBeNull();
    expect(planProgressFollowUp('2030-01-01', { ...base, issuanceDate: null })).toBeNull();
  });

  it('a draft is due by its first day of applications; a provincial filing by its due day, before anything else', () => {
    expect(planProgressFollowUp('2026-11-03', { ...base, planPublished: false })).toMatchObject({ kind: 'plan-not-published', severity: 'overdue', dueDate: '2026-11-02' });
    expect(planProgressFollowUp('2026-11-03', { ...base, planPublished: false, applicationFrom: null })).toBeNull();
    const provincial = { ...base, filingRequired: true, filingDue: '2026-11-20' };
    expect(planProgressFollowUp('2026-11-21', provincial)).toMatchObject({ kind: 'plan-filing-not-accepted', severity: 'overdue' });
    expect(planProgressFollowUp('2026-11-21', { ...provincial, filingAccepted: true })).toBeNull();
  });
});
