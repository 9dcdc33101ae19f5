import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TWO_THIRDS } from '../../src/domain/plan-rules.ts';
import { aggregateScores, committeeSizeProblem, quotaExcess, rankWithinQuota, voteOutcome, weightedTotal } from '../../src/domain/review-rules.ts';

const score = fc.integer({ min: 0, max: 100 });

describe('aggregateScores', () => {
  it('takes the mean, or the mean without the highest and the lowest', () => {
    expect(aggregateScores([60, 70, 80, 90, 100], 'mean')).toBe(80);
    expect(aggregateScores([10, 70, 80, 90, 100], 'trimmed-mean')).toBe(80);
    expect(aggregateScores([50, 90], 'trimmed-mean')).toBe(70);
    expect(aggregateScores([], 'mean')).toBeNull();
  });

  it('a trimmed mean lies between the second lowest and the second highest score', () => {
    fc.assert(
      fc.property(fc.array(score, { minLength: 3, maxLength: 15 }), (scores) => {
        const sorted = [...scores].sort((a, b) => a - b);
        const value = aggregateScores(scores, 'trimmed-mean')!;
        expect(value).toBeGreaterThanOrEqual(sorted[1] - 1e-9);
        expect(value).toBeLessThanOrEqual(sorted[sorted.length - 2] + 1e-9);
      }),
    );
  });

  it('one extreme score moves a trimmed mean by no more than the others allow', () => {
    fc.assert(
      fc.property(fc.array(score, { minLength: 4, maxLength: 15 }), fc.integer({ min: 0, max: 100 }), (scores, extreme) => {
        const without = aggregateScores(scores, 'trimmed-mean')!;
        const sorted = [...scores].sort((a, b) => a - b);
        const withExtreme = aggregateScores([...scores, extreme], 'trimmed-mean')!;
        expect(withExtreme).toBeGreaterThanOrEqual(Math.min(without, sorted[0]) - 1e-9);
        expect(withExtreme).toBeLessThanOrEqual(Math.max(without, sorted[sorted.length - 1]) + 1e-9);
      }),
    );
  });

  it('a mean lies between the lowest and the highest score', () => {
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 15 }), (scores) => {
        const value = aggregateScores(scores, 'mean')!;
        expect(value).toBeGreaterThanOrEqual(Math.min(...scores) - 1e-9);
        expect(value).toBeLessThanOrEqual(Math.max(...scores) + 1e-9);
      }),
    );
  });
});

describe('weightedTotal', () => {
  const dimensions = [
    { code: 'performance', name: '业绩贡献', weight: 40 },
    { code: 'innovation', name: '技术创新', weight: 60 },
  ];
  it('weights the aggregated dimensions', () => {
    const result = weightedTotal(dimensions, [{ performance: 80, innovation: 90 }, { performance: 90, innovation: 70 }], 'mean');
    expect(result.byDimension).toEqual({ performance: 85, innovation: 80 });
    expect(result.total).toBe(82);
  });
  it('has no total while a dimension has no score', () => {
    expect(weightedTotal(dimensions, [{ performance: 80 }], 'mean').total).toBeNull();
  });
  it('normalises any positive weights, decimals included: 0.4/0.6 and 2/3 weigh as 40/60', () => {
    const scores = [{ performance: 80, innovation: 90 }, { performance: 90, innovation: 70 }];
    expect(weightedTotal([{ ...dimensions[0], weight: 0.4 }, { ...dimensions[1], weight: 0.6 }], scores, 'mean').total).toBe(82);
    expect(weightedTotal([{ ...dimensions[0], weight: 2 }, { ...dimensions[1], weight: 3 }], scores, 'mean').total).toBe(82);
    expect(weightedTotal([{ ...dimensions[0], weight: 1 }, { ...dimensions[1], weight: 1 }], scores, 'mean').total).toBe(82.5);
  });
  it('a total is scaling-free and lies between the lowest and the highest dimension (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ weight: fc.double({ min: 0.01, max: 500, noNaN: true }), score: fc.integer({ min: 0, max: 100 }) }), { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        (items, factor) => {
          const dims = items.map((item, index) => ({ code: `d${index}`, name: `维度${index}`, weight: item.weight }));
          const sheet = Object.fromEntries(items.map((item, index) => [`d${index}`, item.score]));
          const total = weightedTotal(dims, [sheet], 'mean').total!;
          const scaled = weightedTotal(dims.map((dimension) => ({ ...dimension, weight: dimension.weight * factor })), [sheet], 'mean').total!;
          expect(Math.abs(total - scaled)).toBeLessThanOrEqual(0.01);
          expect(total).toBeGreaterThanOrEqual(Math.min(...items.map((item) => item.score)) - 0.01);
          expect(total).toBeLessThanOrEqual(Math.max(...items.map((item) => item.score)) + 0.01);
        },
      ),
    );
  });
});

describe('voteOutcome', () => {
  const tally = (members: number, recused: number, present: number, approve: number) => ({ members, recused, present, approve, disapprove: present - approve, abstain: 0 });
  it('passes 5 of 7 present and refuses 4 of 7', () => {
    expect(voteOutcome(tally(7, 0, 7, 5), TWO_THIRDS, TWO_THIRDS).passed).toBe(true);
    expect(voteOutcome(tally(7, 0, 7, 4), TWO_THIRDS, TWO_THIRDS)).toMatchObject({ passed: false, approvalsNeeded: 5 });
  });
  it('passes 4 of 6 present and refuses 3 of 6', () => {
    expect(voteOutcome(tally(7, 1, 6, 4), TWO_THIRDS, TWO_THIRDS).passed).toBe(true);
    expect(voteOutcome(tally(7, 1, 6, 3), TWO_THIRDS, TWO_THIRDS).passed).toBe(false);
  });
  it('computes the quorum without the recused members', () => {
    // 7 members, 2 recused: 5 count, two thirds is 4.
    expect(voteOutcome(tally(7, 2, 4, 4), TWO_THIRDS, TWO_THIRDS)).toMatchObject({ quorumNeeded: 4, quorumMet: true, passed: true });
    expect(voteOutcome(tally(7, 2, 3, 3), TWO_THIRDS, TWO_THIRDS)).toMatchObject({ quorumMet: false, passed: false });
  });
  it('the threshold holds exactly at ceil(present × fraction)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), (present, numerator, extra) => {
        const fraction = { numerator, denominator: numerator + extra };
        const needed = Math.ceil((present * fraction.numerator) / fraction.denominator);
        const at = voteOutcome(tally(present, 0, present, Math.max(1, needed)), TWO_THIRDS, fraction);
        expect(at.thresholdMet).toBe(true);
        if (needed >= 2) expect(voteOutcome(tally(present, 0, present, needed - 1), TWO_THIRDS, fraction).thresholdMet).toBe(false);
        // approvals ≥ needed ⇔ approvals / present ≥ fraction
        expect(needed / present).toBeGreaterThanOrEqual(fraction.numerator / fraction.denominator - 1e-9);
        expect((needed - 1) / present).toBeLessThan(fraction.numerator / fraction.denominator);
      }),
    );
  });
});

describe('committee size, ranking and quota', () => {
  it('wants an odd size within the plan’s rules', () => {
    expect(committeeSizeProblem(5, { minimum: 5, odd: true, maximum: 7 })).toBeNull();
    expect(committeeSizeProblem(3, { minimum: 5, odd: true, maximum: 7 })?.code).toBe('COMMITTEE_TOO_SMALL');
    expect(committeeSizeProblem(6, { minimum: 5, odd: true, maximum: 7 })?.code).toBe('COMMITTEE_EVEN');
    expect(committeeSizeProblem(9, { minimum: 5, odd: true, maximum: 7 })?.code).toBe('COMMITTEE_TOO_LARGE');
    // A plan that allows 3, or an even committee.
    expect(committeeSizeProblem(3, { minimum: 3, odd: true, maximum: 3 })).toBeNull();
    expect(committeeSizeProblem(4, { minimum: 3, odd: false, maximum: null })).toBeNull();
    expect(committeeSizeProblem(0, { minimum: 0, odd: false, maximum: null })?.code).toBe('COMMITTEE_TOO_SMALL');
  });
  it('ranks by result, then priority, then score, within each occupation', () => {
    const ranked = rankWithinQuota(
      [
        { id: 'a', occupationCode: 'x', passed: true, priority: false, score: 95, name: '甲' },
        { id: 'b', occupationCode: 'x', passed: true, priority: true, score: 80, name: '乙' },
        { id: 'c', occupationCode: 'x', passed: false, priority: true, score: 99, name: '丙' },
        { id: 'd', occupationCode: 'x', passed: true, priority: false, score: 85, name: '丁' },
      ],
      { x: 2 },
    );
    expect(ranked.map((candidate) => [candidate.id, candidate.rank, candidate.withinQuota])).toEqual([
      ['b', 1, true],
      ['a', 2, true],
      ['d', 3, false],
      ['c', 4, false],
    ]);
  });
  it('says by how many a list exceeds the quota', () => {
    expect(quotaExcess([{ occupationCode: 'x' }, { occupationCode: 'x' }, { occupationCode: 'x' }, { occupationCode: 'y' }], { x: 2, y: null })).toEqual([{ occupationCode: 'x', cap: 2, count: 3, excess: 1 }]);
  });
});
