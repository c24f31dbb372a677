import { Layout, Menu, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { BANNERS } from './banners';
import { LanguageSwitch } from './LanguageSwitch';
import { HOME_PATH, PAGES } from './pages';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  // Home is `/` exactly; every other page also owns its sub-paths.
  const current = PAGES.find((p) => location.pathname === p.path || (p.path !== '/' && location.pathname.startsWith(`${p.path}/`)));

  return (
    <Layout hasSider style={{ minHeight: '100vh' }}>
      <Sider breakpoint="lg" collapsedWidth={64} theme="light" width={220} style={{ borderRight: '1px solid rgba(5,5,5,0.06)' }}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap', overflow: 'hidden' }}>
          Channel Desk
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
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
            {current ? t(current.titleKey) : ''}
          </Typography.Title>
          <LanguageSwitch />
        </Header>
        <Content style={{ padding: '0 24px 24px' }}>
          {BANNERS.map(({ key, Component }) => (
            <Component key={key} />
          ))}
          <Routes>
            {PAGES.map((p) => (
              <Route key={p.key} path={p.path === '/' ? '/' : `${p.path}/*`} element={p.element} />
            ))}
            <Route path="*" element={<Navigate to={HOME_PATH} replace />} />
          </Routes>
        </Content>
      </Layout>
    </Layout>
  );
}
