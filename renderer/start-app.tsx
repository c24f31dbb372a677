// antd's styles, built ahead by antd: with `hashed: false` (App.tsx) its components find theirs in this file's
// cache map and skip generating and inserting CSS at render (the largest cost of the first render). The theme's
// values stay CSS variables set at runtime, so dark mode and the tokens work as before.
import 'antd/dist/antd.css';
import './i18n/index';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { BANNERS } from './app/banners';
import { PAGES } from './app/pages';
import { navEntryFor } from './app/shell/nav';

/**
 * Mounts the app over the static shell of index.html, once the page it opens on and the banners are loaded
 * (index.html preloads their chunks with the app's): the first render then shows that page, not a spinner.
 */
export async function startApp(rootEl: HTMLElement): Promise<void> {
  const route = navEntryFor(window.location.hash.replace(/^#/, '').split('?')[0] || '/');
  const first = PAGES.find((p) => p.key === route?.key);
  // A chunk that fails to load is not fatal here: the page's own Suspense shows and retries it.
  const preloads = [...(first ? [first.preload] : []), ...BANNERS.map((b) => b.Component.preload)];
  await Promise.all(preloads.map((preload) => preload().catch(() => undefined)));
  createRoot(rootEl).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
