import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SIGNING_SECRET_KEY } from '../../electron/services/delivery/inbox/hook-route.js';
import { signedHeaders } from '../../electron/services/delivery/inbox/signature.js';
import { dmsBody, type Harness } from './delivery-harness.js';
import { startInboxWorld, type InboxWorld } from './inbox-world.js';
import { outboxSql } from '../outbox-sql.js';

const APP = 'cli_signed0123456789';
const SIGNING = 'signing-secret-for-replay-tests';

let world: InboxWorld;
let h: Harness;
let base: string;

beforeAll(async () => {
  world = await startInboxWorld(APP, 'feishu-secret-signed-01');
  ({ h, base } = world);
});

afterAll(() => world.close());

beforeEach(async () => {
  await h.vault.set(SIGNING_SECRET_KEY, SIGNING);
  h.settings.update((s) => ({ ...s, inbox: { ...s.inbox, requireSignature: true } }));
});
afterEach(async () => {
  h.settings.update((s) => ({ ...s, inbox: { ...s.inbox, requireSignature: false } }));
  await h.vault.delete(SIGNING_SECRET_KEY);
});

const inboxUrl = () => `${base}/hooks/dms/${h.delivery.inboxToken()}`;

async function post(body: string, headers: Record<string, string>) {
  const res = await fetch(inboxUrl(), { method: 'POST', body, headers: { 'content-type': 'application/json', 'dms-event': 'Message Hook', ...headers } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const eventCount = () => (outboxSql(h.delivery.outbox, 'SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;

describe('signed webhooks (timestamp.idempotency-key.body)', () => {
  it('a captured signed request replayed with another Idempotency-Key is refused, so it cannot claim the key of a later event', async () => {
    const captured = JSON.stringify(dmsBody());
    const headers = signedHeaders(SIGNING, captured, { idempotencyKey: 'order-1-approved' });
    expect((await post(captured, headers)).status).toBe(202);

    const before = eventCount();
    const hijack = await post(captured, { ...headers, 'idempotency-key': 'order-2-approved' });
    expect(hijack.status).toBe(401);
    expect(eventCount()).toBe(before);

    const later = JSON.stringify(dmsBody());
    const genuine = await post(later, signedHeaders(SIGNING, later, { idempotencyKey: 'order-2-approved' }));
    expect(genuine.status).toBe(202);
    expect(genuine.json.duplicate).toBe(false);
  });

  it('refuses an unsigned request, which therefore cannot pre-register an Idempotency-Key', async () => {
    const junk = JSON.stringify(dmsBody());
    expect((await post(junk, { 'idempotency-key': 'order-3-approved' })).status).toBe(401);
    const later = JSON.stringify(dmsBody());
    expect((await post(later, signedHeaders(SIGNING, later, { idempotencyKey: 'order-3-approved' }))).status).toBe(202);
  });

  it('accepts a timestamp up to 5 minutes off and refuses older, newer, missing or malformed ones', async () => {
    const body = () => JSON.stringify(dmsBody());
    const at = (offsetMs: number) => {
      const b = body();
      return post(b, signedHeaders(SIGNING, b, { nowMs: Date.now() + offsetMs }));
    };
    expect((await at(-4 * 60_000)).status).toBe(202);
    expect((await at(4 * 60_000)).status).toBe(202);
    const stale = await at(-6 * 60_000);
    expect(stale.status).toBe(401);
    expect(JSON.stringify(stale.json)).toContain('more than 5 minutes');
    expect((await at(6 * 60_000)).status).toBe(401);

    const b = body();
    const { 'x-channel-desk-timestamp': _ts, ...noTimestamp } = signedHeaders(SIGNING, b);
    expect((await post(b, noTimestamp)).status).toBe(401);
    expect((await post(b, { ...signedHeaders(SIGNING, b), 'x-channel-desk-timestamp': 'yesterday' })).status).toBe(401);
  });

  it('a body-only signature (the old scheme) is refused', async () => {
    const b = JSON.stringify(dmsBody());
    const { createHmac } = await import('node:crypto');
    const bodyOnly = `sha256=${createHmac('sha256', SIGNING).update(b).digest('hex')}`;
    const ts = String(Math.floor(Date.now() / 1000));
    expect((await post(b, { 'x-channel-desk-timestamp': ts, 'x-channel-desk-signature': bodyOnly })).status).toBe(401);
  });

  it("runs README's openssl/curl example exactly as written and the event is stored under its key", async () => {
    const readme = readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8');
    // README.md's "Signed webhooks" section: its sh block, as written.
    const section = readme.slice(readme.indexOf('#### Signed webhooks'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toContain('X-Channel-Desk-Signature');
    expect(block).toBeDefined();
    const dir = mkdtempSync(path.join(tmpdir(), 'cd-readme-sign-'));
    try {
      writeFileSync(path.join(dir, 'event.json'), `${JSON.stringify(dmsBody(), null, 2)}\n`);
      const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', block!], {
        cwd: dir,
        env: { PATH: process.env.PATH, SECRET: SIGNING, INBOX_URL: inboxUrl() },
      });
      const answer = JSON.parse(stdout) as { eventId: string; duplicate: boolean };
      expect(answer.duplicate).toBe(false);
      const row = outboxSql(h.delivery.outbox, 'SELECT idempotency_key AS k FROM events WHERE id = ?').get(answer.eventId) as { k: string };
      expect(row.k).toBe('order-4711-pending-approval');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
