import type { ReactNode } from 'react';
import { ApiOutlined, BranchesOutlined, SendOutlined, CompassOutlined, EyeOutlined, HomeOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import { ChannelsPage } from '../pages/channels/ChannelsPage';
import { DeliveriesPage } from '../pages/deliveries/DeliveriesPage';
import { DmsPage } from '../pages/dms/DmsPage';
import HomePage from '../pages/home/HomePage';
import { RulesPage } from '../pages/rules/RulesPage';
import { SetupGuidePage } from '../pages/setup-guide/SetupGuidePage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { UsersPage } from '../pages/users/UsersPage';

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
