import { Space } from 'antd';
import { useEffect, useLayoutEffect, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useConnectionStatus } from '../api/connection';
import { BANNERS } from './banners';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { ThemeSwitch } from './ThemeSwitch';
import { UnreachableBanner } from './UnreachableBanner';
import { PAGES } from './pages';
import { HOME_PATH, navEntryFor } from './shell/nav';
import { ShellFrame } from './shell/ShellFrame';
import { preloadPagesWhenIdle } from './preload-pages';

/** Values the page can no longer vouch for while the service is away. */
const STALE_STYLE: CSSProperties = { opacity: 0.45, filter: 'grayscale(1)', transition: 'opacity 0.2s' };

export function AppLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const current = navEntryFor(location.pathname);
  const pageTitle = current ? t(current.titleKey) : '';
  const status = useConnectionStatus();
  const reachable = status !== 'unreachable';

  // The window / tab title names the page (history, task switcher, screen readers). A layout effect: set in
  // the same commit as the heading, so the two never disagree while passive effects wait behind other work.
  useLayoutEffect(() => {
    document.title = pageTitle ? t('shell:documentTitle', { page: pageTitle }) : t('shell:appName');
  }, [pageTitle, t]);

  useEffect(() => preloadPagesWhenIdle(PAGES.map((p) => p.prefetch)), []);

  return (
    <ShellFrame
      brand={t('shell:appName')}
      navLabel={t('shell:menu')}
      items={PAGES.map((p) => {
        const title = t(p.titleKey);
        return { key: p.key, path: p.path, icon: p.icon, label: title, title };
      })}
      selectedKey={current?.key}
      title={pageTitle}
      headerExtra={
        <Space size="middle">
          <ThemeSwitch />
          <LanguageSwitch />
        </Space>
      }
    >
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
    </ShellFrame>
  );
}
