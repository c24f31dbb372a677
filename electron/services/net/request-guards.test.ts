import { describe, expect, it } from 'vitest';
import { bearerToken, isAllowedHost, isAllowedOrigin, isJsonContentType, isLoopbackBindHost, tokensEqual } from './request-guards.js';

describe('isAllowedHost', () => {
  it.each([
    ['127.0.0.1:4870', true],
    ['localhost:4870', true],
    ['LOCALHOST:4870', true],
    ['[::1]:4870', true],
    ['127.0.0.1:4871', false],
    ['127.0.0.1', false],
    ['localhost', false],
    ['evil.example:4870', false],
    ['localhost.evil.example:4870', false],
    ['127.0.0.1.nip.io:4870', false],
    ['0.0.0.0:4870', false],
    ['[::ffff:127.0.0.1]:4870', false],
    ['127.0.0.1:4870@evil.example', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (host, allowed) => {
    expect(isAllowedHost(host, 4870)).toBe(allowed);
  });

  it('accepts a bare name only on port 80, where browsers omit the port', () => {
    expect(isAllowedHost('localhost', 80)).toBe(true);
    expect(isAllowedHost('evil.example', 80)).toBe(false);
  });
});

describe('isAllowedOrigin', () => {
  it.each([
    [undefined, '127.0.0.1:4870', true],
    ['http://127.0.0.1:4870', '127.0.0.1:4870', true],
    ['http://localhost:4870', 'localhost:4870', true],
    ['http://[::1]:4870', '[::1]:4870', true],
    ['http://localhost:4870', '127.0.0.1:4870', false],
    ['https://127.0.0.1:4870', '127.0.0.1:4870', false],
    ['http://127.0.0.1:4871', '127.0.0.1:4870', false],
    ['http://evil.example', '127.0.0.1:4870', false],
    ['http://127.0.0.1:4870.evil.example', '127.0.0.1:4870', false],
    ['null', '127.0.0.1:4870', false],
    ['', '127.0.0.1:4870', false],
  ])('Origin %s with Host %s → %s', (origin, host, allowed) => {
    expect(isAllowedOrigin(origin, host)).toBe(allowed);
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc123', 'abc123'],
    ['bearer abc123', 'abc123'],
    ['Bearer   abc123 ', 'abc123'],
    ['Basic abc123', null],
    ['Bearer', null],
    ['Bearer a b', null],
    ['abc123', null],
    [undefined, null],
  ])('%s → %s', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});

describe('tokensEqual', () => {
  it('is true only for the identical token, whatever the lengths', () => {
    expect(tokensEqual('0123456789abcdef', '0123456789abcdef')).toBe(true);
    expect(tokensEqual('0123456789abcdeF', '0123456789abcdef')).toBe(false);
    expect(tokensEqual('0123456789abcde', '0123456789abcdef')).toBe(false);
    expect(tokensEqual('', '0123456789abcdef')).toBe(false);
  });
});

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    ['Application/JSON', true],
    ['application/json; charset=utf-8', true],
    ['application/json;charset="UTF-8"', true],
    ['application/json; charset=latin1', false],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false],
    ['application/jsonp', false],
    [undefined, false],
  ])('%s → %s', (ct, ok) => {
    expect(isJsonContentType(ct)).toBe(ok);
  });
});

describe('isLoopbackBindHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
    ['example.com', false],
  ])('%s → %s', (host, ok) => {
    expect(isLoopbackBindHost(host)).toBe(ok);
  });
});
