import type { ReactNode } from 'react';
import { ApiOutlined, BranchesOutlined, SendOutlined, CompassOutlined, EyeOutlined, HomeOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';

/**
 * The menu, in order: what the shell needs of each page (no page code), so the build can render the same menu
 * into index.html (static-shell.tsx) that the app renders. pages.tsx adds each page's component.
 */
export interface NavEntry {
  /** Stable id: `data-testid="nav-<key>"`. */
  readonly key: string;
  /** Route path under the hash router, e.g. `/channels`. */
  readonly path: string;
  readonly icon: ReactNode;
  /** An i18next key (`<ns>:<key>`). */
  readonly titleKey: string;
}

export const NAV = [
  { key: 'home', path: '/', icon: <HomeOutlined />, titleKey: 'home:title' },
  { key: 'setup-guide', path: '/setup-guide', icon: <CompassOutlined />, titleKey: 'guide:title' },
  { key: 'channels', path: '/channels', icon: <ApiOutlined />, titleKey: 'channels:title' },
  { key: 'users', path: '/users', icon: <TeamOutlined />, titleKey: 'users:title' },
  { key: 'rules', path: '/rules', icon: <BranchesOutlined />, titleKey: 'rules:title' },
  { key: 'deliveries', path: '/deliveries', icon: <SendOutlined />, titleKey: 'deliveries:title' },
  { key: 'dms', path: '/dms', icon: <EyeOutlined />, titleKey: 'dms:title' },
  { key: 'settings', path: '/settings', icon: <SettingOutlined />, titleKey: 'settings:title' },
] as const satisfies readonly NavEntry[];

export type NavKey = (typeof NAV)[number]['key'];

/** Where `/` leads. */
export const HOME_PATH = '/';

/** The entry a route path belongs to: Home is `/` exactly, every other page also owns its sub-paths. */
export function navEntryFor(pathname: string): NavEntry | undefined {
  return NAV.find((p) => pathname === p.path || (p.path !== '/' && pathname.startsWith(`${p.path}/`)));
}
