import { useQuery } from '@tanstack/react-query';
import { api, CSRF_COOKIE, isApiError, readCookie } from './client';
import type { ItemList, Me, Organisation, Permission } from './types';

/** Query keys in one place so a change can invalidate exactly what it touched. */
export const queryKeys = {
  me: ['me'] as const,
  organisations: ['organisations'] as const,
  users: (organisationId?: string) => ['users', organisationId ?? 'all'] as const,
  usersAll: ['users'] as const,
  audit: (filters: Record<string, unknown>) => ['audit', filters] as const,
  auditAll: ['audit'] as const,
};

/** The signed-in user, or null when nobody is signed in. */
export async function fetchMe(): Promise<Me | null> {
  // Signing in sets the readable CSRF cookie next to the session cookie, and signing out clears
  // both: without it nobody is signed in, and asking would only earn a 401.
  if (!readCookie(CSRF_COOKIE)) return null;
  try {
    return await api.get<Me>('/me');
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

export function hasPermission(me: Me | null | undefined, permission: Permission | undefined): boolean {
  if (!permission) return true;
  return Boolean(me?.permissions.includes(permission));
}

export function useOrganisations(enabled = true) {
  return useQuery({
    queryKey: queryKeys.organisations,
    queryFn: ({ signal }) => api.get<ItemList<Organisation>>('/organisations', undefined, signal),
    select: (data) => data.items,
    enabled,
  });
}
