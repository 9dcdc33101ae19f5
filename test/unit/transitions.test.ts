import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { allowedActs, assertTransition, lifeCycles, nextState, type LifeCycle } from '../../src/domain/transitions.ts';

const names = Object.keys(lifeCycles) as LifeCycle[];
const tableOf = (lifeCycle: LifeCycle) => lifeCycles[lifeCycle] as Record<string, Record<string, string>>;
const statesOf = (lifeCycle: LifeCycle) => Object.keys(tableOf(lifeCycle));
const actsOf = (lifeCycle: LifeCycle) => [...new Set(Object.values(tableOf(lifeCycle)).flatMap((acts) => Object.keys(acts)))];

/** The state each life cycle starts in. */
const initial: Record<LifeCycle, string> = {
  pilotApplication: 'draft',
  plan: 'draft',
  planFiling: 'none',
  application: 'draft',
  reviewCommittee: 'forming',
  certificate: 'valid',
  appointment: 'drafted',
  reReviewHolder: 'pending',
  notice: 'open',
  ban: 'effective',
  suspension: 'effective',
  reReviewNotice: 'open',
  evidenceFlagSide: 'open',
};

function reachable(lifeCycle: LifeCycle): Set<string> {
  const seen = new Set([initial[lifeCycle]]);
  const queue = [initial[lifeCycle]];
  while (queue.length) {
    const state = queue.shift()!;
    for (const to of Object.values(tableOf(lifeCycle)[state] ?? {})) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

describe('life cycles (one transition table each)', () => {
  it.each(names)('%s: every act leads to a state of the table, and every state is reachable from the start', (lifeCycle) => {
    const states = statesOf(lifeCycle);
    for (const acts of Object.values(tableOf(lifeCycle))) for (const to of Object.values(acts)) expect(states).toContain(to);
    expect([...reachable(lifeCycle)].sort()).toEqual([...states].sort());
  });

  it('for every state and act: assertTransition agrees with the table, and refuses with INVALID_TRANSITION otherwise', () => {
    const pairs = names.flatMap((lifeCycle) => statesOf(lifeCycle).flatMap((from) => actsOf(lifeCycle).map((act) => [lifeCycle, from, act] as const)));
    fc.assert(
      fc.property(fc.constantFrom(...pairs), fc.string(), ([lifeCycle, from, act], junk) => {
        const expected = tableOf(lifeCycle)[from][act] ?? null;
        expect(nextState(lifeCycle, from, act)).toBe(expected);
        if (expected) expect(assertTransition(lifeCycle, from, act as never)).toBe(expected);
        else expect(() => assertTransition(lifeCycle, from, act as never)).toThrow(DomainError);
        // Unknown states and acts (including prototype names) are never allowed.
        expect(nextState(lifeCycle, junk, act)).toBe(Object.hasOwn(tableOf(lifeCycle), junk) ? (tableOf(lifeCycle)[junk][act] ?? null) : null);
        expect(nextState(lifeCycle, from, junk)).toBe(Object.hasOwn(tableOf(lifeCycle)[from], junk) ? tableOf(lifeCycle)[from][junk] : null);
      }),
      { numRuns: 2000 },
    );
    for (const lifeCycle of names) {
      expect(nextState(lifeCycle, 'constructor', 'toString')).toBeNull();
      expect(nextState(lifeCycle, initial[lifeCycle], '__proto__')).toBeNull();
    }
  });

  it('the refusal names the life cycle, the state and the act', () => {
    try {
      assertTransition('certificate', 'revoked', 'revoke');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('INVALID_TRANSITION');
      expect((error as DomainError).params).toMatchObject({ lifeCycle: 'certificate', from: 'revoked', act: 'revoke' });
    }
  });

  it('final states allow nothing', () => {
    expect(allowedActs('certificate', 'revoked')).toEqual([]);
    expect(allowedActs('application', 'disqualified')).toEqual([]);
    // Fraud found later still voids the year: an exited, withdrawn or ineligible application allows only that.
    expect(allowedActs('application', 'exited')).toEqual(['disqualify']);
    expect(allowedActs('application', 'withdrawn')).toEqual(['disqualify']);
    expect(allowedActs('application', 'ineligible')).toEqual(['disqualify']);
    expect(allowedActs('notice', 'confirmed')).toEqual([]);
    expect(allowedActs('notice', 'cancelled')).toEqual([]);
    expect(allowedActs('ban', 'lifted')).toEqual([]);
    expect(allowedActs('suspension', 'lifted')).toEqual([]);
    expect(allowedActs('reviewCommittee', 'closed')).toEqual([]);
    expect(allowedActs('appointment', 'ended')).toEqual([]);
  });

  it('an application goes from draft to exit along the notice’s order', () => {
    const path = ['submit', 'mark-eligible', 'start-review', 'recommend', 'start-notice', 'confirm', 'certify', 'appoint', 'exit'] as const;
    let state = 'draft';
    for (const act of path) state = assertTransition('application', state, act);
    expect(state).toBe('exited');
  });

  it('a new review round takes a closed round’s candidate back into review, but not once the notice has started', () => {
    expect(assertTransition('application', 'recommended', 're-review')).toBe('in-review');
    expect(assertTransition('application', 'not-recommended', 're-review')).toBe('in-review');
    for (const from of ['draft', 'submitted', 'eligible', 'in-review', 'in-notice', 'confirmed', 'certified', 'appointed', 'exited', 'withdrawn']) {
      expect(nextState('application', from, 're-review')).toBeNull();
    }
  });

  it('fraud (六(四)) voids the year from every state after the draft; a cancelled notice gives its candidates back', () => {
    for (const from of Object.keys(lifeCycles.application).filter((state) => state !== 'draft' && state !== 'disqualified')) {
      expect(assertTransition('application', from, 'disqualify')).toBe('disqualified');
    }
    expect(nextState('application', 'draft', 'disqualify')).toBeNull();
    expect(assertTransition('application', 'in-notice', 'cancel-notice')).toBe('recommended');
    expect(assertTransition('notice', 'open', 'cancel')).toBe('cancelled');
    expect(nextState('notice', 'confirmed', 'cancel')).toBeNull();
  });

  it('a returned application can be submitted again; a screened one cannot be returned', () => {
    expect(assertTransition('application', 'returned', 'submit')).toBe('submitted');
    expect(nextState('application', 'eligible', 'return')).toBeNull();
    expect(nextState('application', 'ineligible', 'submit')).toBeNull();
  });

  it('an appointment is signed, renewed or ended; a renewed term is closed', () => {
    expect(assertTransition('appointment', 'drafted', 'sign')).toBe('active');
    expect(assertTransition('appointment', 'active', 'renew')).toBe('renewed');
    expect(allowedActs('appointment', 'renewed')).toEqual([]);
    expect(assertTransition('appointment', 'active', 'exit')).toBe('ended');
  });
});
