import type { ReactNode } from 'react';
import { Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { hasPermission, useMe } from '../api/queries';
import type { Permission } from '../api/types';
import { FullPageSpin, PageSpin } from '../components/full-page-spin';
import { ProblemAlert } from '../components/problem-alert';
import { ForbiddenPage } from '../routes';

export const CHANGE_PASSWORD_PATH = '/change-password';

/** Where to go after signing in: the page asked for, if it is one of ours. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

/**
 * Lets through only a signed-in user, and one whose password need not be changed first:
 * nobody → the sign-in page (coming back here after); a forced change → the change page.
 */
export function RequireSession() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    return (
      <div className="full-page-center" style={{ padding: 24 }}>
        <div style={{ maxWidth: 480, width: '100%' }}>
          <ProblemAlert error={me.error} onRetry={() => void me.refetch()} />
        </div>
      </div>
    );
  }
  if (!me.data) {
    const here = `${location.pathname}${location.search}`;
    const next = here === '/' ? '' : `?next=${encodeURIComponent(here)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  if (me.data.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  }
  return <Outlet />;
}

/** Shows the page only to a user holding the permission; the others see why not. */
export function RequirePermission({ permission, children }: { permission?: Permission; children: ReactNode }) {
  const me = useMe();
  if (!hasPermission(me.data, permission)) {
    return (
      <Suspense fallback={<PageSpin />}>
        <ForbiddenPage />
      </Suspense>
    );
  }
  return children;
}
