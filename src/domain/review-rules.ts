// The rules of the committee review (组织评审, section 四(二) of 人社厅发〔2021〕66号, with the defaults
// of the professional-title review rules): committee size, aggregation of the experts' scores,
// quorum, vote threshold and the ranking within an occupation's quota. Pure: no I/O.

import { atLeastShare, type Aggregation, type Fraction, type ScoringDimension } from './plan-rules.ts';

/** Relations that make an expert recuse from an applicant (回避). */
export const CONFLICT_REASONS = ['same-department', 'relative', 'mentor-apprentice', 'same-team', 'own-application'] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

export const CONFLICT_REASON_NAMES: Record<ConflictReason, { 'zh-CN': string; en: string }> = {
  'same-department': { 'zh-CN': '同一部门', en: 'Same department' },
  relative: { 'zh-CN': '亲属关系', en: 'Relative' },
  'mentor-apprentice': { 'zh-CN': '师徒关系', en: 'Mentor or apprentice' },
  'same-team': { 'zh-CN': '同一班组（团队）', en: 'Same team' },
  'own-application': { 'zh-CN': '本人申报', en: 'Own application' },
};

export const VOTES = ['approve', 'disapprove', 'abstain'] as const;
export type Vote = (typeof VOTES)[number];

/** Scores are given per dimension on a scale of 0 to 100. */
export const MAX_SCORE = 100;

/** The size rules a committee is formed under: the plan's (its least size, oddness and planned size). */
export interface CommitteeSizeRules {
  minimum: number;
  odd: boolean;
  /** The plan's committee size: the most members (null: no upper bound). */
  maximum: number | null;
}

/** Why a committee's size is not allowed, or null when it is: at least the plan's minimum, odd when the plan says so, at most the plan's size. */
export function committeeSizeProblem(size: number, rules: CommitteeSizeRules): { code: 'COMMITTEE_TOO_SMALL' | 'COMMITTEE_EVEN' | 'COMMITTEE_TOO_LARGE'; minimum: number; maximum: number | null } | null {
  const { minimum, maximum } = rules;
  if (size < Math.max(1, minimum)) return { code: 'COMMITTEE_TOO_SMALL', minimum, maximum };
  if (rules.odd && size % 2 === 0) return { code: 'COMMITTEE_EVEN', minimum, maximum };
  if (maximum !== null && size > maximum) return { code: 'COMMITTEE_TOO_LARGE', minimum, maximum };
  return null;
}

/**
 * The experts' scores of one dimension combined: their mean, or with `trimmed-mean` the mean without
 * one highest and one lowest score. With fewer than three scores a trimmed mean falls back to the
 * mean (nothing would be left). Null when nobody scored.
 */
export function aggregateScores(scores: readonly number[], aggregation: Aggregation): number | null {
  if (!scores.length) return null;
  let kept = [...scores];
  if (aggregation === 'trimmed-mean' && kept.length >= 3) {
    kept.sort((a, b) => a - b);
    kept = kept.slice(1, -1);
  }
  return kept.reduce((sum, score) => sum + score, 0) / kept.length;
}

/**
 * The weighted total of one applicant: each dimension's aggregated score times its normalised
 * weight (the weight over the sum of the plan's weights, so any positive weights work, decimals
 * included), rounded to two decimals. Null while any dimension has no score.
 */
export function weightedTotal(dimensions: readonly ScoringDimension[], scoresByExpert: readonly Record<string, number>[], aggregation: Aggregation): { total: number | null; byDimension: Record<string, number | null> } {
  const byDimension: Record<string, number | null> = {};
  let total: number | null = 0;
  const weightSum = dimensions.reduce((sum, dimension) => sum + dimension.weight, 0) || 100;
  for (const dimension of dimensions) {
    const values = scoresByExpert.map((scores) => scores[dimension.code]).filter((value): value is number => typeof value === 'number');
    const aggregated = aggregateScores(values, aggregation);
    byDimension[dimension.code] = aggregated === null ? null : round2(aggregated);
    if (aggregated === null) total = null;
    else if (total !== null) total += (aggregated * dimension.weight) / weightSum;
  }
  return { total: total === null ? null : round2(total), byDimension };
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export interface VoteTally {
  /** Members of the committee. */
  members: number;
  /** Members who recused from this applicant (not counted). */
  recused: number;
  /** Non-recused members present. */
  present: number;
  approve: number;
  disapprove: number;
  abstain: number;
}

export interface VoteOutcome {
  /** Non-recused members: the base of the quorum. */
  eligibleMembers: number;
  quorumNeeded: number;
  quorumMet: boolean;
  approvalsNeeded: number;
  thresholdMet: boolean;
  /** Quorum and threshold met. */
  passed: boolean;
}

/**
 * The vote on one applicant: the quorum is the share (default two thirds) of the non-recused
 * members who must be present; the candidate passes with the approval of at least the threshold
 * share (default two thirds) of the members present. 5 of 7 present pass at 2/3; 4 of 6 too.
 */
export function voteOutcome(tally: VoteTally, quorum: Fraction, threshold: Fraction): VoteOutcome {
  const eligibleMembers = tally.members - tally.recused;
  const quorumNeeded = Math.max(1, atLeastShare(eligibleMembers, quorum));
  const quorumMet = eligibleMembers > 0 && tally.present >= quorumNeeded;
  const approvalsNeeded = Math.max(1, atLeastShare(tally.present, threshold));
  const thresholdMet = tally.present > 0 && tally.approve >= approvalsNeeded;
  return { eligibleMembers, quorumNeeded, quorumMet, approvalsNeeded, thresholdMet, passed: quorumMet && thresholdMet };
}

export interface RankedCandidate {
  id: string;
  occupationCode: string;
  passed: boolean;
  priority: boolean;
  score: number | null;
  name: string;
}

/** The order of a ranking: passed first, then a priority condition, then the higher score, then the name. */
export function compareCandidates(a: RankedCandidate, b: RankedCandidate): number {
  if (a.passed !== b.passed) return a.passed ? -1 : 1;
  if (a.priority !== b.priority) return a.priority ? -1 : 1;
  const scoreA = a.score ?? -1;
  const scoreB = b.score ?? -1;
  if (scoreA !== scoreB) return scoreB - scoreA;
  return a.name.localeCompare(b.name, 'zh-CN');
}

/**
 * Candidates ranked per occupation, each with its rank (1-based) within the occupation and whether
 * it lies within the quota: the occupation's places left, and, when the enterprise has a cap across
 * occupations, the places left there (given to the best-ranked passed candidates of any occupation).
 */
export function rankWithinQuota<T extends RankedCandidate>(
  candidates: readonly T[],
  caps: Readonly<Record<string, number | null>>,
  enterpriseCap: number | null = null,
): (T & { rank: number; withinQuota: boolean })[] {
  const sorted = [...candidates].sort((a, b) => (a.occupationCode === b.occupationCode ? compareCandidates(a, b) : a.occupationCode.localeCompare(b.occupationCode)));
  const counters = new Map<string, number>();
  const ranked = sorted.map((candidate) => {
    const rank = (counters.get(candidate.occupationCode) ?? 0) + 1;
    counters.set(candidate.occupationCode, rank);
    const cap = caps[candidate.occupationCode] ?? null;
    return { ...candidate, rank, withinQuota: candidate.passed && (cap === null || rank <= cap) };
  });
  if (enterpriseCap === null) return ranked;
  const admitted = new Set(
    ranked
      .filter((candidate) => candidate.withinQuota)
      .sort(compareCandidates)
      .slice(0, Math.max(0, enterpriseCap)),
  );
  return ranked.map((candidate) => ({ ...candidate, withinQuota: admitted.has(candidate) }));
}

/** Occupations where the proposed list exceeds the quota, with the excess: the system refuses those. */
export function quotaExcess(recommended: readonly { occupationCode: string }[], caps: Readonly<Record<string, number | null>>): { occupationCode: string; cap: number; count: number; excess: number }[] {
  const counts = new Map<string, number>();
  for (const candidate of recommended) counts.set(candidate.occupationCode, (counts.get(candidate.occupationCode) ?? 0) + 1);
  const result: { occupationCode: string; cap: number; count: number; excess: number }[] = [];
  for (const [occupationCode, count] of counts) {
    const cap = caps[occupationCode];
    if (cap !== null && cap !== undefined && count > cap) result.push({ occupationCode, cap, count, excess: count - cap });
  }
  return result.sort((a, b) => a.occupationCode.localeCompare(b.occupationCode));
}
