import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, readStaticFile, staticPathFor } from './static-files.js';

const root = path.resolve('/srv/ui');

describe('staticPathFor', () => {
  it.each([
    ['/', path.join(root, 'index.html')],
    ['/index.html', path.join(root, 'index.html')],
    ['/assets/app-1a2b.js', path.join(root, 'assets', 'app-1a2b.js')],
    ['/assets/with%20space.css', path.join(root, 'assets', 'with space.css')],
  ])('%s → %s', (pathname, file) => {
    expect(staticPathFor(root, pathname)).toBe(file);
  });

  it.each([
    '/../etc/passwd',
    '/assets/../../etc/passwd',
    '/%2e%2e/etc/passwd',
    '/%2e%2e%2fetc%2fpasswd',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/..%5c..%5cwindows',
    '/assets\\..\\x',
    '/.env',
    '/assets/.hidden',
    '/assets/',
    '//etc/passwd',
    '/index.html%00.png',
    '/%E0%A4%A',
    'index.html',
  ])('refuses %s', (pathname) => {
    expect(staticPathFor(root, pathname)).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it('knows the UI types and falls back to octet-stream', () => {
    expect(contentTypeFor('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a/app.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a/x.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('a/x.bin')).toBe('application/octet-stream');
  });
});

describe('readStaticFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cd-static-'));
    mkdirSync(path.join(dir, 'ui', 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'ui', 'index.html'), '<!doctype html>');
    writeFileSync(path.join(dir, 'ui', 'assets', 'a.js'), 'x');
    writeFileSync(path.join(dir, 'secret.txt'), 'outside');
    symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'ui', 'assets', 'link.txt'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads files under root with their type', async () => {
    const f = await readStaticFile(path.join(dir, 'ui'), '/');
    expect(f?.body.toString()).toBe('<!doctype html>');
    expect(f?.contentType).toBe('text/html; charset=utf-8');
  });

  it('refuses directories, missing files and symlinks leaving root', async () => {
    expect(await readStaticFile(path.join(dir, 'ui'), '/assets')).toBeNull();
    expect(await readStaticFile(path.join(dir, 'ui'), '/nope.js')).toBeNull();
    expect(await readStaticFile(path.join(dir, 'ui'), '/assets/link.txt')).toBeNull();
  });
});
