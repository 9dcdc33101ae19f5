import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, API_BASE, ApiError, CSRF_COOKIE, NetworkError, readCookie } from './client';
import type { Application, ApplicationSummary, Ban, Candidate, Employee, EvidenceFlag, JobView, MyPlan, NotificationItem, PlanOverview } from './application-types';
import type { ItemList } from './types';

/** Query keys of the register, applications, screening, bans and notifications. */
export const applicationKeys = {
  register: ['register'] as const,
  myPlans: ['my-plans'] as const,
  applications: ['applications'] as const,
  application: (id: string) => ['applications', id] as const,
  overview: (planId: string) => ['application-plans', planId] as const,
  candidates: (planId: string) => ['application-plans', planId, 'candidates'] as const,
  bans: ['bans'] as const,
  evidenceFlags: ['evidence-flags'] as const,
  notifications: ['notifications'] as const,
  job: (id: string) => ['jobs', id] as const,
};

export function useRegister(query: { q?: string; limit: number; offset: number }) {
  return useQuery({
    queryKey: [...applicationKeys.register, query],
    queryFn: ({ signal }) => api.get<{ items: Employee[]; total: number }>('/register', query, signal),
    placeholderData: keepPreviousData,
  });
}

/** A job, polled every half second until it has finished. */
export function useJob<Result>(id: string | null) {
  return useQuery({
    queryKey: applicationKeys.job(id ?? ''),
    queryFn: ({ signal }) => api.get<JobView<Result>>(`/jobs/${id}`, undefined, signal),
    enabled: Boolean(id),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'succeeded' || status === 'failed' ? false : 500;
    },
  });
}

export function useMyPlans(enabled = true) {
  return useQuery({
    queryKey: applicationKeys.myPlans,
    queryFn: ({ signal }) => api.get<ItemList<MyPlan>>('/my/plans', undefined, signal),
    select: (data) => data.items,
    enabled,
  });
}

export function useApplication(id: string | null | undefined) {
  return useQuery({
    queryKey: applicationKeys.application(id ?? ''),
    queryFn: ({ signal }) => api.get<Application>(`/applications/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

/** 证明材料疑点 in scope: of one application, or all (open ones, cleared ones or both). */
export function useEvidenceFlags(query: { applicationId?: string; status?: 'open' | 'cleared' | 'all' }, enabled = true) {
  return useQuery({
    queryKey: [...applicationKeys.evidenceFlags, query],
    queryFn: ({ signal }) => api.get<ItemList<EvidenceFlag>>('/evidence-flags', { ...query, limit: 500 }, signal),
    select: (data) => data.items,
    enabled,
  });
}

export function useApplications(filters: { planId?: string; status?: string; occupationCode?: string }, enabled = true) {
  return useQuery({
    queryKey: [...applicationKeys.applications, 'list', filters],
    queryFn: ({ signal }) => api.get<ItemList<ApplicationSummary>>('/applications', filters, signal),
    select: (data) => data.items,
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function usePlanOverview(planId: string | undefined) {
  return useQuery({
    queryKey: applicationKeys.overview(planId ?? ''),
    queryFn: ({ signal }) => api.get<PlanOverview>(`/application-plans/${planId}`, undefined, signal),
    enabled: Boolean(planId),
  });
}

export function useCandidates(planId: string | undefined, query: { outcome?: string; q?: string; limit: number; offset: number }) {
  return useQuery({
    queryKey: [...applicationKeys.candidates(planId ?? ''), query],
    queryFn: ({ signal }) => api.get<{ items: Candidate[]; total: number; counts: { meets: number; notMet: number; all: number } }>(`/application-plans/${planId}/candidates`, query, signal),
    enabled: Boolean(planId),
    placeholderData: keepPreviousData,
  });
}

export function useBans(query: { active?: string; q?: string }) {
  return useQuery({
    queryKey: [...applicationKeys.bans, query],
    queryFn: ({ signal }) => api.get<ItemList<Ban>>('/bans', query, signal),
    select: (data) => data.items,
    placeholderData: keepPreviousData,
  });
}

export function useNotifications(enabled = true) {
  return useQuery({
    queryKey: applicationKeys.notifications,
    queryFn: ({ signal }) => api.get<{ items: NotificationItem[]; unreadCount: number }>('/notifications', { limit: 20 }, signal),
    enabled,
    refetchInterval: 60_000,
  });
}

/** A file's address for download, or for showing in the page (PDF, JPG, PNG). */
export function fileUrl(fileId: string, inline = false): string {
  return `${API_BASE}/files/${fileId}${inline ? '?inline=1' : ''}`;
}

/** Posts a file (and text fields) as multipart/form-data with the CSRF token; refusals become ApiError. */
export async function postForm<T>(path: string, file: File, fields: Record<string, string>, locale: string): Promise<T> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
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
  const data = (await response.json().catch(() => undefined)) as (T & { code?: string }) | undefined;
  if (!response.ok) {
    throw new ApiError(data && typeof data === 'object' && 'code' in data ? ({ ...(data as object), status: response.status } as never) : { status: response.status, code: `HTTP_${response.status}` });
  }
  return data as T;
}
