import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExternalOpener } from './open-external.js';

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
