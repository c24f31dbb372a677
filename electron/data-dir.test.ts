import { describe, expect, it } from 'vitest';
import { defaultDataDir, languageFromEnv, parseLanguage, resolveDataDir } from './data-dir.js';

describe('defaultDataDir (matches Electron userData for productName "Channel Desk" on mac/win)', () => {
  it.each([
    ['linux', {}, '/home/a', '/home/a/.config/channel-desk'],
    ['linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/a', '/xdg/channel-desk'],
    ['linux', { XDG_CONFIG_HOME: 'relative' }, '/home/a', '/home/a/.config/channel-desk'],
    ['freebsd', {}, '/home/a', '/home/a/.config/channel-desk'],
    ['darwin', {}, '/Users/a', '/Users/a/Library/Application Support/Channel Desk'],
    ['win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'C:\\Users\\a', 'C:\\Users\\a\\AppData\\Roaming\\Channel Desk'],
    ['win32', {}, 'C:\\Users\\a', 'C:\\Users\\a\\AppData\\Roaming\\Channel Desk'],
  ] as const)('%s %j', (platform, env, home, expected) => {
    expect(defaultDataDir({ platform, env, home })).toBe(expected);
  });
});

describe('resolveDataDir', () => {
  const info = { platform: 'linux' as const, env: { CHANNEL_DESK_DATA_DIR: 'envdir' }, home: '/home/a' };
  it('prefers the flag, then the env variable, resolved against cwd', () => {
    expect(resolveDataDir('flag', info, '/cwd')).toBe('/cwd/flag');
    expect(resolveDataDir(undefined, info, '/cwd')).toBe('/cwd/envdir');
    expect(resolveDataDir(undefined, { ...info, env: {} }, '/cwd')).toBe('/home/a/.config/channel-desk');
  });
});

describe('language', () => {
  it.each([
    ['en', 'en-US'],
    ['zh', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['EN-us', 'en-US'],
    ['fr', null],
    ['', null],
  ])('parseLanguage(%s) → %s', (v, expected) => {
    expect(parseLanguage(v)).toBe(expected);
  });

  it.each([
    [{ LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    [{ LANG: 'zh_TW.UTF-8' }, 'zh-CN'],
    [{ LANG: 'de_DE.UTF-8' }, 'en-US'],
    [{ LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US' }, 'zh-CN'],
    [{ LC_MESSAGES: 'zh_CN', LANG: 'en_US' }, 'zh-CN'],
    [{}, 'en-US'],
  ])('languageFromEnv(%j) → %s', (env, expected) => {
    expect(languageFromEnv(env)).toBe(expected);
  });
});
