import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppServices } from './services/app.js';
import { appHandlers } from './services/api/app.js';
import { createExternalOpener, withExternalOpener } from './open-external.js';

describe('createExternalOpener', () => {
  const setup = () => {
    const opened: string[] = [];
    const denied: string[] = [];
    const open = createExternalOpener({ openExternal: async (url: string) => void opened.push(url) }, (u) => denied.push(u));
    return { open, opened, denied };
  };

  it('opens allowlisted https links, normalised', () => {
    const { open, opened, denied } = setup();
    open('https://open.feishu.cn/app');
    open('https://dms-ap-southeast-1.alibabacloud.com');
    expect(opened).toEqual(['https://open.feishu.cn/app', 'https://dms-ap-southeast-1.alibabacloud.com/']);
    expect(denied).toEqual([]);
  });

  it.each([
    'https://dms-ap-southeast-1.alibabacloud.com.evil.com/',
    'http://open.feishu.cn/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'https://user@open.feishu.cn/',
    'app://channel-desk/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    const { open, opened, denied } = setup();
    open(url);
    expect(opened).toEqual([]);
    expect(denied).toEqual([url]);
  });
});

/** Every .ts/.cts file under electron/ (tests excluded). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.c?ts$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('external links have one door', () => {
  // Member access (`shell.openExternal`, `electron.shell.openExternal`) or destructuring it from an object.
  const DIRECT_USE = /\bshell\s*\.\s*openExternal\b|\{[^}]*\bopenExternal\b[^}]*\}\s*=\s*(?:electron\s*\.\s*)?shell\b/;

  it('reaches shell.openExternal only in electron/open-external.ts', () => {
    const root = path.dirname(new URL(import.meta.url).pathname);
    const offenders = sourceFiles(root)
      .filter((f) => DIRECT_USE.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(offenders).toEqual(['open-external.ts']);
  });

  it('the pattern catches the usual spellings', () => {
    expect(DIRECT_USE.test('void shell.openExternal(url)')).toBe(true);
    expect(DIRECT_USE.test('const { openExternal } = shell;')).toBe(true);
    expect(DIRECT_USE.test('electron.shell.openExternal(url)')).toBe(true);
    expect(DIRECT_USE.test('openExternal(url); // injected opener')).toBe(false);
    expect(DIRECT_USE.test("'app.openExternal': async () => x")).toBe(false);
  });
});

describe("withExternalOpener (the renderer's app.openExternal in Electron)", () => {
  // app.openExternal needs nothing from the services: it only checks the link.
  const serviceHandlers = () => appHandlers({} as AppServices);

  it('the services alone only check the link: nothing would open', async () => {
    const result = await serviceHandlers()['app.openExternal']({ url: 'https://open.feishu.cn/app' }, { transport: 'ipc' });
    expect(result).toEqual({ allowed: true, url: 'https://open.feishu.cn/app' });
  });

  it('wrapped, an allowed link reaches shell.openExternal through the allowlisted opener; a refused one does not', async () => {
    const opened: string[] = [];
    const denied: string[] = [];
    const opener = createExternalOpener({ openExternal: async (url: string) => void opened.push(url) }, (u) => denied.push(u));
    const handlers = withExternalOpener(serviceHandlers(), opener);
    expect(await handlers['app.openExternal']({ url: 'https://open.feishu.cn/app' }, { transport: 'ipc' })).toMatchObject({ allowed: true });
    expect(await handlers['app.openExternal']({ url: 'https://open.feishu.cn.evil.com/' }, { transport: 'ipc' })).toMatchObject({ allowed: false });
    expect(opened).toEqual(['https://open.feishu.cn/app']);
    expect(denied).toEqual([]);
  });

  it('main.ts registers the wrapped handlers on IPC', () => {
    const main = readFileSync(path.join(import.meta.dirname, 'main.ts'), 'utf8');
    expect(main).toMatch(/const handlers = withExternalOpener\(createHandlers\(services\), openExternal\)/);
    expect(main).toMatch(/registerIpc\(ipcMain, handlers,/);
  });
});
