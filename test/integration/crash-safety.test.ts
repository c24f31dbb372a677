/**
 * Crash safety: a headless instance receiving webhook events is SIGKILLed at random moments and restarted,
 * several times; every event it accepted (202/200) is delivered in the end, exactly once per recipient.
 * `channel-desk serve` runs from the sources as a real process (no build, no browser), on the test lane's vault.
 */
import { feishuReadyVia } from '../fixtures/feishu-channel.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { dedupKeyFor } from '../../electron/services/delivery/outbox/outbox.js';
import { startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { testUiDir } from '../fixtures/cli-run.js';
import { ServerProcess } from '../fixtures/serve-process.js';
import { waitFor } from '../fixtures/wait-for.js';

const APP = 'cli_crash0a1b2c3d4e5';
const SECRET = 'crash-test-app-secret';
const PEOPLE = ['5001', '5002', '5003'];
const ROUNDS = 5;
/** Bounded load: Feishu allows 5 messages a second to one person, and the same 3 people get them all. */
const MAX_EVENTS = 150;

let fake: FakeServer;
let dir: string;
let server: ServerProcess;

beforeEach(async () => {
  fake = await startFeishuFake({
    apps: [
      {
        appId: APP,
        secret: SECRET,
        scopes: ['im:message', 'contact:user.id:readonly'],
        users: PEOPLE.map((uid) => ({ id: `u${uid}`, email: `${uid}@example.com` })),
      },
    ],
  });
  dir = mkdtempSync(path.join(tmpdir(), 'channel-desk-crash-'));
  server = new ServerProcess(path.join(dir, 'data'), { fromSources: { uiDir: testUiDir(dir) } });
});
afterEach(async () => {
  await server.kill();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call<T>(method: string, input: unknown): Promise<T> {
  const { port, token } = server.info;
  const res = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} → ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

it('SIGKILL at random moments while receiving: every accepted event is delivered once, none lost', { timeout: 240_000 }, async () => {
  await server.start();
  await feishuReadyVia(call, fake.baseUrl, APP, SECRET);
  for (const uid of PEOPLE) await call('users.upsert', { user: { uid, name: `P${uid}`, email: `${uid}@example.com` } });
  await call('users.resolve', {});

  const accepted = new Set<string>();
  let seq = 0;
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) await server.start();
    // The inbox URL (its path token is a secret: the printed one is redacted on a pipe) as the Settings page shows it.
    const { url: hookUrl } = await call<{ url: string }>('inbox.get', {});
    // The kill comes after a random number of accepted events (not after a fixed time), while two senders keep posting.
    const killAfter = accepted.size + 3 + Math.floor(Math.random() * 20);
    let alive = true;
    const posters = Array.from({ length: 2 }, async () => {
      while (alive && seq < MAX_EVENTS) {
        seq += 1;
        const body = JSON.stringify({
          submitterUid: '2001',
          category: 'Ticket',
          module: 'Data Exporting',
          event: 'Pending Approval',
          taskId: String(700_000 + seq),
          eventTime: '2026-11-27 10:00:00',
          targetUsers: PEOPLE.map((uid) => ({ uid, name: '' })),
        });
        try {
          const res = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'dms-event': 'Message Hook' }, body });
          const answer = (await res.json()) as { eventId?: string };
          if ((res.status === 202 || res.status === 200) && answer.eventId) accepted.add(answer.eventId);
        } catch {
          // Killed mid-request: not acknowledged, so DMS would send it again; it does not count.
        }
      }
    });
    await waitFor(() => accepted.size >= killAfter || seq >= MAX_EVENTS, 'events accepted before the kill', 60_000);
    await server.kill();
    alive = false;
    await Promise.all(posters);
  }

  expect(accepted.size).toBeGreaterThan(10);
  await server.start();
  await waitFor(
    async () => {
      const { counts } = await call<{ counts: Record<string, number> }>('sender.status', {});
      return counts['queued']! + counts['sending']! + counts['retrying']! === 0;
    },
    'every accepted event to be delivered',
    120_000,
  );
  for (const eventId of accepted) {
    const { deliveries } = await call<{ deliveries: { state: string; recipientUid: string }[] }>('sender.deliveries', { eventId });
    expect(deliveries.map((d) => d.state)).toEqual(['sent', 'sent', 'sent']);
  }
  // At the platform: each accepted (event, person) arrived, and no uuid twice.
  const keys = fake.delivered.map((m) => m.dedupKey);
  expect(new Set(keys).size).toBe(keys.length);
  const delivered = new Set(keys);
  for (const eventId of accepted) for (const uid of PEOPLE) expect(delivered.has(dedupKeyFor(eventId, 'feishu', uid))).toBe(true);
});
