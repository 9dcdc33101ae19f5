import {
  NotificationOutlined,
  SoundOutlined,
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
import { FilterOutlined, FormOutlined, IdcardOutlined, SolutionOutlined, StopOutlined } from '@ant-design/icons';
import { ContactsOutlined } from '@ant-design/icons';
import { ExceptionOutlined, TrophyOutlined } from '@ant-design/icons';
import { BarChartOutlined } from '@ant-design/icons';
import { CloudUploadOutlined, SafetyCertificateOutlined, TableOutlined } from '@ant-design/icons';
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
  // 监督管理与统计 (sections 六(一), 六(二), 六(四)): ECharts loads with this page's chunk only.
  {
    path: 'statistics',
    page: lazy(() => import('./pages/statistics/statistics-page')),
    permission: 'statistics:read',
    menu: { label: 'nav.statistics', icon: <BarChartOutlined />, hint: 'navHints.statistics' },
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
    path: 'jurisdiction-settings',
    page: lazy(() => import('./pages/pilots/jurisdiction-settings-page')),
    permission: 'jurisdiction:configure',
    menu: { label: 'nav.jurisdictionSettings', icon: <CalendarOutlined />, hint: 'navHints.jurisdictionSettings' },
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
  {
    path: 'my-application',
    page: lazy(() => import('./pages/applications/my-application-page')),
    permission: 'application:apply',
    menu: { label: 'nav.myApplication', icon: <FormOutlined />, hint: 'navHints.myApplication' },
  },
  // 我的证书 (the holder): their certificates and who verified them.
  {
    path: 'my-certificates',
    page: lazy(() => import('./pages/certificates/my-certificates-page')),
    permission: 'application:apply',
    menu: { label: 'nav.myCertificates', icon: <SafetyCertificateOutlined />, hint: 'navHints.myCertificates' },
  },
  {
    path: 'register',
    page: lazy(() => import('./pages/applications/register-page')),
    permission: 'register:read',
    menu: { label: 'nav.register', icon: <IdcardOutlined />, hint: 'navHints.register' },
  },
  {
    path: 'screening',
    page: lazy(() => import('./pages/applications/screening-page')),
    permission: 'application:screen',
    menu: { label: 'nav.screening', icon: <FilterOutlined />, hint: 'navHints.screening' },
  },
  {
    path: 'applications',
    page: lazy(() => import('./pages/applications/application-review-page')),
    permission: 'application:read',
    menu: { label: 'nav.applicationReview', icon: <SolutionOutlined />, hint: 'navHints.applicationReview' },
  },
  // 证明材料疑点 (六(四)): the same file or number under two applicants, for HR and departments to check.
  {
    path: 'evidence-flags',
    page: lazy(() => import('./pages/applications/evidence-flags-page')),
    permission: 'application:read',
    menu: { label: 'nav.evidenceFlags', icon: <ExceptionOutlined />, hint: 'navHints.evidenceFlags' },
  },
  {
    path: 'bans',
    page: lazy(() => import('./pages/applications/bans-page')),
    permission: 'ban:read',
    menu: { label: 'nav.bans', icon: <StopOutlined />, hint: 'navHints.bans' },
  },
  // 组织评审 (section 四(二)): the same page for the body, its experts and the commissioning enterprise.
  {
    path: 'review',
    page: lazy(() => import('./pages/review/review-page')),
    permission: 'review:manage',
    menu: { label: 'nav.review', icon: <TrophyOutlined />, hint: 'navHints.review' },
  },
  {
    path: 'my-review',
    page: lazy(() => import('./pages/review/review-page')),
    permission: 'review:take-part',
    menu: { label: 'nav.review', icon: <TrophyOutlined />, hint: 'navHints.review' },
  },
  {
    path: 'review-results',
    page: lazy(() => import('./pages/review/review-page')),
    permission: 'review:commission',
    menu: { label: 'nav.review', icon: <TrophyOutlined />, hint: 'navHints.review' },
  },
  {
    path: 'review/committees/:id',
    page: lazy(() => import('./pages/review/committee-page')),
  },
  // 聘任、技能大师工作室、待遇、考核与退出 (sections 四(四), 五, 六(四)).
  {
    path: 'appointments',
    page: lazy(() => import('./pages/appointments/appointments-page')),
    permission: 'appointment:read',
    menu: { label: 'nav.appointments', icon: <ContactsOutlined />, hint: 'navHints.appointments' },
  },
  {
    path: 'appointments/:certificateId',
    page: lazy(() => import('./pages/appointments/holder-page')),
    permission: 'appointment:read',
  },
  // 公示与核准 (section 四(三)).
  {
    path: 'notice-admin',
    page: lazy(() => import('./pages/notices/notice-admin-page')),
    permission: 'notice:manage',
    menu: { label: 'nav.noticeAdmin', icon: <NotificationOutlined />, hint: 'navHints.noticeAdmin' },
  },
  {
    path: 'notices',
    page: lazy(() => import('./pages/notices/notices-page')),
    permission: 'notice:read',
    menu: { label: 'nav.notices', icon: <SoundOutlined />, hint: 'navHints.notices' },
  },
  {
    path: 'notices/:id',
    page: lazy(() => import('./pages/notices/notice-page')),
    permission: 'notice:read',
  },
  {
    path: 'certificates',
    page: lazy(() => import('./pages/certificates/certificates-page')),
    permission: 'certificate:read',
    menu: { label: 'nav.certificates', icon: <SafetyCertificateOutlined />, hint: 'navHints.certificates' },
  },
  {
    path: 'certificates/issue',
    page: lazy(() => import('./pages/certificates/issue-certificates-page')),
    permission: 'certificate:issue',
  },
  {
    path: 'certificates/re-review',
    page: lazy(() => import('./pages/certificates/re-review-page')),
    permission: 'certificate:issue',
    menu: { label: 'nav.reReview', icon: <FileProtectOutlined />, hint: 'navHints.reReview' },
  },
  {
    path: 'certificates/settings',
    page: lazy(() => import('./pages/certificates/certificate-settings-page')),
    permission: 'certificate:issue',
  },
  {
    path: 'national-upload',
    page: lazy(() => import('./pages/certificates/national-upload-page')),
    permission: 'national-upload:manage',
    menu: { label: 'nav.nationalUpload', icon: <CloudUploadOutlined />, hint: 'navHints.nationalUpload' },
  },
  {
    path: 'national-upload-mapping',
    page: lazy(() => import('./pages/certificates/national-mapping-page')),
    permission: 'national-upload:configure',
    menu: { label: 'nav.nationalMapping', icon: <TableOutlined />, hint: 'navHints.nationalMapping' },
  },
];

export const LoginPage = lazy(() => import('./pages/auth/login-page'));
/** 证书查询: public, outside the signed-in layout (the QR code on each certificate opens /verify/<code>). */
export const VerifyPage = lazy(() => import('./pages/certificates/verify-page'));
export const ChangePasswordPage = lazy(() => import('./pages/auth/change-password-page'));
export const AppLayout = lazy(() => import('./layout/app-layout'));
export const NotFoundPage = lazy(() => import('./pages/errors/not-found-page'));
export const ForbiddenPage = lazy(() => import('./pages/errors/forbidden-page'));
/** 公示 on its public link, outside the signed-in layout. */
export const PublicNoticePage = lazy(() => import('./pages/notices/public-notice-page'));

/**
 * The menu entries a user sees: pages whose permission they hold, one entry per label (a page
 * reachable under several permissions, like 组织评审, shows once: at the first path they may use).
 */
export function visibleMenuPages(can: (permission: Permission | undefined) => boolean): PageEntry[] {
  const seen = new Set<string>();
  return pages.filter((page) => {
    if (!page.menu || !can(page.permission) || seen.has(page.menu.label)) return false;
    seen.add(page.menu.label);
    return true;
  });
}

