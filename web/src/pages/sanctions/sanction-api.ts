// What the sanctions API (src/modules/fraud, src/modules/bans) answers, and its queries.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { LocalizedMessages } from '../../api/types';

export type FraudStage = 'screening' | 'review' | 'before-notice' | 'notice' | 'after-certification' | 'supervision';
export type FraudFinder = 'enterprise' | 'chair' | 'department';

export interface FraudFinding {
  id: string;
  applicationId: string | null;
  certificateId: string | null;
  fromStatus: string | null;
  stage: FraudStage;
  stageName: LocalizedMessages;
  finder: FraudFinder;
  finderName: LocalizedMessages;
  subjectName: string;
  subjectNumberMasked: string;
  year: number;
  findings: string;
  evidenceFileIds: string[];
  banId: string;
  banUntil: string | null;
  certificateRevoked: boolean;
  enterpriseId: string;
  foundByName: string;
  foundByOrganisationName: string;
  createdAt: string;
}

export interface Suspension {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  fromDate: string;
  untilDate: string;
  findings: string;
  evidenceFileIds: string[];
  status: 'effective' | 'lifted';
  active: boolean;
  sourceType: 'department' | 'notice-objection' | string;
  sourceId: string | null;
  decidedByName: string;
  createdByName: string | null;
  createdAt: string;
  liftedOn: string | null;
  liftReason: string | null;
  liftedByName: string | null;
  allowedActs: string[];
}

export const sanctionKeys = {
  findings: (query: { applicationId?: string; certificateId?: string }) => ['fraud-findings', query] as const,
  suspensions: (query: { active?: string }) => ['suspensions', query] as const,
  allSuspensions: ['suspensions'] as const,
};

export function useFraudFindings(query: { applicationId?: string; certificateId?: string }, enabled = true) {
  return useQuery({
    queryKey: sanctionKeys.findings(query),
    queryFn: ({ signal }) => api.get<{ items: FraudFinding[] }>('/fraud-findings', query, signal),
    select: (data) => data.items,
    enabled,
  });
}

export function useSuspensions(query: { active?: 'true' | 'false' }, enabled = true) {
  return useQuery({
    queryKey: sanctionKeys.suspensions(query),
    queryFn: ({ signal }) => api.get<{ items: Suspension[] }>('/suspensions', query, signal),
    select: (data) => data.items,
    enabled,
  });
}
