// The appointment module's API for the pages: types mirror src/modules/appointments/schemas.ts.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export type AppointmentStatus = 'drafted' | 'active' | 'renewed' | 'ended';
export type ExitCategory = 'expired' | 'failed-assessment' | 'left' | 'retired' | 'violation' | 'fraud';
export type StudioEntryKind = 'member' | 'apprentice' | 'project' | 'research' | 'bid-evaluation';
export type ProjectCategory = 'technical-problem' | 'process-improvement' | 'invention';
export type TreatmentKind = 'pay' | 'health-leave' | 'residence' | 'housing' | 'medical' | 'education' | 'other';
export type AssessmentKind = 'yearly' | 'end-of-term';
/** 固定期限 or 无固定期限. */
export type TermKind = 'fixed' | 'open-ended';
/** The notice's treatments (五(二)) in the order the agreement lists them; `other` is the enterprise's own. */
export const NOTICE_TREATMENT_KINDS = ['pay', 'health-leave', 'residence', 'housing', 'medical', 'education'] as const;
export interface AgreementTreatment {
  kind: TreatmentKind;
  detail: string | null;
}
export type AssessmentResult = 'excellent' | 'qualified' | 'basically-qualified' | 'unqualified';

export interface Appointment {
  id: string;
  certificateId: string;
  enterpriseId: string;
  holderName: string;
  certificateCode: string;
  termNumber: number;
  previousId: string | null;
  post: string;
  duties: string;
  treatments: AgreementTreatment[];
  treatment: string | null;
  termKind: TermKind;
  termStart: string;
  /** Null for an open-ended term. */
  termEnd: string | null;
  status: AppointmentStatus;
  signedOn: string | null;
  signedFileId: string | null;
  endedOn: string | null;
  exitCategory: ExitCategory | null;
  exitReason: string | null;
  exitEvidenceFileIds: string[];
  createdAt: string;
  allowedActs: string[];
}

export interface HolderSummary {
  certificateId: string;
  certificateCode: string;
  certificateStatus: 'valid' | 'revoked';
  holderName: string;
  idNumberMasked: string;
  occupationName: string;
  enterpriseId: string;
  issuerName: string;
  issuedOn: string;
  appointment: Appointment | null;
}

export interface StudioEntry {
  id: string;
  kind: StudioEntryKind;
  title: string;
  detail: string | null;
  projectCategory: ProjectCategory | null;
  result: string | null;
  onDate: string;
  createdAt: string;
}
export interface Treatment {
  id: string;
  kind: TreatmentKind;
  description: string;
  grantedOn: string;
  createdAt: string;
}
export interface Assessment {
  id: string;
  appointmentId: string;
  kind: AssessmentKind;
  year: number;
  result: AssessmentResult;
  comment: string | null;
  assessedOn: string;
  createdAt: string;
}

export interface HolderDetail extends HolderSummary {
  appointments: Appointment[];
  studio: StudioEntry[];
  treatments: Treatment[];
  assessments: Assessment[];
  canWrite: boolean;
}

export interface Reminder {
  appointmentId: string;
  certificateId: string;
  enterpriseId: string;
  holderName: string;
  certificateCode: string;
  post: string;
  termEnd: string;
  daysLeft: number;
}

export interface AgreementTemplate {
  enterpriseId: string;
  body: string;
  isDefault: boolean;
  placeholders: { name: string; description: { 'zh-CN': string; en: string } }[];
  updatedAt: string | null;
}

export const appointmentKeys = {
  all: ['appointments'] as const,
  holders: (q: string) => ['appointments', 'holders', q] as const,
  holder: (certificateId: string) => ['appointments', 'holder', certificateId] as const,
  reminders: ['appointments', 'reminders'] as const,
  template: ['appointments', 'template'] as const,
};

export function useHolders(q: string) {
  return useQuery({ queryKey: appointmentKeys.holders(q), queryFn: () => api.get<{ items: HolderSummary[]; total: number }>('/appointment-holders', { q: q || undefined, limit: 500 }) });
}
export function useHolder(certificateId: string) {
  return useQuery({ queryKey: appointmentKeys.holder(certificateId), queryFn: () => api.get<HolderDetail>(`/appointment-holders/${certificateId}`) });
}
export function useReminders() {
  return useQuery({ queryKey: appointmentKeys.reminders, queryFn: () => api.get<{ items: Reminder[] }>('/appointment-reminders') });
}
export function useTemplate(enabled: boolean) {
  return useQuery({ queryKey: appointmentKeys.template, queryFn: () => api.get<AgreementTemplate>('/appointment-template'), enabled });
}

export const agreementUrl = (appointmentId: string) => `/api/v1/appointments/${appointmentId}/agreement`;
export const fileUrl = (fileId: string) => `/api/v1/files/${fileId}`;
