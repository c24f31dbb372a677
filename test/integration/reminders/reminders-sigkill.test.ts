import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../../electron/services/app.js';
import type { FakeServer } from '../../fakes/common.js';
import type { FakeDms } from '../../fakes/dms-openapi.js';
import { openIdFor } from '../../fakes/feishu.js';
import { settled, waitFor } from '../delivery-harness.js';
import { APP, configure, startWorld } from './reminder-world.js';
import { TEST_VAULT_ENV } from '../test-stores.js';

// These tests SIGKILL the app: with the encrypted-file vault, so a process killed in the middle of a D-Bus call
// cannot disturb the session keyring that other test files use at the same time (this file runs in its own process).
Object.assign(process.env, TEST_VAULT_ENV);

let dir: string | undefined;
let services: AppServices | undefined;
let world: { feishu: FakeServer; dms: FakeDms } | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  services = await createAppServices({ dataDir: dir!, mode: 'headless' });
  await services.vault.delete('dms/accessKeySecret');
  await services.vault.delete('channel/feishu/appSecret');
  await services.close();
  await world?.dms.close();
  await world?.feishu.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Node itself with tsx's loader, one process: the tsx CLI would run the app in a child of its own that
// a SIGKILL of the wrapper leaves running.
const TSX_LOADER = path.resolve(import.meta.dirname, '../../../node_modules/tsx/dist/esm/index.mjs');

/** Starts the services in a child process; resolves once they run. */
async function startChild(offsetMs: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', pathToFileURL(TSX_LOADER).href, path.join(import.meta.dirname, 'reminder-child.ts')], {
    env: { ...process.env, DATA_DIR: dir, CLOCK_OFFSET_MS: String(offsetMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
  return child;
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  child.stdout?.destroy();
}

const reminders = (f: FakeServer) => f.delivered.filter((m) => JSON.stringify(m.content).includes('仍在等待您审批'));

it('a reminder survives SIGKILL and restart, and fires exactly once', async () => {
  world = await startWorld();
  dir = mkdtempSync(path.join(tmpdir(), 'cd-reminders-kill-'));
  services = await createAppServices({ dataDir: dir, mode: 'headless' });
  const s = services;
  await configure(s, world, { firstAfterMinutes: 1, maxReminders: 1 });
  s.delivery.start();
  await s.dms.watcher.pollNow();
  const orderId = world.dms.createOrder({ pluginType: 'DATA_EXPORT', committerId: '11', comment: 'Export orders' });
  world.dms.setApprovers(orderId, ['22']);
  world.dms.setStatus(orderId, 'toaudit');
  await s.dms.watcher.pollNow();
  await waitFor(() => settled(s.delivery) && world!.feishu.delivered.length === 1, 'the pending-approval message');
  await s.close();
  services = undefined;

  // Killed before the reminder is due: nothing sent.
  await killHard(await startChild(0));
  expect(reminders(world.feishu)).toHaveLength(0);

  // Restarted a minute later: the reminder goes, once; killed again right after it went.
  const second = await startChild(61_000);
  await waitFor(() => reminders(world!.feishu).length === 1, 'the reminder after restart', 20_000);
  await killHard(second);

  // A third start finds nothing left to send.
  const third = await startChild(5 * 60_000);
  await new Promise((r) => setTimeout(r, 3_000));
  await killHard(third);
  expect(reminders(world.feishu)).toHaveLength(1);
  expect(reminders(world.feishu)[0]?.recipient).toBe(openIdFor(APP, 'ou-alice'));
}, 60_000);
