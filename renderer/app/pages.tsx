import type { ReactNode } from 'react';
import { lazyPage, type LazyComponent } from './lazy-page';
import { NAV, type NavEntry, type NavKey } from './shell/nav';

/**
 * Every page of the app, in menu order: the menu entry (shell/nav.tsx) and the page's component. To add a
 * page: an entry in NAV, its component here, its strings in renderer/i18n/locales/<ns>.ts.
 */
export interface PageEntry extends NavEntry {
  readonly element: ReactNode;
  /** Loads the page's chunk and runs it, so showing the page does not wait for it. */
  readonly preload: () => Promise<void>;
  /** Also loads what the page reads first, so its first visit shows its data at once. */
  readonly prefetch: () => Promise<void>;
}

// Each page is its own chunk, loaded on first visit or ahead (preload-pages.ts), never before the shell.
const COMPONENTS: Record<NavKey, LazyComponent> = {
  home: lazyPage(() => import('../pages/home/HomePage').then((m) => ({ component: m.default, firstQueries: m.firstQueries }))),
  'setup-guide': lazyPage(() => import('../pages/setup-guide/SetupGuidePage').then((m) => ({ component: m.SetupGuidePage, firstQueries: m.firstQueries }))),
  channels: lazyPage(() => import('../pages/channels/ChannelsPage').then((m) => ({ component: m.ChannelsPage, firstQueries: m.firstQueries }))),
  users: lazyPage(() => import('../pages/users/UsersPage').then((m) => ({ component: m.UsersPage, firstQueries: m.firstQueries }))),
  rules: lazyPage(() => import('../pages/rules/RulesPage').then((m) => ({ component: m.RulesPage, firstQueries: m.firstQueries }))),
  deliveries: lazyPage(() => import('../pages/deliveries/DeliveriesPage').then((m) => ({ component: m.DeliveriesPage, firstQueries: m.firstQueries }))),
  dms: lazyPage(() => import('../pages/dms/DmsPage').then((m) => ({ component: m.DmsPage, firstQueries: m.firstQueries }))),
  settings: lazyPage(() => import('../pages/settings/SettingsPage').then((m) => ({ component: m.SettingsPage, firstQueries: m.firstQueries }))),
};

export const PAGES: readonly PageEntry[] = NAV.map((entry) => {
  const Page = COMPONENTS[entry.key];
  return { ...entry, element: <Page />, preload: Page.preload, prefetch: Page.prefetch };
});
