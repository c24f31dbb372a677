import type { ReactNode } from 'react';
import { ApiOutlined, BranchesOutlined, SendOutlined, CompassOutlined, EyeOutlined, HomeOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import { lazyPage } from './lazy-page';

/**
 * Every page of the app, in menu order. To add a page: one entry here, its strings in
 * renderer/i18n/locales/<ns>.ts. `titleKey` is an i18next key (`<ns>:<key>`).
 */
export interface PageEntry {
  /** Stable id: menu key and `data-testid="nav-<key>"`. */
  readonly key: string;
  /** Route path under the hash router, e.g. `/channels`. */
  readonly path: string;
  readonly icon: ReactNode;
  readonly titleKey: string;
  readonly element: ReactNode;
}

// Each page is its own chunk, loaded on first visit (fast first paint).
const HomePage = lazyPage(() => import('../pages/home/HomePage').then((m) => m.default));
const SetupGuidePage = lazyPage(() => import('../pages/setup-guide/SetupGuidePage').then((m) => m.SetupGuidePage));
const ChannelsPage = lazyPage(() => import('../pages/channels/ChannelsPage').then((m) => m.ChannelsPage));
const UsersPage = lazyPage(() => import('../pages/users/UsersPage').then((m) => m.UsersPage));
const RulesPage = lazyPage(() => import('../pages/rules/RulesPage').then((m) => m.RulesPage));
const DeliveriesPage = lazyPage(() => import('../pages/deliveries/DeliveriesPage').then((m) => m.DeliveriesPage));
const DmsPage = lazyPage(() => import('../pages/dms/DmsPage').then((m) => m.DmsPage));
const SettingsPage = lazyPage(() => import('../pages/settings/SettingsPage').then((m) => m.SettingsPage));

export const PAGES: readonly PageEntry[] = [
  { key: 'home', path: '/', icon: <HomeOutlined />, titleKey: 'home:title', element: <HomePage /> },
  { key: 'setup-guide', path: '/setup-guide', icon: <CompassOutlined />, titleKey: 'guide:title', element: <SetupGuidePage /> },
  { key: 'channels', path: '/channels', icon: <ApiOutlined />, titleKey: 'channels:title', element: <ChannelsPage /> },
  { key: 'users', path: '/users', icon: <TeamOutlined />, titleKey: 'users:title', element: <UsersPage /> },
  { key: 'rules', path: '/rules', icon: <BranchesOutlined />, titleKey: 'rules:title', element: <RulesPage /> },
  { key: 'deliveries', path: '/deliveries', icon: <SendOutlined />, titleKey: 'deliveries:title', element: <DeliveriesPage /> },
  { key: 'dms', path: '/dms', icon: <EyeOutlined />, titleKey: 'dms:title', element: <DmsPage /> },
  { key: 'settings', path: '/settings', icon: <SettingOutlined />, titleKey: 'settings:title', element: <SettingsPage /> },
];

/** Where `/` leads. */
export const HOME_PATH = '/';
