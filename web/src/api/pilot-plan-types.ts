// The shapes of the pilot filing (试点申报), occupation catalogue (职业（工种）目录) and work plan
// (工作方案) API, kept by hand in step with src/modules/{pilots,occupations,plans}/schemas.ts.
import type { DepartmentType, Filing, LocalizedMessages, ProblemFieldError } from './types';

export type PilotApplicationStatus = 'draft' | 'submitted' | 'accepted' | 'returned';

/** Who may evaluate in a jurisdiction and year (src/domain/jurisdiction-rules.ts). */
export type EvaluationModel = 'filed-enterprise' | 'provincial-plan-filing' | 'ministry-pilot-filing';

export interface CommitteeLimits {
  minimumSize: number | null;
  oddSizeRequired: boolean | null;
  quorumFloor: Fraction | null;
  thresholdFloor: Fraction | null;
}

/** One jurisdiction's setting for a year: the ministry's (national) or a provincial department's. */
export interface JurisdictionSetting {
  level: 'national' | 'provincial';
  organisationId: string;
  organisationName: string;
  year: number;
  model: EvaluationModel | null;
  deadline: string | null;
  committee: CommitteeLimits;
  note: string | null;
  updatedAt: string;
}

export interface EffectiveSetting {
  year: number;
  model: EvaluationModel;
  modelName: LocalizedMessages;
  modelSource: 'default' | 'national' | 'provincial';
  modelSetBy: string | null;
  deadline: string | null;
  committee: CommitteeLimits;
  committeeSetBy: Record<keyof CommitteeLimits, string | null>;
  province: { id: string; name: string } | null;
}

export interface JurisdictionSettingYear {
  year: number;
  national: JurisdictionSetting | null;
  provincial: JurisdictionSetting | null;
  effective: EffectiveSetting;
  deadlineOpen: boolean | null;
  provinces: JurisdictionSetting[];
}

export interface JurisdictionSettingList {
  today: string;
  level: 'national' | 'provincial' | null;
  organisation: { id: string; name: string } | null;
  items: JurisdictionSettingYear[];
}

/** A department's pilot filing of a year: the model that applies, its deadline, whether submitting is open. */
export interface PilotDeadline {
  year: number;
  model: EvaluationModel;
  deadline: string | null;
  setBy: string | null;
  open: boolean;
}

export interface PilotEnterprise {
  id: string;
  name: string;
  parentId: string | null;
  parentName: string | null;
  creditCode: string | null;
  provinceCode: string | null;
  filing: Filing | null;
  eligible: boolean;
  problem: { code: string; messages: LocalizedMessages } | null;
}

export interface PilotHistoryEntry {
  at: string;
  act: string;
  fromStatus: string | null;
  toStatus: string;
  actorName: string | null;
  note: string | null;
}

export interface PilotApplicationSummary {
  id: string;
  departmentId: string;
  departmentName: string;
  departmentType: DepartmentType | null;
  year: number;
  status: PilotApplicationStatus;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  remarks: string | null;
  returnReason: string | null;
  decisionNote: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
  deadline: PilotDeadline;
  allowedActs: string[];
  enterpriseCount: number;
  enterpriseNames: string[];
}

export interface PilotApplication extends Omit<PilotApplicationSummary, 'enterpriseCount' | 'enterpriseNames'> {
  enterprises: PilotEnterprise[];
  history: PilotHistoryEntry[];
}

export interface PilotApplicationInput {
  year?: number;
  enterpriseIds?: string[];
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  remarks?: string | null;
}

export interface PilotEnterpriseRow {
  year: number;
  enterpriseId: string;
  enterpriseName: string;
  departmentId: string;
  departmentName: string;
  applicationId: string;
  acceptedAt: string | null;
}

export interface Occupation {
  code: string;
  name: string;
  category: string | null;
  source: string;
  updatedAt: string;
}

export interface OccupationImportResult {
  format: 'xlsx' | 'csv' | 'json';
  total: number;
  created: number;
  updated: number;
  unchanged: number;
}

export type PlanKind = 'evaluation' | 're-review';
export type PlanStatus = 'draft' | 'published' | 'closed';
export type Aggregation = 'mean' | 'trimmed-mean';
export type OrganisationForm = 'own-body' | 'commissioned-industry';

export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface PlanContent {
  title: string | null;
  preamble: string | null;
  occupations: string[];
  eligibility: { cutoffDate: string | null; minYearsInPost: number | null; minYearsPolicyDocument: string | null; minYearsPolicyNumber?: string | null; additionalConditions: string | null };
  evaluation: { method: string | null; dimensions: { code: string; name: string; weight: number }[]; aggregation: Aggregation | null };
  organisation: { form: OrganisationForm | null; evaluationBodyId: string | null };
  committee: { size: number | null; minimumSize: number | null; oddSize: boolean; quorum: Fraction; voteThreshold: Fraction; secretBallot: boolean };
  quotas: { occupationCode: string; maxCount: number | null; ratioPercent: number | null; seniorTechnicianCount: number | null }[];
  timetable: {
    applicationFrom: string | null;
    applicationTo: string | null;
    reviewFrom: string | null;
    reviewTo: string | null;
    publicityFrom: string | null;
    publicityTo: string | null;
    issuanceDate: string | null;
  };
  publicity: { workingDays: number | null; scope: string | null; reReviewNotice?: { required: boolean; policyDocument?: string | null; policyNumber?: string | null } | null };
  contact: { name: string | null; phone: string | null };
  otherProvisions: string | null;
  /** Which statements need an uploaded document (absent keys: the defaults). */
  evidenceRequired?: Partial<Record<EvidenceSection, boolean>> | null;
}

export const EVIDENCE_SECTIONS = ['qualification', 'post', 'achievements', 'honours', 'health', 'integrity'] as const;
export type EvidenceSection = (typeof EVIDENCE_SECTIONS)[number];

export interface PlanFiling {
  departmentId: string;
  departmentName: string;
  filedAt: string;
  filedVersion: number;
  status: 'submitted' | 'accepted' | 'returned';
  decidedAt: string | null;
  decisionNote: string | null;
}

export type RequirementCode = 'enterprise-filed' | 'ministry-pilot-accepted' | 'plan-filing-accepted';

/** Which model applies to a plan's enterprise and year, and what it asks: met, missing, or not yet known. */
export interface PlanStanding {
  year: number;
  model: EvaluationModel;
  modelName: LocalizedMessages;
  modelSource: 'default' | 'national' | 'provincial';
  modelSetBy: string | null;
  deadline: string | null;
  province: { id: string; name: string } | null;
  committeeLimits: CommitteeLimits;
  requirements: { code: RequirementCode; gate: 'plan' | 'review'; met: boolean | null; message: LocalizedMessages }[];
  mayDraftPlan: boolean;
  mayStartReview: boolean;
}

export interface PlanSummary {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  year: number;
  kind: PlanKind;
  status: PlanStatus;
  title: string | null;
  currentVersion: number;
  publishedAt: string | null;
  filing: PlanFiling | null;
  hasUnpublishedChanges: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PlanVersionInfo {
  version: number;
  publishedAt: string;
  publishedByName: string | null;
  changeNote: string | null;
}

export interface Plan extends PlanSummary {
  revision: number;
  content: PlanContent | null;
  versions: PlanVersionInfo[];
  supervisingDepartment: { id: string; name: string } | null;
  closedAt: string | null;
  closeReason: string | null;
  allowedActs: string[];
  standing: PlanStanding;
  filingActs: string[];
}

export interface PlanSection {
  heading: string;
  paragraphs: string[];
}

export interface PlanVersion {
  planId: string;
  enterpriseId: string;
  enterpriseName: string;
  year: number;
  kind: PlanKind;
  status: PlanStatus;
  version: number;
  latestVersion: number;
  content: PlanContent;
  names: { occupations: Record<string, string>; evaluationBody?: string | null };
  sections: PlanSection[];
  publishedAt: string;
  publishedByName: string | null;
  changeNote: string | null;
  versions: PlanVersionInfo[];
}

export interface PlanChange {
  path: string;
  label: LocalizedMessages;
  before: string | null;
  after: string | null;
}

export interface PlanDiff {
  from: number;
  to: number;
  changes: PlanChange[];
}

export interface PlanValidation {
  valid: boolean;
  errors: ProblemFieldError[];
}

export interface EvaluationBodyOption {
  id: string;
  name: string;
  bodyType: 'internal' | 'industry' | null;
  parentName: string | null;
  belongsToEnterprise: boolean;
}

export interface PlanOptions {
  enterprise: { id: string; name: string };
  pilotYears: number[];
  years: PlanStanding[];
  evaluationBodies: EvaluationBodyOption[];
  defaults: Record<PlanKind, PlanContent>;
}
