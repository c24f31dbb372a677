import path from 'node:path';
import type { Language } from '../shared/i18n-text.js';

/**
 * Where Channel Desk keeps its data, the same folder for Electron (main sets userData to it) and for
 * headless mode/CLI, so both modes share settings. Pure: platform, env and home are parameters.
 */

export const DATA_DIR_ENV = 'CHANNEL_DESK_DATA_DIR';

export interface PlatformInfo {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
}

/** Linux $XDG_CONFIG_HOME/channel-desk (or ~/.config), macOS Application Support, Windows %APPDATA%. */
export function defaultDataDir({ platform, env, home }: PlatformInfo): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), 'Channel Desk');
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', 'Channel Desk');
  }
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  const configHome = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.config');
  return path.posix.join(configHome, 'channel-desk');
}

/** --data-dir, else CHANNEL_DESK_DATA_DIR, else the per-user default; always absolute. */
export function resolveDataDir(flag: string | undefined, info: PlatformInfo, cwd: string): string {
  const chosen = flag || info.env[DATA_DIR_ENV] || defaultDataDir(info);
  return path.resolve(cwd, chosen);
}

/** `en`/`zh` (or en-US/zh-CN) from a flag; null when it is neither. */
export function parseLanguage(value: string): Language | null {
  const v = value.toLowerCase();
  if (v === 'zh' || v.startsWith('zh-') || v.startsWith('zh_')) return 'zh-CN';
  if (v === 'en' || v.startsWith('en-') || v.startsWith('en_')) return 'en-US';
  return null;
}

/** The POSIX locale order: LC_ALL, then LC_MESSAGES, then LANG; Chinese if it starts with zh. */
export function languageFromEnv(env: NodeJS.ProcessEnv): Language {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
}
