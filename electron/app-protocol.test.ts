import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveAppRequest } from './app-protocol.js';
import { CONTENT_SECURITY_POLICY } from './services/csp.js';

let dir: string;
let ui: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-proto-'));
  ui = path.join(dir, 'renderer');
  mkdirSync(path.join(ui, 'assets'), { recursive: true });
  writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>CD</title>');
  writeFileSync(path.join(ui, 'assets', 'a.css'), 'body{}');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serveAppRequest (app://channel-desk)', () => {
  it('serves the UI with the one CSP and security headers', async () => {
    const res = await serveAppRequest(new Request('app://channel-desk/index.html#/rules'), ui);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>CD</title>');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const css = await serveAppRequest(new Request('app://channel-desk/assets/a.css'), ui);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it.each([
    'app://channel-desk/%2e%2e/secret.txt',
    'app://channel-desk/assets/..%2f..%2fsecret.txt',
    'app://other-host/index.html',
    'app://channel-desk/missing.js',
  ])('answers 404 for %s', async (url) => {
    const res = await serveAppRequest(new Request(url), ui);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('outside');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses anything but GET and HEAD', async () => {
    const res = await serveAppRequest(new Request('app://channel-desk/index.html', { method: 'POST', body: 'x' }), ui);
    expect(res.status).toBe(404);
  });
});
