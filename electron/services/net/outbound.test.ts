import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES, outboundRequest } from './outbound.js';

let server: http.Server;
let base: string;
let received = 0;

beforeAll(async () => {
  // `/big` streams one byte more than the cap without a Content-Length, as a broken or hostile endpoint could.
  server = http.createServer((req, res) => {
    req.on('data', (c: Buffer) => (received += c.length));
    req.on('end', () => {
      if (req.url !== '/big') return res.end('{"ok":true}');
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let left = MAX_RESPONSE_BYTES + 1;
      const pump = (): void => {
        while (left > 0) {
          const part = chunk.subarray(0, Math.min(chunk.length, left));
          left -= part.length;
          if (!res.write(part)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('outboundRequest size caps', () => {
  it('refuses an answer larger than MAX_RESPONSE_BYTES instead of buffering it', async () => {
    await expect(outboundRequest({ method: 'GET', url: `${base}/big` })).rejects.toThrow(/maxContentLength/);
    expect((await outboundRequest({ method: 'GET', url: `${base}/small` })).data).toEqual({ ok: true });
  });

  it('refuses to send a body larger than MAX_REQUEST_BYTES', async () => {
    received = 0;
    await expect(outboundRequest({ method: 'POST', url: `${base}/small`, data: 'x'.repeat(MAX_REQUEST_BYTES + 1) })).rejects.toThrow(/maxBodyLength/);
    expect(received).toBe(0);
  });
});
