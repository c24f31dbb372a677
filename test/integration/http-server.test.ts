import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/services/csp.js';
import type { CallContext, Handlers } from '../../electron/services/api/dispatch.js';
import { createHttpServer, sendJson, type RunningHttpServer } from '../../electron/services/http/index.js';
import { contract, METHOD_NAMES, type MethodName } from '../../shared/contract/index.js';
import { AppError, errorBodySchema } from '../../shared/errors.js';
import { text } from '../../shared/i18n-text.js';

const TOKEN = 'test-token-0123456789abcdef';
const LIMIT = 64 * 1024;

/** Every method answers UNAVAILABLE unless overridden: the server must not care what the handlers do. */
function testHandlers(overrides: Partial<Record<MethodName, (input: unknown, ctx: CallContext) => Promise<unknown>>>): Handlers {
  const unavailable = async (): Promise<never> => {
    throw new AppError('UNAVAILABLE', text('not in this test', '本测试未提供'));
  };
  return Object.fromEntries(METHOD_NAMES.map((n) => [n, overrides[n] ?? unavailable])) as unknown as Handlers;
}

// A method that takes `{}`: the round trip below must not depend on which domains exist yet.
const EMPTY_INPUT_METHOD = METHOD_NAMES.find((n) => contract[n].input.safeParse({}).success);

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: RunningHttpServer;
let staticDir: string;
const calls: Array<{ input: unknown; ctx: CallContext }> = [];

interface RawOptions {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the headers, wait for the answer, and only then (maybe) the body. */
  answerBeforeBody?: boolean;
}

/** node:http rather than fetch: the tests need to set Host and raw, unnormalized paths. */
function raw(opts: RawOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.answerBeforeBody) {
      req.flushHeaders();
      return;
    }
    req.end(opts.body);
  });
}

const api = (name: string, body: string, headers: Record<string, string> = {}): Promise<RawResponse> =>
  raw({
    method: 'POST',
    path: `/api/${name}`,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
    body,
  });

const errorCode = (res: RawResponse): string => errorBodySchema.parse(JSON.parse(res.body)).error.code;

beforeAll(async () => {
  staticDir = mkdtempSync(path.join(tmpdir(), 'cd-http-'));
  mkdirSync(path.join(staticDir, 'ui', 'assets'), { recursive: true });
  writeFileSync(path.join(staticDir, 'ui', 'index.html'), '<!doctype html><title>Channel Desk</title>');
  writeFileSync(path.join(staticDir, 'ui', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(staticDir, 'outside.txt'), 'must never be served');
  const overrides: Partial<Record<MethodName, (input: unknown, ctx: CallContext) => Promise<unknown>>> = {
    'app.openExternal': async (input, ctx) => {
      calls.push({ input, ctx });
      const { url } = input as { url: string };
      // The extra field must not reach the client: dispatch validates (and strips) the output.
      return { allowed: url.startsWith('https://'), url, internalNote: 'not in the contract' };
    },
  };
  if (EMPTY_INPUT_METHOD) {
    overrides[EMPTY_INPUT_METHOD] = async (input, ctx) => {
      calls.push({ input, ctx });
      throw new AppError('CONFLICT', text('Conflict from the handler', '处理程序冲突'), { details: { seen: true } });
    };
  }
  server = await createHttpServer({
    handlers: testHandlers(overrides),
    token: TOKEN,
    staticDir: path.join(staticDir, 'ui'),
    bodyLimit: LIMIT,
    routes: [{ prefix: '/hooks/test/', handle: (_req, res) => sendJson(res, 202, { hook: true }) }],
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('headless HTTP server: API guards', () => {
  it('binds loopback and reports its origin', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('answers 401 without the token or with a wrong one', async () => {
    const none = await raw({ method: 'POST', path: '/api/sender.status', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(errorCode(none)).toBe('UNAUTHORIZED');
    const wrong = await api('sender.status', '{}', { Authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
    const basic = await api('sender.status', '{}', { Authorization: `Basic ${TOKEN}` });
    expect(basic.status).toBe(401);
  });

  it('answers 403 for a foreign Host (DNS rebinding), on the API and the UI alike', async () => {
    const apiRes = await api('sender.status', '{}', { Host: `evil.example:${server.port}` });
    expect(apiRes.status).toBe(403);
    expect(errorCode(apiRes)).toBe('FORBIDDEN');
    const ui = await raw({ path: '/', headers: { Host: `evil.example:${server.port}` } });
    expect(ui.status).toBe(403);
    const otherPort = await raw({ path: '/', headers: { Host: `127.0.0.1:${server.port + 1}` } });
    expect(otherPort.status).toBe(403);
  });

  it('accepts every loopback name for its own port', async () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
      const res = await raw({ path: '/', headers: { Host: `${host}:${server.port}` } });
      expect(res.status, host).toBe(200);
    }
  });

  it('answers 403 for a foreign Origin and sends no CORS headers', async () => {
    const res = await api('sender.status', '{}', { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const sibling = await api('sender.status', '{}', { Origin: `http://localhost:${server.port}` });
    expect(sibling.status).toBe(403);
    const nullOrigin = await api('sender.status', '{}', { Origin: 'null' });
    expect(nullOrigin.status).toBe(403);
  });

  it('answers 413 for a declared oversized body before the body is sent, and closes the connection', async () => {
    const res = await raw({
      method: 'POST',
      path: '/api/sender.status',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Content-Length': String(LIMIT + 1) },
      answerBeforeBody: true,
    });
    expect(res.status).toBe(413);
    expect(errorCode(res)).toBe('PAYLOAD_TOO_LARGE');
    expect(res.headers.connection).toBe('close');
  });

  it('answers 413 for a chunked body that grows past the cap', async () => {
    const res = await raw({
      method: 'POST',
      path: '/api/sender.status',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      body: `{"x":"${'a'.repeat(LIMIT)}"}`,
    });
    expect(res.status).toBe(413);
  });

  it('answers 415 for anything but application/json', async () => {
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await api('sender.status', '{}', { 'Content-Type': ct });
      expect(res.status, ct).toBe(415);
      expect(errorCode(res)).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await api('sender.status', '{"a":');
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('BAD_INPUT');
  });

  it('answers 405 for other HTTP methods on the API', async () => {
    const res = await raw({ method: 'GET', path: '/api/sender.status', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    const preflight = await raw({ method: 'OPTIONS', path: '/api/sender.status', headers: { Origin: 'http://evil.example' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 404 NOT_FOUND for a method the contract does not have', async () => {
    const res = await api('nope.never', '{}');
    expect(res.status).toBe(404);
    expect(errorCode(res)).toBe('NOT_FOUND');
  });

  it('round-trips a contract call: JSON in, validated output out', async () => {
    calls.length = 0;
    const res = await api('app.openExternal', JSON.stringify({ url: 'https://open.feishu.cn/' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.body)).toEqual({ allowed: true, url: 'https://open.feishu.cn/' });
    expect(calls).toEqual([{ input: { url: 'https://open.feishu.cn/' }, ctx: { transport: 'http' } }]);
  });

  it('rejects input that breaks the schema with 400 and the field path, before the handler runs', async () => {
    calls.length = 0;
    const res = await api('app.openExternal', JSON.stringify({ url: 42 }));
    expect(res.status).toBe(400);
    const body = errorBodySchema.parse(JSON.parse(res.body));
    expect(body.error.code).toBe('BAD_INPUT');
    expect(body.error.issues?.map((i) => i.path)).toEqual(['url']);
    expect(calls).toHaveLength(0);
  });

  it.runIf(EMPTY_INPUT_METHOD !== undefined)('round-trips a handler AppError: its body and HTTP status', async () => {
    calls.length = 0;
    const res = await api(EMPTY_INPUT_METHOD ?? '', '{}');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.ctx).toEqual({ transport: 'http' });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'CONFLICT', message: { en: 'Conflict from the handler', zh: '处理程序冲突' }, details: { seen: true } },
    });
  });

  it('rejects malformed input for a real method with BAD_INPUT and field issues', async () => {
    const name = EMPTY_INPUT_METHOD ?? METHOD_NAMES[0];
    if (!name) return;
    const res = await api(name, '[1,2,3]');
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('BAD_INPUT');
  });
});

describe('headless HTTP server: static UI', () => {
  it('serves index.html without a token, with the CSP and security headers', async () => {
    const res = await raw({ path: '/' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Channel Desk</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves assets with their type; HEAD has no body', async () => {
    const js = await raw({ path: '/assets/app.js?v=1' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const head = await raw({ method: 'HEAD', path: '/assets/app.js' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it.each(['/../outside.txt', '/assets/../../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt', '/..%5coutside.txt', '//outside.txt'])(
    'refuses traversal %s',
    async (p) => {
      const res = await raw({ path: p });
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('must never be served');
    },
  );

  it('answers 404 for missing files and 405 for POST to the UI', async () => {
    expect((await raw({ path: '/missing.js' })).status).toBe(404);
    const post = await raw({ method: 'POST', path: '/', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(405);
  });
});

describe('headless HTTP server: mounted routes', () => {
  it('hands matching paths to the route, which does its own auth', async () => {
    const res = await raw({ method: 'POST', path: '/hooks/test/abc', headers: { Host: 'dms.example.com' }, body: '{}' });
    expect(res.status).toBe(202);
    expect(JSON.parse(res.body)).toEqual({ hook: true });
  });

  it('refuses a route prefix overlapping the API', async () => {
    await expect(createHttpServer({ handlers: testHandlers({}), token: TOKEN, routes: [{ prefix: '/api/x', handle: () => undefined }] })).rejects.toThrow(
      /overlap/,
    );
  });
});

describe('createHttpServer', () => {
  it('refuses to bind the API to a non-loopback address', async () => {
    await expect(createHttpServer({ handlers: testHandlers({}), token: TOKEN, host: '0.0.0.0' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a short token', async () => {
    await expect(createHttpServer({ handlers: testHandlers({}), token: 'short' })).rejects.toThrow(/at least/);
  });

  it('times out a client that never finishes its headers (slowloris)', async () => {
    const s = await createHttpServer({ handlers: testHandlers({}), token: TOKEN, timeouts: { headersMs: 200, requestMs: 400 } });
    try {
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(s.port, '127.0.0.1', () => socket.write(`POST /api/app.info HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n`));
        let data = '';
        socket.on('data', (d: Buffer) => (data += d.toString()));
        socket.on('close', () => resolve(data));
        socket.on('error', reject);
        socket.setTimeout(5_000, () => socket.destroy(new Error('server never closed the connection')));
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await s.close();
    }
  });

  it('closes idempotently', async () => {
    const s = await createHttpServer({ handlers: testHandlers({}), token: TOKEN });
    await s.close();
    await s.close();
    expect(s.server.listening).toBe(false);
  });
});
