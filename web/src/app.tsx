import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Alert, App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Suspense } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { isApiError } from './api/client';
import { fixedClockAt, chinaTime } from './clock';
import { queryKeys } from './api/queries';
import { RequirePermission, RequireSession } from './auth/guards';
import { FullPageSpin, PageSpin } from './components/full-page-spin';
import { RouteError } from './components/route-error';
import { useTranslation } from 'react-i18next';
import { useLocale } from './i18n';
import { AppLayout, ChangePasswordPage, LoginPage, NotFoundPage, pages, PublicNoticePage, VerifyPage } from './routes';

const antdLocales = { 'zh-CN': zhCN, en: enUS } as const;

const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', " +
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif";

function onRequestError(error: unknown) {
  // The session ended (expired, or signed out elsewhere): forget the user; the guard then
  // sends the browser to the sign-in page and back here afterwards.
  if (isApiError(error, 'UNAUTHENTICATED')) queryClient.setQueryData(queryKeys.me, null);
  // The account must change its password first: learn it, and the guard shows that page.
  if (isApiError(error, 'PASSWORD_CHANGE_REQUIRED')) void queryClient.invalidateQueries({ queryKey: queryKeys.me });
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onRequestError }),
  mutationCache: new MutationCache({ onError: onRequestError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A refusal (4xx) will not change on a second try; a network or server failure might.
      retry: (count, error) => count < 2 && !(isApiError(error) && error.status < 500),
    },
    mutations: { retry: false },
  },
});

const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      {
        path: '/login',
        element: (
          <Suspense fallback={<FullPageSpin />}>
            <LoginPage />
          </Suspense>
        ),
      },
      {
        path: '/notice/:token',
        element: (
          <Suspense fallback={<FullPageSpin />}>
            <PublicNoticePage />
          </Suspense>
        ),
      },
      // 证书查询: public, no session (the QR code on a certificate opens /verify/<code>).
      ...['/verify', '/verify/:code'].map((path) => ({
        path,
        element: (
          <Suspense fallback={<FullPageSpin />}>
            <VerifyPage />
          </Suspense>
        ),
      })),
      {
        element: <RequireSession />,
        children: [
          {
            path: '/change-password',
            element: (
              <Suspense fallback={<FullPageSpin />}>
                <ChangePasswordPage />
              </Suspense>
            ),
          },
          {
            path: '/',
            element: (
              <Suspense fallback={<FullPageSpin />}>
                <AppLayout />
              </Suspense>
            ),
            children: [
              ...pages.map(({ path, page: Page, permission }) => ({
                ...(path ? { path } : { index: true as const }),
                element: (
                  <RequirePermission permission={permission}>
                    <Suspense fallback={<PageSpin />}>
                      <Page />
                    </Suspense>
                  </RequirePermission>
                ),
              })),
              {
                path: '*',
                element: (
                  <Suspense fallback={<PageSpin />}>
                    <NotFoundPage />
                  </Suspense>
                ),
              },
            ],
          },
        ],
      },
    ],
  },
]);

/** On every page while PTECH_NOW fixes the server's clock: nobody should mistake it for production. */
function FixedClockBanner() {
  const { t } = useTranslation();
  const at = fixedClockAt();
  if (!at) return null;
  const shown = chinaTime(at);
  return <Alert type="warning" banner showIcon={false} role="status" data-testid="fixed-clock-banner" style={{ textAlign: 'center' }} title={t('clock.fixedBanner', { at: shown })} />;
}

export function App() {
  const locale = useLocale();
  return (
    <ConfigProvider
      locale={antdLocales[locale]}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: {
          colorPrimary: '#1d4ed8',
          // Links, info and status colours, secondary text, descriptions' labels and placeholders dark
          // enough for WCAG AA (4.5:1 on white): antd's defaults (#1677ff, black at 45 % and 25 %) fail
          // it, and axe checks every page of the walkthrough (test/e2e/walkthrough.test.ts).
          colorLink: '#1d4ed8',
          colorInfo: '#1d4ed8',
          // (The seeds are dark, so the light backgrounds derived from them would be grey: given.)
          colorSuccess: '#237804',
          colorSuccessBg: '#f6ffed',
          colorSuccessBorder: '#b7eb8f',
          colorWarning: '#ad4e00',
          colorWarningBg: '#fffbe6',
          colorWarningBorder: '#ffe58f',
          colorError: '#c0152a',
          colorErrorBg: '#fff2f0',
          colorErrorBorder: '#ffccc7',
          colorInfoBg: '#eff6ff',
          colorInfoBorder: '#bfdbfe',
          colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
          colorTextDescription: 'rgba(0, 0, 0, 0.62)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
          borderRadius: 6,
          fontFamily: FONT_FAMILY,
        },
        components: {
          Layout: { siderBg: '#0f1f3d', triggerBg: '#0b172e', headerBg: '#ffffff' },
          Menu: { darkItemBg: '#0f1f3d', darkSubMenuItemBg: '#0b172e', darkItemSelectedBg: '#1d4ed8' },
        },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <FixedClockBanner />
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
