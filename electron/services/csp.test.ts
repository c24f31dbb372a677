import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, UI_SECURITY_HEADERS } from './csp.js';

const directives = new Map(
  CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name = '', ...sources] = d.trim().split(/\s+/);
    return [name, sources] as const;
  }),
);

describe('CONTENT_SECURITY_POLICY', () => {
  it.each([
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['connect-src', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['object-src', ["'none'"]],
  ])('%s is %j', (name, sources) => {
    expect(directives.get(name)).toEqual(sources);
  });

  it('never allows script injection vectors', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\*|https?:|blob:/);
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('has no directive twice', () => {
    expect(directives.size).toBe(CONTENT_SECURITY_POLICY.split(';').length);
  });
});

describe('UI_SECURITY_HEADERS', () => {
  it('carries the CSP, nosniff and no-referrer', () => {
    expect(UI_SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(UI_SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(UI_SECURITY_HEADERS['Referrer-Policy']).toBe('no-referrer');
  });
});
