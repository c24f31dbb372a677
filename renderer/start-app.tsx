// antd's styles, built ahead by antd and reduced by the build to the components the app uses
// (renderer/build/antd-css.ts): with `hashed: false, zeroRuntime: true` (App.tsx) its components generate and insert
// no CSS at render (the largest cost of the first render). The theme's values stay CSS variables set at runtime,
// so dark mode and the tokens work as before.
import 'antd/dist/antd.css';
import './i18n/index';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { BANNERS } from './app/banners';
import { PAGES } from './app/pages';
import { navEntryFor } from './app/shell/nav';

/** How long the first render waits for the first page's data; after that it shows the page loading. */
const FIRST_DATA_WAIT_MS = 800;

/**
 * Mounts the app over the static shell of index.html once the page it opens on and the banners are loaded
 * (index.html preloads their chunks with the app's) and, for a short while, that page's first data (already on
 * its way, main.tsx): the first render then shows the page with its data, in one render instead of two.
 */
export async function startApp(rootEl: HTMLElement): Promise<void> {
  const route = navEntryFor(window.location.hash.replace(/^#/, '').split('?')[0] || '/');
  const first = PAGES.find((p) => p.key === route?.key);
  // A chunk or a call that fails is not fatal here: the page shows its own spinner or error and retries.
  const preloads = [...(first ? [first.prefetch] : []), ...BANNERS.map((b) => b.Component.preload)];
  let waited: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.all(preloads.map((preload) => preload().catch(() => undefined))),
    new Promise((resolve) => (waited = setTimeout(resolve, FIRST_DATA_WAIT_MS))),
  ]);
  clearTimeout(waited);
  createRoot(rootEl).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
