import {
  ScheduleOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BookOutlined,
  CalendarOutlined,
  FileProtectOutlined,
  FileTextOutlined,
  FlagOutlined,
  DashboardOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import { lazy } from 'react';
import type { Permission } from './api/types';
import type { Texts } from './i18n/zh-CN';

/**
 * The pages inside the signed-in layout, in menu order. To add a page:
 *   1. write `web/src/pages/<capability>/<name>-page.tsx` with a default export;
 *   2. add an entry here: its path, the lazy import, the permission it needs, and `menu` when it
 *      belongs in the side menu (label key in the `nav` section of i18n/zh-CN.ts and i18n/en.ts, and a one-line
 *      `navHints` entry for the dashboard's shortcut card);
 *   3. add its texts as a section of both language files.
 * The menu, the route guard and the dashboard's shortcuts all read this list.
 */
export interface PageEntry {
  /** Path below `/`; '' is the dashboard. */
  path: string;
  page: LazyExoticComponent<ComponentType>;
  /** Needed to open the page and to see its menu entry; absent: every signed-in user. */
  permission?: Permission;
  menu?: {
    label: `nav.${keyof Texts['nav']}`;
    icon: ReactNode;
    /** A line on the dashboard's shortcut card; absent: no shortcut. */
    hint?: `navHints.${keyof Texts['navHints']}`;
  };
}

export const pages: PageEntry[] = [
  {
    path: '',
    page: lazy(() => import('./pages/home/home-page')),
    menu: { label: 'nav.home', icon: <DashboardOutlined /> },
  },
  {
    path: 'organisations',
    page: lazy(() => import('./pages/organisations/organisations-page')),
    permission: 'organisation:read',
    menu: { label: 'nav.organisations', icon: <ApartmentOutlined />, hint: 'navHints.organisations' },
  },
  {
    path: 'users',
    page: lazy(() => import('./pages/users/users-page')),
    permission: 'user:read',
    menu: { label: 'nav.users', icon: <TeamOutlined />, hint: 'navHints.users' },
  },
  {
    path: 'calendars',
    page: lazy(() => import('./pages/calendars/calendars-page')),
    permission: 'calendar:write',
    menu: { label: 'nav.calendars', icon: <ScheduleOutlined />, hint: 'navHints.calendars' },
  },
  {
    path: 'audit',
    page: lazy(() => import('./pages/audit/audit-page')),
    permission: 'audit:read',
    menu: { label: 'nav.audit', icon: <AuditOutlined />, hint: 'navHints.audit' },
  },
  // 试点申报与工作方案 (sections 二, 四(一), 六(一)).
  {
    path: 'pilots',
    page: lazy(() => import('./pages/pilots/pilot-applications-page')),
    permission: 'pilot:read',
    menu: { label: 'nav.pilots', icon: <FlagOutlined />, hint: 'navHints.pilots' },
  },
  {
    path: 'pilot-years',
    page: lazy(() => import('./pages/pilots/pilot-years-page')),
    permission: 'pilot:decide',
    menu: { label: 'nav.pilotYears', icon: <CalendarOutlined />, hint: 'navHints.pilotYears' },
  },
  {
    path: 'plans',
    page: lazy(() => import('./pages/plans/plans-page')),
    permission: 'plan:read',
    menu: { label: 'nav.plans', icon: <FileTextOutlined />, hint: 'navHints.plans' },
  },
  {
    path: 'plans/:id',
    page: lazy(() => import('./pages/plans/plan-page')),
    permission: 'plan:read',
  },
  {
    path: 'published-plans',
    page: lazy(() => import('./pages/plans/published-plans-page')),
    permission: 'plan:read-published',
    menu: { label: 'nav.publishedPlans', icon: <FileProtectOutlined />, hint: 'navHints.publishedPlans' },
  },
  {
    path: 'published-plans/:id',
    page: lazy(() => import('./pages/plans/published-plan-page')),
    permission: 'plan:read-published',
  },
  {
    path: 'occupations',
    page: lazy(() => import('./pages/occupations/occupations-page')),
    permission: 'plan:read',
    menu: { label: 'nav.occupations', icon: <BookOutlined />, hint: 'navHints.occupations' },
  },
];

export const LoginPage = lazy(() => import('./pages/auth/login-page'));
export const ChangePasswordPage = lazy(() => import('./pages/auth/change-password-page'));
export const AppLayout = lazy(() => import('./layout/app-layout'));
export const NotFoundPage = lazy(() => import('./pages/errors/not-found-page'));
export const ForbiddenPage = lazy(() => import('./pages/errors/forbidden-page'));
