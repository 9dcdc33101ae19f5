import { BankOutlined, DownOutlined, KeyOutlined, LogoutOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Layout, Menu } from 'antd';
import type { MenuProps } from 'antd';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { hasPermission, useMe } from '../api/queries';
import { useLogout } from '../auth/use-logout';
import { BrandMark } from '../components/brand-mark';
import { PageSpin } from '../components/full-page-spin';
import { LanguageSwitch } from '../components/language-switch';
import { NotificationBell } from '../pages/applications/notification-bell';
import { SuspensionBanner } from '../pages/sanctions/suspension-banner';
import { CalendarBanner } from '../pages/calendars/calendar-banner';
import { pages, visibleMenuPages } from '../routes';

const { Sider, Header, Content, Footer } = Layout;
const SIDER_COLLAPSED_KEY = 'ptech.sider-collapsed';

function readSetting(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeSetting(key: string, value: string) {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // No storage (private mode): the choice lasts for this page only.
  }
}

function pathOf(path: string) {
  return `/${path}`;
}

/** The frame around every signed-in page: side menu, header, content. */
export default function AppLayout() {
  const { t } = useTranslation();
  const me = useMe().data;
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const [collapsed, setCollapsed] = useState(() => readSetting(SIDER_COLLAPSED_KEY) === '1');
  // A new page opens at its top: a detail opened from a list scrolled down would otherwise open
  // scrolled down too (the window keeps its position across client-side navigation).
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [location.pathname]);

  const menuItems = useMemo<MenuProps['items']>(
    () =>
      visibleMenuPages((permission) => hasPermission(me, permission)).map((page) => ({
          key: pathOf(page.path),
          icon: page.menu!.icon,
          label: <Link to={pathOf(page.path)}>{t(page.menu!.label)}</Link>,
        })),
    [me, t],
  );

  // The deepest menu entry whose path starts the current one.
  const selectedKey =
    pages
      .map((page) => pathOf(page.path))
      .filter((path) => path === '/' ? location.pathname === '/' : location.pathname === path || location.pathname.startsWith(`${path}/`))
      .sort((a, b) => b.length - a.length)[0] ?? '';

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout') },
    ],
    onClick: ({ key }) => {
      if (key === 'password') void navigate('/change-password');
      if (key === 'logout') logout.mutate();
    },
  };

  if (!me) return null;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={(value, type) => {
          setCollapsed(value);
          // Remember the user's own choice, not the narrow window's.
          if (type === 'clickTrigger') writeSetting(SIDER_COLLAPSED_KEY, value ? '1' : '0');
        }}
        breakpoint="lg"
        width={224}
        theme="dark"
        className="app-sider"
      >
        <Link to="/" className="app-logo" aria-label={t('app.name')}>
          <BrandMark />
          {collapsed ? null : <span>{t('app.shortName')}</span>}
        </Link>
        <Menu theme="dark" mode="inline" selectedKeys={[selectedKey]} items={menuItems} />
      </Sider>
      <Layout>
        <Header className="app-header">
          <div className="app-header-title">{t('app.name')}</div>
          <div className="app-header-tools">
            <span className="app-header-org" title={me.organisation.name} data-testid="header-organisation">
              <BankOutlined /> {me.organisation.name}
            </span>
            <NotificationBell />
            <LanguageSwitch />
            <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
              <Button type="text" data-testid="user-menu" loading={logout.isPending} title={me.displayName}>
                <Avatar size="small" style={{ backgroundColor: '#1d4ed8' }}>
                  {me.displayName.slice(0, 1)}
                </Avatar>
                <span className="app-header-user">{me.displayName}</span>
                <DownOutlined style={{ fontSize: 10 }} />
              </Button>
            </Dropdown>
          </div>
        </Header>
        <Content className="app-content">
          <SuspensionBanner />
          <CalendarBanner />
          <Suspense fallback={<PageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
        <Footer className="app-footer">{t('app.basis')}</Footer>
      </Layout>
    </Layout>
  );
}
