import { Layout, Menu, Space, theme } from 'antd';
import { useEffect, useLayoutEffect, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useConnectionStatus } from '../api/connection';
import { BANNERS } from './banners';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { ThemeSwitch } from './ThemeSwitch';
import { UnreachableBanner } from './UnreachableBanner';
import { HOME_PATH, PAGES } from './pages';
import { prefetchPagesWhenIdle } from './prefetch';

const { Header, Sider, Content } = Layout;

/** Values the page can no longer vouch for while the service is away. */
const STALE_STYLE: CSSProperties = { opacity: 0.45, filter: 'grayscale(1)', transition: 'opacity 0.2s' };

export function AppLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  // Home is `/` exactly; every other page also owns its sub-paths.
  const current = PAGES.find((p) => location.pathname === p.path || (p.path !== '/' && location.pathname.startsWith(`${p.path}/`)));
  const { token } = theme.useToken();
  const pageTitle = current ? t(current.titleKey) : '';
  const status = useConnectionStatus();
  const reachable = status !== 'unreachable';

  // The window / tab title names the page (history, task switcher, screen readers). A layout effect: set in
  // the same commit as the heading, so the two never disagree while passive effects wait behind other work.
  useLayoutEffect(() => {
    document.title = pageTitle ? t('shell:documentTitle', { page: pageTitle }) : t('shell:appName');
  }, [pageTitle, t]);

  useEffect(prefetchPagesWhenIdle, []);

  return (
    <Layout hasSider style={{ minHeight: '100vh' }}>
      <Sider
        breakpoint="lg"
        collapsedWidth={64}
        theme="light"
        width={220}
        style={{ borderRight: `1px solid ${token.colorSplit}`, background: token.colorBgContainer }}
      >
        <div
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 10,
            padding: '16px 20px',
            fontWeight: 600,
            fontSize: 16,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            color: token.colorText,
          }}
        >
          <img src="./favicon.png" alt="" width={24} height={24} />
          {t('shell:appName')}
        </div>
        <Menu
          mode="inline"
          style={{ borderInlineEnd: 'none' }}
          selectedKeys={current ? [current.key] : []}
          items={PAGES.map((p) => ({
            key: p.key,
            icon: p.icon,
            label: <span data-testid={`nav-${p.key}`}>{t(p.titleKey)}</span>,
          }))}
          onClick={({ key }) => {
            const page = PAGES.find((p) => p.key === key);
            if (page) void navigate(page.path);
          }}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: 'transparent',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 16,
            paddingInline: 24,
          }}
        >
          {/* A plain heading with antd's tokens: Typography would add 30 KB to the first paint. */}
          <h1
            data-testid="page-title"
            style={{
              margin: 0,
              fontSize: token.fontSizeHeading4,
              fontWeight: token.fontWeightStrong,
              lineHeight: token.lineHeightHeading4,
              color: token.colorTextHeading,
            }}
          >
            {pageTitle}
          </h1>
          <Space size="middle">
            <ThemeSwitch />
            <LanguageSwitch />
          </Space>
        </Header>
        <Content style={{ padding: '0 24px 24px' }}>
          {!reachable && <UnreachableBanner />}
          <div data-testid="page-content" data-stale={!reachable} data-live={status === 'live'} style={reachable ? undefined : STALE_STYLE}>
            {BANNERS.map(({ key, Component }) => (
              <Component key={key} />
            ))}
            <Routes>
              {PAGES.map((p) => (
                <Route key={p.key} path={p.path === '/' ? '/' : `${p.path}/*`} element={p.element} />
              ))}
              <Route path="*" element={<Navigate to={HOME_PATH} replace />} />
            </Routes>
          </div>
        </Content>
      </Layout>
    </Layout>
  );
}
