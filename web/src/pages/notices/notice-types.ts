// What the notice API (src/modules/notices/schemas.ts) answers.
import type { LocalizedMessages } from '../../api/types';

export type Phase = 'not-started' | 'running' | 'ended' | 'confirmed' | 'cancelled';
export type CandidateStatus = 'in-notice' | 'withdrawn' | 'confirmed' | 'cancelled';
export type ObjectionStatus = 'open' | 'investigating' | 'upheld' | 'dismissed' | 'lapsed';

export interface NoticeSummary {
  id: string;
  planId: string;
  planTitle: string | null;
  planYear: number;
  enterpriseName: string;
  status: 'open' | 'confirmed' | 'cancelled';
  phase: Phase;
  startDate: string;
  endDate: string;
  workingDays: number;
  contact: string;
  candidateCount: number;
  openObjections: number;
  confirmedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface NoticeCandidate {
  id: string;
  applicationId?: string;
  position: number;
  name: string;
  unitName: string;
  department: string | null;
  occupationCode: string | null;
  occupationName: string | null;
  summary: string;
  status: CandidateStatus;
  withdrawnReason: string | null;
}

export interface Objection {
  id: string;
  candidateId: string;
  candidateName: string;
  channel: 'app' | 'public';
  objectorName: string;
  objectorContact: string;
  content: string;
  evidenceFileIds: string[];
  status: ObjectionStatus;
  investigation: string | null;
  findingReasons: string | null;
  fraud: boolean;
  unitFraud: boolean;
  raisedOn: string;
  decidedAt: string | null;
  decidedByName: string | null;
  createdAt: string;
}

export interface Notice extends NoticeSummary {
  today: string;
  candidates: NoticeCandidate[];
  publicLink: { enabled: boolean; token: string | null } | null;
  objections: Objection[];
  events: { act: string; candidateName: string | null; comment: string | null; commentEn: string | null; actorName: string | null; at: string }[];
  canManage: boolean;
  canObject: boolean;
  canCancel: boolean;
  confirmBlockers: { code: string; messages: LocalizedMessages }[];
}

export interface NoticePreview {
  planId: string;
  planTitle: string | null;
  startDate: string;
  endDate: string;
  workingDays: number;
  candidates: (Omit<NoticeCandidate, 'id' | 'position' | 'status' | 'withdrawnReason' | 'applicationId'> & { applicationId: string })[];
  notices: { id: string; status: string; startDate: string; endDate: string }[];
}

export interface PublicNotice {
  planTitle: string | null;
  enterpriseName: string;
  status: 'open' | 'confirmed' | 'cancelled';
  cancelReason: string | null;
  phase: Phase;
  startDate: string;
  endDate: string;
  workingDays: number;
  contact: string;
  candidates: NoticeCandidate[];
}

export const phaseColours: Record<Phase, string> = { 'not-started': 'default', running: 'processing', ended: 'warning', confirmed: 'success', cancelled: 'default' };
export const candidateColours: Record<CandidateStatus, string> = { 'in-notice': 'processing', withdrawn: 'error', confirmed: 'success', cancelled: 'default' };
export const objectionColours: Record<ObjectionStatus, string> = { open: 'warning', investigating: 'processing', upheld: 'error', dismissed: 'default', lapsed: 'default' };

/**
 * The key of a candidate's status as shown beside the notice's phase: a candidate of a notice that
 * has not started is 待公示, not 公示中; once the period is over and before the list is confirmed,
 * 公示期满. Withdrawn, confirmed and cancelled rows say what happened to them whatever the phase.
 */
export function candidateStatusKey(status: CandidateStatus, phase: Phase | undefined): CandidateStatus | 'awaiting-notice' | 'notice-ended' {
  if (status !== 'in-notice') return status;
  if (phase === 'not-started') return 'awaiting-notice';
  if (phase === 'ended') return 'notice-ended';
  return status;
}
