/**
 * Crash safety: a headless instance receiving webhook events is SIGKILLed at random moments and
 * restarted, several times; every event it accepted (202/200) is delivered in the end, exactly once
 * per recipient. Runs against the built app (`npm run build` first), with the encrypted-file vault.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { dedupKeyFor } from '../../electron/services/delivery/outbox/outbox.js';
import { startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { expect, test } from './fixtures.js';

const ROOT = resolve(import.meta.dirname, '../..');
const APP = 'cli_crash0a1b2c3d4e5';
const SECRET = 'crash-test-app-secret';
const PEOPLE = ['5001', '5002', '5003'];
const ROUNDS = 5;
/** Bounded load: Feishu allows 5 messages a second to one person, and the same 3 people get them all. */
const MAX_EVENTS = 150;

interface Instance {
  child: ChildProcessWithoutNullStreams;
  port: number;
  token: string;
  hookUrl: string;
}

async function startInstance(dataDir: string): Promise<Instance> {
  // stdout is a pipe, so serve prints the token redacted; the full one is in the 0600 token file.
  const tokenFile = `${dataDir}.token.json`;
  const child = spawn(process.execPath, ['bin/channel-desk.js', 'serve', '--port', '0', '--data-dir', dataDir, '--token-file', tokenFile], {
    cwd: ROOT,
    env: { ...process.env, CHANNEL_DESK_VAULT: 'file', CHANNEL_DESK_VAULT_PASSPHRASE: 'crash-test-passphrase' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (d: string) => output.push(d));
  const lines = createInterface({ input: child.stdout });
  return new Promise<Instance>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready:\n${output.join('')}`)), 30_000);
    let ready: { port: number; token: string } | undefined;
    lines.on('line', (line) => {
      output.push(`${line}\n`);
      if (!ready) {
        ready = JSON.parse(readFileSync(tokenFile, 'utf8')) as { port: number; token: string };
        return;
      }
      // The printed inbox URL is redacted on a pipe too: the full one comes from the API, as the Settings page shows it.
      if (line.startsWith('DMS webhook inbox: ')) {
        clearTimeout(timer);
        const { port, token } = ready;
        void fetch(`http://127.0.0.1:${port}/api/inbox.get`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: '{}',
        })
          .then(async (res) => ((await res.json()) as { url: string }).url)
          .then((hookUrl) => resolveReady({ child, port, token, hookUrl }), reject);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code ?? signal}:\n${output.join('')}`));
    });
  });
}

async function call<T>(inst: Instance, method: string, input: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${inst.port}/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${inst.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} → ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

const kill = (inst: Instance) =>
  new Promise<void>((r) => {
    if (inst.child.exitCode !== null || inst.child.signalCode !== null) return r();
    inst.child.once('exit', () => r());
    inst.child.kill('SIGKILL');
  });

let fake: FakeServer;
let dataDir: string;
test.beforeEach(async () => {
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
  dataDir = mkdtempSync(join(tmpdir(), 'channel-desk-crash-'));
});
test.afterEach(async () => {
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('SIGKILL at random moments while receiving: every accepted event is delivered once, none lost', async () => {
  test.setTimeout(240_000);
  let inst = await startInstance(dataDir);
  await call(inst, 'channels.save', {
    channel: 'feishu',
    region: 'cn-hangzhou',
    values: { appId: APP },
    secrets: { appSecret: SECRET },
    baseUrls: { apiBaseUrl: fake.baseUrl },
  });
  await call(inst, 'channels.setEnabled', { channel: 'feishu', enabled: true });
  for (const uid of PEOPLE) await call(inst, 'users.upsert', { user: { uid, name: `P${uid}`, email: `${uid}@example.com` } });
  await call(inst, 'users.resolve', {});

  const accepted = new Set<string>();
  let seq = 0;
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) inst = await startInstance(dataDir);
    const current = inst;
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
          const res = await fetch(current.hookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'dms-event': 'Message Hook' }, body });
          const answer = (await res.json()) as { eventId?: string };
          if ((res.status === 202 || res.status === 200) && answer.eventId) accepted.add(answer.eventId);
        } catch {
          // Killed mid-request: not acknowledged, so DMS would send it again; it does not count.
        }
        await new Promise((r) => setTimeout(r, 15));
      }
    });
    await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 900)));
    await kill(current);
    alive = false;
    await Promise.all(posters);
  }

  expect(accepted.size).toBeGreaterThan(10);
  inst = await startInstance(dataDir);
  try {
    await expect
      .poll(
        async () => {
          const status = await call<{ counts: Record<string, number> }>(inst, 'sender.status', {});
          return status.counts['queued']! + status.counts['sending']! + status.counts['retrying']!;
        },
        { timeout: 90_000, intervals: [500] },
      )
      .toBe(0);
    for (const eventId of accepted) {
      const { deliveries } = await call<{ deliveries: { state: string; recipientUid: string }[] }>(inst, 'sender.deliveries', { eventId });
      expect(deliveries.map((d) => d.state)).toEqual(['sent', 'sent', 'sent']);
    }
    // At the platform: each accepted (event, person) arrived, and no uuid twice.
    const keys = fake.delivered.map((m) => m.dedupKey);
    expect(new Set(keys).size).toBe(keys.length);
    const delivered = new Set(keys);
    for (const eventId of accepted) for (const uid of PEOPLE) expect(delivered.has(dedupKeyFor(eventId, 'feishu', uid))).toBe(true);
  } finally {
    await kill(inst);
  }
});
