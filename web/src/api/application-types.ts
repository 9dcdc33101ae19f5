// The shapes of the register, applications, screening, bans and notifications endpoints
// (src/modules/{register,applications,bans,notifications}/schemas.ts), kept by hand.
import { BASIC_CONDITION_IDS, type BasicConditionId } from '../../../src/domain/eligibility.ts';
import type { LocalizedMessages } from './types';

export type Localized = LocalizedMessages;

export interface JobView<Result = unknown> {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: { done: number; total: number | null };
  result: Result | null;
  error: { code: string; messages: Localized } | null;
}

export interface Employee {
  id: string;
  organisationId: string;
  organisationName: string;
  name: string;
  idType: string;
  idNumberMasked: string;
  gender: 'male' | 'female';
  /** The birth year only (the whole date is in the audited register export). */
  birthYear: string | null;
  department: string | null;
  post: string | null;
  occupationCode: string;
  occupationName: string | null;
  certificateNumber: string;
  certificateKind: 'skill-level' | 'vocational-qualification';
  certificateDate: string;
  postSince: string;
  stillInOccupation: boolean;
  honours: string[];
  user: { id: string; username: string } | null;
  updatedAt: string;
}

export interface RegisterRowIssue {
  row: number;
  column: string | null;
  code: string;
  message: Localized;
}

export interface RegisterImportResult {
  outcome: 'imported' | 'rejected';
  rows: number;
  created?: number;
  updated?: number;
  errorCount?: number;
  errors?: RegisterRowIssue[];
  /** Errors counted but not listed (beyond the first 1,000). */
  errorsNotListed?: number;
  reportFileId?: string | null;
  /** Rows kept with a note (an older certificate number for HR to check). */
  warningCount?: number;
  warnings?: RegisterRowIssue[];
}

export interface EvidenceRef {
  fileId: string;
  name: string;
}

export interface ApplicationContent {
  identity: { name: string | null; gender: 'male' | 'female' | null; birthDate: string | null; department: string | null; phone: string | null };
  qualification: { kind: 'skill-level' | 'vocational-qualification' | null; certificateNumber: string | null; level: number | null; issuer: string | null; issuedOn: string | null; evidence: EvidenceRef[] };
  occupationCode: string | null;
  stillInOccupation: boolean | null;
  post: { since: string | null; title: string | null; history: { from: string | null; to: string | null; unit: string | null; post: string | null }[]; evidence: EvidenceRef[] };
  achievements: {
    kind: AchievementKind;
    title: string | null;
    description: string | null;
    benefit: string | null;
    apprentices: { name: string; levelReached: string }[];
    evidence: EvidenceRef[];
  }[];
  honours: { id: HonourId; awardedOn: string | null; issuer: string | null; certificateNumber?: string | null; evidence: EvidenceRef[] }[];
  conduct: { pledge: boolean; disciplinaryRecord: boolean };
  health: { fit: boolean | null; evidence: EvidenceRef[] };
  integrity: { pledge: boolean; evidence: EvidenceRef[] };
}

export const ACHIEVEMENT_KINDS = ['operating-method', 'technology-transfer', 'innovation', 'mentoring'] as const;
export type AchievementKind = (typeof ACHIEVEMENT_KINDS)[number];
export const HONOUR_IDS = ['china-skills-award', 'state-council-allowance', 'national-technical-expert', 'national-master-studio-leader', 'provincial-skill-master'] as const;
export type HonourId = (typeof HONOUR_IDS)[number];
export const CONDITION_IDS = BASIC_CONDITION_IDS;
export type ConditionId = BasicConditionId;
export type ConditionState = 'met' | 'not-met' | 'to-check';

export interface PlanBrief {
  id: string;
  title: string | null;
  year: number;
  enterpriseId: string;
  enterpriseName: string;
  status: string;
  version: number;
  window: { from: string | null; to: string | null };
  open: boolean;
  cutoffDate: string | null;
  minYearsInPost: number;
  occupations: { code: string; name: string }[];
}

export interface ApplicationSummary {
  id: string;
  planId: string;
  planTitle: string | null;
  name: string;
  idNumberMasked: string;
  organisationId: string;
  organisationName: string;
  occupationCode: string | null;
  occupationName: string | null;
  status: string;
  currentVersion: number;
  automaticEligible: boolean | null;
  priority: boolean;
  reviewedConditions: number;
  submittedAt: string | null;
  updatedAt: string;
}

export interface ConditionResult {
  id: string;
  met: boolean;
  reason: Localized;
}

export interface ReviewedCondition {
  id: ConditionId;
  automaticState: ConditionState;
  automaticMet: boolean;
  automaticReason: Localized;
  review: { conditionId: string; automaticMet: boolean; decision: 'confirmed' | 'overridden' | 'decided'; met: boolean; reason: string | null; reviewerName: string | null; at: string } | null;
  met: boolean;
  state: ConditionState;
  /** A fact HR corrected with evidence. */
  corrected: boolean;
}

/** HR's correction of facts, with what they were before. */
export interface FactCorrection {
  conditionIds: ConditionId[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  note: string;
  evidence?: EvidenceRef[];
  correctorName: string | null;
  at: string;
}

export interface ApplicationEvent {
  act: string;
  fromStatus: string | null;
  toStatus: string | null;
  version: number | null;
  comment: string | null;
  /** The English of a comment the system wrote (null for one a person typed). */
  commentEn: string | null;
  actorName: string | null;
  /** An act of the system itself: shown as 系统 / System in the reader's language. */
  bySystem: boolean;
  at: string;
}

export interface Application extends ApplicationSummary {
  plan: PlanBrief;
  idType: string;
  applicantUserId: string | null;
  employeeId: string | null;
  revision: number;
  content: ApplicationContent;
  eligibility: { eligible: boolean; outcome?: 'eligible' | 'ineligible' | 'to-check'; priority: boolean; conditions: ConditionResult[]; priorityConditions: ConditionResult[]; checkedOn: string; cutoffDate: string; planVersion: number } | null;
  conditions: ReviewedCondition[] | null;
  /** HR's corrections of facts (before and after, evidence), oldest first. */
  corrections: FactCorrection[];
  returnComment: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
  createdAt: string;
  events: ApplicationEvent[];
  versions: { version: number; submittedAt: string; submittedByName: string | null }[];
  allowedActs: string[];
  issues: { path: string; code: string; message: Localized }[];
}

export interface MyPlan {
  plan: PlanBrief;
  application: ApplicationSummary | null;
  invited: boolean;
}

export interface Candidate {
  employeeId: string;
  name: string;
  idNumberMasked: string;
  organisationName: string;
  department: string | null;
  occupationCode: string;
  occupationName: string | null;
  outcome: 'meets' | 'not-met';
  conditions: { id: ConditionId; state: 'met' | 'not-met' | 'to-check' | 'pending'; reason: Localized }[];
  priority: string[];
  invited: boolean;
  hasAccount: boolean;
  applicationStatus: string | null;
}

export interface PlanOverview {
  plan: PlanBrief;
  counts: Record<string, number>;
  quotas: { occupationCode: string; occupationName: string; cap: number | null; maxCount: number | null; ratioPercent: number | null; seniorTechnicianCount: number | null; eligible: number; pending: number; total: number }[];
  handovers: { id: string; at: string; handedOverByName: string | null; count: number; note: string | null; evaluationBodyId: string | null; evaluationBodyName: string | null }[];
}

export interface Ban {
  id: string;
  subjectType: 'person' | 'unit';
  idType: string;
  subjectName: string;
  subjectNumberMasked: string;
  basis: string;
  fromDate: string;
  untilDate: string;
  yearDisqualified: number;
  active: boolean;
  /** `lifted` once the supervising department lifted it. */
  status: 'effective' | 'lifted';
  liftedOn: string | null;
  liftReason: string | null;
  /** Corrections and the lift, oldest first. */
  changes: { act: 'corrected' | 'lifted'; reason: string; before: Record<string, unknown>; after: Record<string, unknown>; actorName: string | null; organisationName: string | null; at: string }[];
  /** `correct`, `lift`: the supervising department's acts on it. */
  allowedActs: string[];
  sourceType: string | null;
  sourceId: string | null;
  organisationId: string;
  organisationName: string;
  createdAt: string;
}

export interface NotificationItem {
  id: string;
  kind: string;
  title: Localized;
  body: Localized;
  link: string | null;
  read: boolean;
  createdAt: string;
}

/** One application of an evidence flag: in full when the reader may read it, masked otherwise. */
export interface EvidenceFlagSide {
  applicationId: string;
  readable: boolean;
  name: string;
  idNumberMasked: string | null;
  applicationStatus: string | null;
  planTitle: string | null;
  organisationId: string;
  organisationName: string;
  planEnterpriseName: string;
  field: string;
  section: 'qualification' | 'post' | 'achievements' | 'honours' | 'health' | 'integrity';
  fileId: string | null;
  fileName: string | null;
  status: 'open' | 'cleared';
  note: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  fraudFound: boolean;
  fraudFindingId: string | null;
  allowedActs: ('clear' | 'reopen')[];
}

/** 证明材料疑点: the same evidence file or number claimed by two applicants. */
export interface EvidenceFlag {
  id: string;
  kind: 'file' | 'number';
  display: string;
  createdAt: string;
  open: boolean;
  sides: EvidenceFlagSide[];
}
