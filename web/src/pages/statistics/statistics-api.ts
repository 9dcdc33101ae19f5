// The statistics module's API for the dashboard: types mirror src/modules/statistics/schemas.ts.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, API_BASE, withQuery } from '../../api/client';
import type { EvaluationModel } from '../../api/pilot-plan-types';
import type { LocalizedMessages } from '../../api/types';

export interface Metrics {
  pilotEnterprises: number;
  plansPublished: number;
  plansFiled: number;
  applications: number;
  eligible: number;
  reviewed: number;
  inNotice: number;
  confirmed: number;
  certified: number;
  appointed: number;
  reported: number;
  revoked: number;
  objections: number;
  upheldObjections: number;
  bans: number;
  exits: number;
}

export type FollowUpSeverity = 'overdue' | 'at-risk';
export type AgeBand = 'under-35' | '35-44' | '45-54' | '55-plus' | 'unknown';

export interface UnitRow extends Metrics {
  organisationId: string;
  name: string;
  kind: string;
  own: boolean;
}
export interface EnterpriseRow extends Metrics {
  organisationId: string;
  name: string;
  departmentName: string | null;
  model: EvaluationModel;
  pilotStatus: 'submitted' | 'accepted' | 'none' | 'not-required';
  coveredBy: { organisationId: string; name: string } | null;
  planStatus: 'none' | 'draft' | 'published' | 'closed';
  planVersion: number;
  planFiledAt: string | null;
  planFilingStatus: 'submitted' | 'accepted' | 'returned' | null;
  followUp: FollowUpSeverity | null;
}
interface Counts {
  applications: number;
  eligible: number;
  confirmed: number;
  certified: number;
}
export interface OccupationRow extends Counts {
  code: string | null;
  name: string | null;
}
export interface IndustryRow extends Counts {
  group: string | null;
  name: { 'zh-CN': string; en: string };
}
export interface AgeRow {
  band: AgeBand;
  applications: number;
  certified: number;
}
export interface GenderRow {
  gender: 'male' | 'female' | 'unknown';
  applications: number;
  certified: number;
}
export interface QuotaRow {
  enterpriseId: string;
  enterpriseName: string;
  occupationCode: string;
  occupationName: string | null;
  seniorTechnicians: number;
  seniorTechniciansSource: 'plan' | 'register';
  maxCount: number | null;
  ratioPercent: number | null;
  cap: number | null;
  recommended: number;
  principalTechnicians: number;
  ratio: number | null;
  overQuota: boolean;
}
export interface FollowUpRow {
  kind: 'pilot-application-not-submitted' | 'plan-not-published' | 'pilot-not-completed' | 'calendar-missing' | 'plan-filing-not-accepted' | 'issuance-not-done';
  severity: FollowUpSeverity;
  /** Null for what concerns the whole system (a missing holiday calendar). */
  organisationId: string | null;
  organisationName: string;
  dueDate: string;
  daysLeft: number;
}

export interface Dashboard {
  year: number;
  today: string;
  model: EvaluationModel;
  modelName: { 'zh-CN': string; en: string };
  deadline: string | null;
  organisation: { id: string; name: string; kind: string; parentId: string | null };
  trail: { id: string; name: string }[];
  totals: Metrics;
  units: UnitRow[];
  enterprises: EnterpriseRow[];
  occupations: OccupationRow[];
  industries: IndustryRow[];
  ages: AgeRow[];
  genders: GenderRow[];
  quotas: QuotaRow[];
  followUps: FollowUpRow[];
  /** 暂停评审 running today over this organisation or below it, or covering it (六(四)). */
  suspensions: { id: string; enterpriseId: string; enterpriseName: string; fromDate: string; untilDate: string; findings: string; decidedByName: string }[];
  /** Published plans that depart from the notice's defaults under a provincial document. */
  deviations: { planId: string; planTitle: string | null; enterpriseId: string; enterpriseName: string; year: number; deviations: { code: string; message: LocalizedMessages }[] }[];
}

export type StatisticsTable = 'units' | 'enterprises' | 'occupations' | 'industries' | 'ages' | 'genders' | 'quotas' | 'followUps';

export interface DashboardQuery {
  year?: number;
  organisationId?: string;
}

export function useDashboard(query: DashboardQuery) {
  return useQuery({
    queryKey: ['statistics', 'dashboard', query],
    queryFn: ({ signal }) => api.get<Dashboard>('/statistics/dashboard', { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}

/** The address of a table's Excel export (the browser downloads it with the session cookie). */
export function exportUrl(table: StatisticsTable, query: DashboardQuery): string {
  return withQuery(`${API_BASE}/statistics/export`, { table, ...query });
}
