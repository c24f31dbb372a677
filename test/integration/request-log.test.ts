import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRequestLog } from '../../electron/services/net/request-log.js';
import { SIGNING_SECRET_KEY } from '../../electron/services/delivery/inbox/hook-route.js';
import { startInboxListener, type InboxListener } from '../../electron/services/delivery/inbox/listener.js';
import { signedHeaders } from '../../electron/services/delivery/inbox/signature.js';
import { dmsBody, FAST_RETRY, startHarness, type Harness } from './delivery-harness.js';

let h: Harness;
let inbox: InboxListener;
const lines: string[] = [];
const log = createRequestLog({ write: (l) => lines.push(l), windowMs: 60_000 });

beforeAll(async () => {
  h = await startHarness({ channels: {}, people: {}, retry: FAST_RETRY });
  inbox = await startInboxListener({ host: '127.0.0.1', port: 0, routes: [h.delivery.hookRoute], requestLog: log });
});
afterAll(async () => {
  log.close();
  await inbox.close();
  await h.close();
});

const hookUrl = (token = h.delivery.inboxToken()) => `${inbox.origin}/hooks/dms/${token}`;
const post = (body: string, headers: Record<string, string> = {}, url = hookUrl()) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'dms-event': 'Message Hook', ...headers } });

describe('SQLite write errors', () => {
  it('an extended code (SQLITE_IOERR_WRITE) answers a clear localized 507, not a bare 500, and is logged with its code', async () => {
    const spy = vi.spyOn(Database.prototype, 'transaction').mockImplementation(() => {
      throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE');
    });
    try {
      const res = await post(JSON.stringify(dmsBody()));
      expect(res.status).toBe(507);
      const body = (await res.json()) as { error: { code: string; message: { en: string; zh: string }; fix: { en: string } } };
      expect(body.error.code).toBe('SETTINGS_UNWRITABLE');
      expect(body.error.message.en).toContain('SQLITE_IOERR_WRITE');
      expect(body.error.message.zh).toContain('无法写入');
      expect(body.error.fix.en).toContain('data folder');
      await vi.waitFor(() => expect(lines.some((l) => l.startsWith('failed 507') && l.includes('SQLITE_IOERR_WRITE'))).toBe(true));
    } finally {
      spy.mockRestore();
    }
  });
});

describe('refused requests', () => {
  it('logs the first of each kind in full and counts the repeats, without the inbox token', async () => {
    lines.length = 0;
    const token = h.delivery.inboxToken();
    await h.vault.set(SIGNING_SECRET_KEY, 'request-log-signing-secret');
    h.settings.update((s) => ({ ...s, inbox: { ...s.inbox, requireSignature: true } }));
    try {
      for (let i = 0; i < 20; i += 1) expect((await post('{}', {}, hookUrl('w'.repeat(32)))).status).toBe(404);
      const body = JSON.stringify(dmsBody());
      for (let i = 0; i < 5; i += 1) expect((await post(body, signedHeaders('another-secret-12345', body))).status).toBe(401);
      await new Promise((r) => setTimeout(r, 50));
      log.flush();
      const detail404 = lines.filter((l) => l.startsWith('refused 404 NOT_FOUND'));
      const detail401 = lines.filter((l) => l.startsWith('refused 401 UNAUTHORIZED'));
      expect(detail404).toHaveLength(1);
      expect(detail401).toHaveLength(1);
      expect(detail401[0]).toContain('signature does not match');
      const summary = lines.find((l) => l.startsWith('refused/failed requests repeated'))!;
      expect(summary).toContain('404 NOT_FOUND ×19');
      expect(summary).toContain('401 UNAUTHORIZED ×4');
      expect(summary).toContain('in the last 60 s');
      expect(lines.join('\n')).not.toContain(token);
      expect(lines.join('\n')).not.toContain('w'.repeat(32));
    } finally {
      h.settings.update((s) => ({ ...s, inbox: { ...s.inbox, requireSignature: false } }));
      await h.vault.delete(SIGNING_SECRET_KEY);
    }
  });
});
