// The review module's API for the pages: types mirror src/modules/review/schemas.ts.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export type CommitteeStatus = 'forming' | 'scoring' | 'voting' | 'closed';
export type CommitteeRole = 'manager' | 'chair' | 'member' | 'enterprise';
export type ConflictReason = 'same-department' | 'relative' | 'mentor-apprentice' | 'same-team' | 'own-application';
export type Vote = 'approve' | 'disapprove' | 'abstain';
export interface Fraction {
  numerator: number;
  denominator: number;
}
export interface Dimension {
  code: string;
  name: string;
  weight: number;
}

export interface Commission {
  id: string;
  planId: string;
  planTitle: string | null;
  planYear: number | null;
  enterpriseName: string;
  bodyId: string;
  bodyName: string;
  organisationForm: string | null;
  occupations: { code: string; name: string; cap: number | null }[];
  committeeRules: { size: number | null; minimumSize: number | null; oddSize: boolean; quorum: Fraction; voteThreshold: Fraction; secretBallot: boolean } | null;
  awaitingReview: number;
  createdAt: string;
}

export interface Expert {
  id: string;
  bodyId: string;
  name: string;
  occupationCode: string | null;
  title: string | null;
  organisationName: string | null;
  userId: string | null;
  username: string | null;
  idType: string | null;
  idNumberMasked: string | null;
  active: boolean;
}

export interface CommitteeBrief {
  id: string;
  commissionId: string;
  planId: string;
  planTitle: string | null;
  enterpriseName: string;
  name: string;
  occupationCodes: string[];
  round: number;
  roundReason: string | null;
  status: CommitteeStatus;
  myRole: CommitteeRole;
  myExpertId: string | null;
  candidateCount: number;
  startedAt: string | null;
  scoringClosedAt: string | null;
  closedAt: string | null;
  closedByName: string | null;
}

export interface PlanDeviation {
  code: string;
  message: { 'zh-CN': string; en: string };
}

export interface Committee extends CommitteeBrief {
  /** Where the plan departs from the notice's defaults under a provincial document. */
  planDeviations: PlanDeviation[];
  members: { expertId: string; name: string; title: string | null; organisationName: string | null; isChair: boolean; present: boolean }[];
  recusals: { id: string; expertId: string; expertName: string; applicationId: string; applicantName: string; reason: ConflictReason; reasonName: { 'zh-CN': string; en: string }; source: 'declared' | 'detected'; note: string | null }[];
  /** Candidates taken out of the open review: disqualified for fraud (六(四)). */
  disqualifiedCandidates: { applicationId: string; name: string }[];
}

export interface EvidenceRef {
  fileId: string;
  name: string;
  section: string;
}

export interface MyCandidate {
  applicationId: string;
  name: string;
  idNumberMasked: string;
  occupationCode: string;
  department: string | null;
  priority: boolean;
  content: {
    achievements?: { kind: string; title: string | null; description: string | null; benefit: string | null }[];
    honours?: { id: string; awardedOn: string | null; issuer: string | null }[];
    post?: { since: string | null };
  };
  evidence: EvidenceRef[];
  /** Facts HR corrected with evidence before the review, with what they were. */
  corrections: { conditionIds: string[]; before: Record<string, unknown>; after: Record<string, unknown>; note: string; correctorName: string | null; at: string }[];
  myScores: Record<string, number> | null;
  myComment: string | null;
  myVote: Vote | null;
}

export interface MyReview {
  committee: CommitteeBrief;
  planDeviations: PlanDeviation[];
  dimensions: Dimension[];
  isChair: boolean;
  present: boolean;
  recusedCount: number;
  candidates: MyCandidate[];
}

export interface SummaryRow {
  applicationId: string;
  name: string;
  occupationCode: string;
  priority: boolean;
  sheets: number;
  sheetsExpected: number;
  score: number | null;
  byDimension: Record<string, number | null> | null;
  sheetsByExpert: { expertName: string; scores: Record<string, number>; comment: string | null }[] | null;
  members: number;
  recused: number;
  present: number;
  ballots: number;
  approve: number;
  disapprove: number;
  abstain: number;
  quorumNeeded: number;
  quorumMet: boolean;
  approvalsNeeded: number;
  thresholdMet: boolean;
  passed: boolean;
  rank: number;
  withinQuota: boolean;
  recommended: boolean | null;
}

export interface Summary {
  committee: CommitteeBrief;
  dimensions: Dimension[];
  aggregation: 'mean' | 'trimmed-mean';
  quorum: Fraction;
  voteThreshold: Fraction;
  quotas: { occupationCode: string; cap: number | null; passed: number; withinQuota: number }[];
  rows: SummaryRow[];
}

export interface RecommendedEntry {
  committeeId: string;
  committeeName: string;
  planId: string;
  round: number;
  closedAt: string;
  applicationId: string;
  name: string;
  occupationCode: string;
  score: number | null;
  rank: number;
  approve: number;
  present: number;
  priority: boolean;
}

export const reviewKeys = {
  all: ['review'] as const,
  commissions: ['review', 'commissions'] as const,
  experts: ['review', 'experts'] as const,
  committees: ['review', 'committees'] as const,
  committee: (id: string) => ['review', 'committee', id] as const,
  mine: (id: string) => ['review', 'committee', id, 'mine'] as const,
  summary: (id: string) => ['review', 'committee', id, 'summary'] as const,
  recommended: ['review', 'recommended'] as const,
};

export const useCommissions = (enabled = true) => useQuery({ queryKey: reviewKeys.commissions, queryFn: () => api.get<{ items: Commission[] }>('/review/commissions'), enabled });
export const useExperts = (enabled = true) => useQuery({ queryKey: reviewKeys.experts, queryFn: () => api.get<{ items: Expert[] }>('/review/experts'), enabled });
export const useCommittees = () => useQuery({ queryKey: reviewKeys.committees, queryFn: () => api.get<{ items: CommitteeBrief[] }>('/review/committees') });
export const useCommittee = (id: string) => useQuery({ queryKey: reviewKeys.committee(id), queryFn: () => api.get<Committee>(`/review/committees/${id}`) });
export const useMyReview = (id: string, enabled: boolean) => useQuery({ queryKey: reviewKeys.mine(id), queryFn: () => api.get<MyReview>(`/review/committees/${id}/mine`), enabled });
export const useSummary = (id: string, enabled: boolean) => useQuery({ queryKey: reviewKeys.summary(id), queryFn: () => api.get<Summary>(`/review/committees/${id}/summary`), enabled });
export const useRecommended = () => useQuery({ queryKey: reviewKeys.recommended, queryFn: () => api.get<{ items: RecommendedEntry[] }>('/review/recommended') });

export function evidenceUrl(committeeId: string, applicationId: string, fileId: string) {
  return `/api/v1/review/committees/${committeeId}/candidates/${applicationId}/files/${fileId}`;
}
export function documentUrl(committeeId: string, document: 'minutes' | 'recommended-list') {
  return `/api/v1/review/committees/${committeeId}/documents/${document}`;
}
