import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DmsClient } from '../../electron/services/dms/client.js';
import { DmsApiError } from '../../electron/services/dms/errors.js';
import { createHttp } from '../../electron/services/platforms/http.js';

/** A forward proxy that records what it was asked to reach and refuses to tunnel (502). */
let proxy: http.Server;
let proxyUrl: string;
const asked: string[] = [];

beforeAll(async () => {
  proxy = http.createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`);
    res.writeHead(502).end();
  });
  proxy.on('connect', (req, socket) => {
    asked.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => proxy.close(() => r())));

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];
const saved = Object.fromEntries(PROXY_VARS.map((k) => [k, process.env[k]]));
function useEnv(vars: Record<string, string>): void {
  for (const k of PROXY_VARS) delete process.env[k];
  Object.assign(process.env, vars);
}
afterEach(() => {
  for (const k of PROXY_VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  asked.length = 0;
});

const dms = () =>
  new DmsClient({
    endpoint: 'https://dms-enterprise.cn-hangzhou.example.test',
    accessKeyId: 'LTAIproxy',
    accessKeySecret: 'proxy-secret-0123456789',
    tid: 3000,
    timeoutMs: 3000,
  });
const platformCall = () =>
  createHttp().request(
    { method: 'POST', url: 'https://open.feishu.example.test/open-apis/auth/v3/tenant_access_token/internal', data: {} },
    { channel: 'feishu', timeoutMs: 3000 },
  );

describe('outbound HTTP honours HTTPS_PROXY / NO_PROXY for DMS and the platforms alike', () => {
  it('the DMS client tunnels through HTTPS_PROXY with CONNECT (the proxy never sees the signed query)', async () => {
    useEnv({ HTTPS_PROXY: proxyUrl });
    await expect(dms().listOrders({ startTime: '2026-11-01 00:00:00', endTime: '2026-11-02 00:00:00', pageNumber: 1, pageSize: 10 })).rejects.toBeInstanceOf(
      DmsApiError,
    );
    expect(asked).toEqual(['CONNECT dms-enterprise.cn-hangzhou.example.test:443']);
  });

  it('the platform client goes the same way', async () => {
    useEnv({ https_proxy: proxyUrl });
    // The proxy's refusal comes back as its 502 answer or as a network error; either way it was asked.
    await platformCall().catch(() => undefined);
    expect(asked).toEqual(['CONNECT open.feishu.example.test:443']);
  });

  it('NO_PROXY sends both directly', async () => {
    useEnv({ HTTPS_PROXY: proxyUrl, NO_PROXY: '.example.test' });
    await expect(dms().listOrders({ startTime: '2026-11-01 00:00:00', endTime: '2026-11-02 00:00:00', pageNumber: 1, pageSize: 10 })).rejects.toBeInstanceOf(
      DmsApiError,
    );
    await expect(platformCall()).rejects.toThrow();
    expect(asked).toEqual([]);
  });
});
