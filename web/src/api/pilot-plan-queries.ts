import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, API_BASE, ApiError, CSRF_COOKIE, NetworkError, readCookie } from './client';
import type {
  Occupation,
  PilotApplication,
  PilotApplicationSummary,
  PilotEnterprise,
  PilotEnterpriseRow,
  JurisdictionSettingList,
  Plan,
  PlanDiff,
  PlanOptions,
  PlanSummary,
  PlanVersion,
} from './pilot-plan-types';
import type { ItemList, Page } from './types';

/** Query keys of the pilot, catalogue and plan pages, so that a change invalidates what it touched. */
export const pilotPlanKeys = {
  jurisdictionSettings: ['jurisdiction-settings'] as const,
  pilotApplications: ['pilot-applications'] as const,
  pilotApplication: (id: string) => ['pilot-applications', id] as const,
  pilotCandidates: ['pilot-candidates'] as const,
  pilotEnterprises: ['pilot-enterprises'] as const,
  occupations: ['occupations'] as const,
  plans: ['plans'] as const,
  plan: (id: string) => ['plans', id] as const,
  planOptions: (enterpriseId?: string) => ['plan-options', enterpriseId ?? 'own'] as const,
  publishedPlans: ['published-plans'] as const,
};

/** Where a plan's versions are read: the management routes or the employees' ones. */
export type PlanSource = 'plans' | 'published-plans';

/** 评聘工作设置: the model, deadline and committee limits per year (ministry and provincial departments set; other departments read). */
export function useJurisdictionSettings(enabled = true) {
  return useQuery({
    queryKey: pilotPlanKeys.jurisdictionSettings,
    queryFn: ({ signal }) => api.get<JurisdictionSettingList>('/jurisdiction-settings', undefined, signal),
    enabled,
  });
}

export function usePilotApplications(filters: { year?: number; status?: string }) {
  return useQuery({
    queryKey: [...pilotPlanKeys.pilotApplications, filters],
    queryFn: ({ signal }) => api.get<ItemList<PilotApplicationSummary>>('/pilot-applications', filters, signal),
    select: (data) => data.items,
    placeholderData: keepPreviousData,
  });
}

export function usePilotApplication(id: string | null) {
  return useQuery({
    queryKey: pilotPlanKeys.pilotApplication(id ?? ''),
    queryFn: ({ signal }) => api.get<PilotApplication>(`/pilot-applications/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function usePilotCandidates(enabled: boolean) {
  return useQuery({
    queryKey: pilotPlanKeys.pilotCandidates,
    queryFn: ({ signal }) => api.get<ItemList<PilotEnterprise>>('/pilot-applications/candidates', undefined, signal),
    select: (data) => data.items,
    enabled,
  });
}

export function usePilotEnterprises(year: number | undefined) {
  return useQuery({
    queryKey: [...pilotPlanKeys.pilotEnterprises, year ?? 'all'],
    queryFn: ({ signal }) => api.get<ItemList<PilotEnterpriseRow>>('/pilot-enterprises', { year }, signal),
    select: (data) => data.items,
  });
}

export function useOccupations(query: { q?: string; limit?: number; offset?: number; codes?: string }, enabled = true) {
  return useQuery({
    queryKey: [...pilotPlanKeys.occupations, query],
    queryFn: ({ signal }) => api.get<Page<Occupation>>('/occupations', query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePlans(filters: { year?: number; status?: string; filed?: string }) {
  return useQuery({
    queryKey: [...pilotPlanKeys.plans, filters],
    queryFn: ({ signal }) => api.get<ItemList<PlanSummary>>('/plans', filters, signal),
    select: (data) => data.items,
    placeholderData: keepPreviousData,
  });
}

export function usePlan(id: string | undefined) {
  return useQuery({
    queryKey: pilotPlanKeys.plan(id ?? ''),
    queryFn: ({ signal }) => api.get<Plan>(`/plans/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function usePlanOptions(enabled: boolean, enterpriseId?: string) {
  return useQuery({
    queryKey: pilotPlanKeys.planOptions(enterpriseId),
    queryFn: ({ signal }) => api.get<PlanOptions>('/plans/options', { enterpriseId }, signal),
    enabled,
  });
}

export function usePublishedPlans() {
  return useQuery({
    queryKey: pilotPlanKeys.publishedPlans,
    queryFn: ({ signal }) => api.get<ItemList<PlanSummary>>('/published-plans', undefined, signal),
    select: (data) => data.items,
  });
}

export function usePlanVersion(source: PlanSource, id: string | undefined, version: number | undefined) {
  return useQuery({
    queryKey: [source, id, 'version', version ?? 'latest'],
    queryFn: ({ signal }) =>
      api.get<PlanVersion>(
        version || source === 'plans' ? `/${source}/${id}/versions/${version}` : `/${source}/${id}`,
        undefined,
        signal,
      ),
    enabled: Boolean(id) && (source === 'published-plans' || Boolean(version)),
  });
}

export function usePlanDiff(source: PlanSource, id: string | undefined, from: number | undefined, to: number | undefined) {
  return useQuery({
    queryKey: [source, id, 'diff', from, to],
    queryFn: ({ signal }) => api.get<PlanDiff>(`/${source}/${id}/diff`, { from, to }, signal),
    enabled: Boolean(id) && from !== undefined && Boolean(to),
  });
}

export function planPdfUrl(source: PlanSource, id: string, version: number): string {
  return `/api/v1/${source}/${id}/versions/${version}/pdf`;
}

/**
 * Uploads one file as multipart/form-data (field "file"), with the CSRF token, and returns the
 * JSON answer; a refusal becomes an ApiError as with every other request.
 */
export async function postFile<T>(path: string, file: File, locale: string): Promise<T> {
  const body = new FormData();
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { accept: 'application/json, application/problem+json', 'accept-language': locale, 'x-csrf-token': readCookie(CSRF_COOKIE) ?? '' },
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  const data = (await response.json().catch(() => undefined)) as (T & { code?: string; status?: number }) | undefined;
  if (!response.ok) {
    throw new ApiError(data && typeof data === 'object' && 'code' in data ? { ...(data as object), status: response.status } as never : { status: response.status, code: `HTTP_${response.status}` });
  }
  return data as T;
}
