import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRoute } from '../../electron/services/net/routes.js';
import { startInboxListener, type InboxListener } from '../../electron/services/delivery/inbox/listener.js';
import { peerCommonName, selfSigned } from '../fixtures/tls.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-inbox-listener-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const okRoute: HttpRoute = {
  prefix: '/hooks/dms/',
  handle: (_req, res) => {
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  },
};

const portOf = (l: InboxListener) => Number(new URL(l.origin).port);

/** Resolves with the ms until the server closed the socket (or rejects after `maxMs`). */
function closedWithin(socket: net.Socket, maxMs: number): Promise<number> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still open after ${maxMs} ms`)), maxMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - t0);
    });
    socket.on('error', () => undefined);
  });
}

describe('inbox listener', () => {
  it('cuts a slowloris client that trickles its headers past the header timeout', async () => {
    const inbox = await startInboxListener({ host: '127.0.0.1', port: 0, routes: [okRoute], timeouts: { headersMs: 400, requestMs: 800 } });
    try {
      const socket = net.connect(portOf(inbox), '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write('POST /hooks/dms/x HTTP/1.1\r\nHost: a\r\n');
      const trickle = setInterval(() => socket.write(`X-Slow-${Date.now()}: 1\r\n`), 100);
      try {
        expect(await closedWithin(socket, 3_000)).toBeLessThan(2_000);
      } finally {
        clearInterval(trickle);
      }
    } finally {
      await inbox.close();
    }
  });

  it('cuts a body that trickles past the request timeout', async () => {
    const inbox = await startInboxListener({ host: '127.0.0.1', port: 0, routes: [okRoute], timeouts: { headersMs: 400, requestMs: 800 } });
    try {
      const socket = net.connect(portOf(inbox), '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write('POST /hooks/dms/x HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n');
      const trickle = setInterval(() => socket.write('x'), 100);
      try {
        expect(await closedWithin(socket, 3_000)).toBeLessThan(2_500);
      } finally {
        clearInterval(trickle);
      }
    } finally {
      await inbox.close();
    }
  });

  it('refuses connections beyond the cap and serves again once they close', async () => {
    const inbox = await startInboxListener({ host: '127.0.0.1', port: 0, routes: [okRoute], maxConnections: 3 });
    const held: net.Socket[] = [];
    try {
      for (let i = 0; i < 3; i += 1) {
        const s = net.connect(portOf(inbox), '127.0.0.1');
        await new Promise((r) => s.once('connect', r));
        held.push(s);
      }
      await new Promise((r) => setTimeout(r, 50));
      const extra = net.connect(portOf(inbox), '127.0.0.1');
      expect(await closedWithin(extra, 2_000)).toBeLessThan(2_000);
      for (const s of held) s.destroy();
      await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(`${inbox.origin}/hooks/dms/x`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(202);
    } finally {
      for (const s of held) s.destroy();
      await inbox.close();
    }
  });

  it('serves HTTPS with the given certificate and, after reloadTls(), the new one; bad files keep the old one', async () => {
    const first = selfSigned(dir, 'first');
    const files = { certFile: path.join(dir, 'inbox.crt'), keyFile: path.join(dir, 'inbox.key') };
    execFileSync('cp', [first.certFile, files.certFile]);
    execFileSync('cp', [first.keyFile, files.keyFile]);
    const inbox = await startInboxListener({ host: '127.0.0.1', port: 0, routes: [okRoute], tls: files });
    try {
      expect(inbox.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const post = (ca: string) =>
        new Promise<number>((resolve, reject) => {
          const req = https.request(`${inbox.origin}/hooks/dms/x`, { method: 'POST', ca }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end('{}');
        });
      expect(await post(readFileSync(first.certFile, 'utf8'))).toBe(202);
      expect(await peerCommonName(portOf(inbox))).toBe('first');

      const second = selfSigned(dir, 'second');
      execFileSync('cp', [second.certFile, files.certFile]);
      execFileSync('cp', [second.keyFile, files.keyFile]);
      inbox.reloadTls();
      expect(await peerCommonName(portOf(inbox))).toBe('second');
      expect(await post(readFileSync(second.certFile, 'utf8'))).toBe(202);

      execFileSync('cp', [first.certFile, files.keyFile]);
      expect(() => inbox.reloadTls()).toThrow();
      expect(await peerCommonName(portOf(inbox))).toBe('second');
    } finally {
      await inbox.close();
    }
  });

  it('cuts a TLS client that never finishes the handshake', async () => {
    const pair = selfSigned(dir, 'handshake');
    const inbox = await startInboxListener({ host: '127.0.0.1', port: 0, routes: [okRoute], tls: pair, timeouts: { headersMs: 400, requestMs: 800 } });
    try {
      const socket = net.connect(portOf(inbox), '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      expect(await closedWithin(socket, 3_000)).toBeLessThan(2_000);
    } finally {
      await inbox.close();
    }
  });

  /** Whether a TLS 1.2 client offering only `ciphers` completes a handshake (and with which suite). */
  const handshake = (port: number, ciphers: string) =>
    new Promise<string>((resolve) => {
      const s = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false, maxVersion: 'TLSv1.2', ciphers }, () => {
        resolve(s.getCipher().standardName);
        s.destroy();
      });
      s.on('error', () => resolve('refused'));
    });

  it('accepts only forward-secret AEAD suites (ECDHE + GCM / ChaCha20) from TLS 1.2 clients', async () => {
    for (const key of ['rsa', 'ec'] as const) {
      const inbox = await startInboxListener({ host: '127.0.0.1', port: 0, routes: [okRoute], tls: selfSigned(dir, `suites-${key}`, key) });
      try {
        const port = portOf(inbox);
        const auth = key === 'rsa' ? 'RSA' : 'ECDSA';
        // No forward secrecy (RSA key exchange), CBC with SHA-1 or SHA-256 MACs.
        for (const weak of ['AES128-SHA', 'AES256-GCM-SHA384', `ECDHE-${auth}-AES128-SHA`, `ECDHE-${auth}-AES256-SHA384`]) {
          expect(await handshake(port, weak), weak).toBe('refused');
        }
        expect(await handshake(port, `ECDHE-${auth}-AES128-GCM-SHA256`)).toBe(`TLS_ECDHE_${auth}_WITH_AES_128_GCM_SHA256`);
        expect(await handshake(port, `ECDHE-${auth}-CHACHA20-POLY1305`)).toBe(`TLS_ECDHE_${auth}_WITH_CHACHA20_POLY1305_SHA256`);
      } finally {
        await inbox.close();
      }
    }
  });

  it('keeps the suite restriction after reloadTls()', async () => {
    const files = selfSigned(dir, 'suites-reload', 'rsa');
    const inbox = await startInboxListener({ host: '127.0.0.1', port: 0, routes: [okRoute], tls: files });
    try {
      inbox.reloadTls();
      expect(await handshake(portOf(inbox), 'ECDHE-RSA-AES128-SHA')).toBe('refused');
      expect(await handshake(portOf(inbox), 'ECDHE-RSA-AES256-GCM-SHA384')).toBe('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384');
    } finally {
      await inbox.close();
    }
  });
});
