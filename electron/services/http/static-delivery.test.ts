import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveAppRequest } from '../../app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../csp.js';
import type { Handlers } from '../api/dispatch.js';
import { createHttpServer, type RunningHttpServer } from './server.js';
import { cacheControlFor, IMMUTABLE, negotiateEncoding } from './static-delivery.js';

const JS = `console.log(${JSON.stringify('x'.repeat(4000))});`;
let dir: string;
let ui: string;
let server: RunningHttpServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-static-'));
  ui = path.join(dir, 'ui');
  mkdirSync(path.join(ui, 'assets'), { recursive: true });
  writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>CD</title>');
  writeFileSync(path.join(ui, 'assets', 'index-AbCd12_-.js'), JS);
  // As the build writes it: a brotli sibling (content differs from on-the-fly gzip, so we can tell).
  writeFileSync(path.join(ui, 'assets', 'index-AbCd12_-.js.br'), brotliCompressSync(Buffer.from(JS)));
  writeFileSync(path.join(ui, 'assets', 'plain-XyZw9876.css'), 'body{color:red}'.repeat(100));
  writeFileSync(path.join(ui, 'favicon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(path.join(dir, 'secret.txt'), 'outside');
  server = await createHttpServer({ handlers: {} as Handlers, token: 't'.repeat(32), staticDir: ui });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function raw(pathname: string, acceptEncoding?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${server.origin}${pathname}`, { headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('negotiateEncoding', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['identity', null],
    ['*', 'br'],
    ['*;q=0', null],
  ])('%s → %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});

describe('cacheControlFor', () => {
  it('makes only hashed build assets immutable', () => {
    expect(cacheControlFor('/assets/index-AbCd12_-.js')).toBe(IMMUTABLE);
    expect(cacheControlFor('/')).toBe('no-cache');
    expect(cacheControlFor('/index.html')).toBe('no-cache');
    expect(cacheControlFor('/favicon.png')).toBe('no-cache');
    expect(cacheControlFor('/assets/logo.js')).toBe('no-cache');
  });
});

describe('headless server: compressed, cached UI files', () => {
  it('sends a hashed asset as the precompressed brotli file, immutable, with the CSP', async () => {
    const res = await raw('/assets/index-AbCd12_-.js', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(JS.length / 4);
    expect(brotliDecompressSync(res.body).toString()).toBe(JS);
  });

  it('gzips on the fly when there is no precompressed file of that encoding', async () => {
    const js = await raw('/assets/index-AbCd12_-.js', 'gzip');
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(js.body).toString()).toBe(JS);
    const css = await raw('/assets/plain-XyZw9876.css', 'br, gzip');
    expect(css.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(css.body).toString()).toBe('body{color:red}'.repeat(100));
  });

  it('ignores a precompressed file older than the file it belongs to', async () => {
    const br = path.join(ui, 'assets', 'index-AbCd12_-.js.br');
    const old = new Date(Date.now() - 60_000);
    utimesSync(br, old, old);
    const res = await raw('/assets/index-AbCd12_-.js', 'br, gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.body).toString()).toBe(JS);
    const now = new Date();
    utimesSync(br, now, now);
  });

  it('sends identity to a client that accepts no compression, and never compresses images', async () => {
    const js = await raw('/assets/index-AbCd12_-.js');
    expect(js.headers['content-encoding']).toBeUndefined();
    expect(js.body.toString()).toBe(JS);
    const png = await raw('/favicon.png', 'br, gzip');
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers['cache-control']).toBe('no-cache');
  });

  it('revalidates index.html on every load', async () => {
    const res = await raw('/', 'gzip');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(gunzipSync(res.body).toString()).toContain('<title>CD</title>');
  });

  it('keeps refusing traversal, including through a compressed sibling name', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/.env']) {
      const res = await raw(p, 'br, gzip');
      expect(res.status, p).toBe(404);
      expect(res.body.toString()).not.toContain('outside');
    }
  });
});

describe('Electron app:// serves the same files with the same caching', () => {
  it('hashed asset immutable, index.html no-cache, bytes uncompressed', async () => {
    const asset = await serveAppRequest(new Request('app://channel-desk/assets/index-AbCd12_-.js'), ui);
    expect(asset.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(asset.headers.get('content-encoding')).toBeNull();
    expect(await asset.text()).toBe(JS);
    const index = await serveAppRequest(new Request('app://channel-desk/'), ui);
    expect(index.headers.get('cache-control')).toBe('no-cache');
  });
});
