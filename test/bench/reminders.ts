/**
 * Approval reminders at scale (`npm run bench`): 10,000 tickets pending approval. Reminders must fire at
 * most 1 s after they are due, the process must sit idle between them (one timer, no polling), and the
 * DMS watcher must still read one ListOrders page per poll when nothing changed. Quiet hours must not
 * slow the intake down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAppServices } from '../../electron/services/app.js';
import { saveConnection } from '../../electron/services/dms/connection.js';
import { dmsTime, startFakeDms } from '../fakes/dms-openapi.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake } from '../fakes/feishu.js';
import { dmsBody, settled, startHarness, waitFor } from '../integration/delivery-harness.js';
import { TEST_VAULT_ENV } from '../integration/test-stores.js';
import { offsetClock } from '../integration/reminders/reminder-world.js';
import type { ReminderConfig } from '../../shared/reminders.js';
import { outboxSql } from '../outbox-sql.js';

type Report = (name: string, value: string, target: string, ok: boolean) => void;

const TICKETS = 10_000;
const APP = 'cli_benchreminders01';
const SECRET = 'bench-reminders-secret';
const CONFIG = JSON.stringify({ firstAfterMinutes: 1, maxReminders: 1 });

/** 1 + 2: due-time accuracy with 10,000 tickets tracked, and CPU while nothing is due. */
async function firingBench(report: Report, quick: boolean): Promise<void> {
  const fake = await startFeishuFake({ apps: [{ appId: APP, secret: SECRET, scopes: [FEISHU_SCOPES.send[0]], users: [{ id: 'approver' }] }] });
  const h = await startHarness({
    channels: { feishu: { baseUrl: fake.baseUrl, appId: APP, secret: SECRET } },
    people: { '3001': { feishu: openIdFor(APP, 'approver') } },
    limits: () => null,
  });
  try {
    const store = h.delivery.outbox.reminders;
    const now = Date.now();
    const due = new Map<string, number>();
    // The rows the intake leaves for pending-approval events under a rule with reminders: most are due
    // hours from now, `soon` of them over the next seconds (a burst every 5 ms).
    const soon = quick ? 500 : 1_000;
    for (let i = 0; i < TICKETS; i++) {
      const taskId = String(500_000 + i);
      const nextAt = i < soon ? now + 2_000 + i * 5 : now + 3 * 60 * 60_000 + i;
      if (i < soon) due.set(taskId, nextAt);
      store.track({ taskId, since: nextAt - 60_000, config: CONFIG, event: JSON.stringify(dmsBody({ taskId })), nextAt });
    }
    h.delivery.reminders.wake();
    const last = Math.max(...due.values());
    await waitFor(() => Date.now() > last + 1_500, 'the reminders to be due', 60_000);
    const fired = outboxSql<[], { task_id: string; received_at: number }>(
      h.delivery.outbox,
      "SELECT task_id, received_at FROM events WHERE source = 'reminder'",
    ).all();
    const late = fired.map((r) => r.received_at - (due.get(r.task_id) ?? Number.NaN)).sort((a, b) => a - b);
    const p = (q: number): number => late[Math.min(late.length - 1, Math.floor(q * late.length))] ?? Number.NaN;
    report(
      `reminders fired (${soon} due within ${((soon * 5) / 1000).toFixed(0)} s, ${TICKETS} tracked)`,
      String(fired.length),
      String(soon),
      fired.length === soon,
    );
    report('reminder lateness p50 / p99 / max', `${p(0.5)} / ${p(0.99)} / ${late.at(-1) ?? Number.NaN} ms`, 'max ≤ 1000 ms', (late.at(-1) ?? Infinity) <= 1000);

    await waitFor(() => settled(h.delivery), 'the reminders to be sent', 120_000);
    // Idle: 9,000 tickets tracked, the next due in hours. One timer, so the process should do nothing.
    const idleMs = quick ? 5_000 : 10_000;
    // Let the last commits' WAL checkpoint and garbage collection pass first.
    await new Promise((r) => setTimeout(r, 2_000));
    const cpu0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, idleMs));
    const cpu = process.cpuUsage(cpu0);
    const share = (cpu.user + cpu.system) / 1000 / idleMs;
    report(`CPU while idle (${TICKETS - soon} tickets waiting, ${idleMs / 1000} s)`, `${(share * 100).toFixed(2)} %`, '< 1 %', share < 0.01);
  } finally {
    await h.close();
    await fake.close();
  }
}

/** 3: the watcher's poll cost does not grow with pending tickets (reminders ask DMS only when one is due). */
async function watcherBench(report: Report): Promise<void> {
  const dms = await startFakeDms({ tid: 4000, keys: [{ id: 'LTAIbench', secret: 'bench-ak-secret-0123456789', actions: '*' }] });
  const dir = mkdtempSync(path.join(tmpdir(), 'cd-bench-reminders-'));
  const s = await createAppServices({ dataDir: dir, mode: 'headless', env: TEST_VAULT_ENV });
  try {
    // Pending tickets submitted over the last week, one every minute (the newest 20 minutes ago).
    for (let i = 0; i < TICKETS; i++) {
      const id = dms.createOrder({ pluginType: 'DATA_EXPORT', statusCode: 'toaudit', committerId: '11', approvers: ['22'] });
      dms.order(id).lastModifyTime = dmsTime(new Date(Date.now() - (20 + i) * 60_000));
      s.delivery.outbox.reminders.track({ taskId: String(id), since: Date.now(), config: CONFIG, event: '{}', nextAt: Date.now() + 3 * 60 * 60_000 });
    }
    await saveConnection(s, {
      region: 'cn-hangzhou',
      tid: 4000,
      accessKeyId: 'LTAIbench',
      accessKeySecret: 'bench-ak-secret-0123456789',
      endpoint: dms.endpoint,
    });
    await s.dms.watcher.pollOnce(); // baseline: records what exists
    const before = dms.requests.length;
    const polls = 3;
    for (let i = 0; i < polls; i++) await s.dms.watcher.pollOnce();
    const calls = dms.requests.slice(before);
    const perPoll = calls.filter((r) => r.action === 'ListOrders').length / polls;
    const others = calls.filter((r) => r.action !== 'ListOrders').length;
    report(
      `watcher, nothing changed (${TICKETS} tickets pending and tracked)`,
      `${perPoll} ListOrders page(s) per poll, ${others} other calls`,
      '1 page, 0 other',
      perPoll === 1 && others === 0,
    );
  } finally {
    await s.vault.delete('dms/accessKeySecret');
    await s.close();
    await dms.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The README's example rule reminders: 3 reminders, an escalation, quiet hours 22:00–08:00 Asia/Shanghai, a digest. */
const README_REMINDERS: ReminderConfig = {
  firstAfterMinutes: 30,
  repeatEveryMinutes: 60,
  maxReminders: 3,
  escalateAfterMinutes: 120,
  escalateTo: ['1002'],
  quietHours: { from: '22:00', to: '08:00', timeZone: 'Asia/Shanghai' },
  digest: { at: '09:00' },
};

/** 4: pending-approval events arriving inside quiet hours (23:00 in Shanghai): intake rate and memory. */
export async function quietHoursIntakeBench(report: Report): Promise<void> {
  const EVENTS = 1_000;
  const fake = await startFeishuFake({ apps: [{ appId: APP, secret: SECRET, scopes: [FEISHU_SCOPES.send[0]], users: [{ id: 'approver' }] }] });
  // Shanghai has no DST: 23:00 there is 15:00 UTC; the next one from now.
  const now = Date.now();
  const day = 24 * 60 * 60_000;
  const elevenPm = Math.ceil((now - 15 * 60 * 60_000) / day) * day + 15 * 60 * 60_000;
  const h = await startHarness({
    channels: { feishu: { baseUrl: fake.baseUrl, appId: APP, secret: SECRET } },
    people: { '3001': { feishu: openIdFor(APP, 'approver') } },
    limits: () => null,
    clock: offsetClock(elevenPm - now),
  });
  try {
    h.settings.update((s) => ({
      ...s,
      rules: [
        {
          module: 'ticket',
          businessType: 'data-export',
          status: 'pending-approval',
          enabled: true,
          additionalUsers: [],
          channels: ['feishu'],
          reminders: README_REMINDERS,
        },
      ],
    }));
    // Only the intake is measured.
    h.delivery.sender.pause();
    h.delivery.intake.accept(dmsBody(), { source: 'api' }); // warm-up
    const rss0 = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < EVENTS; i++) h.delivery.intake.accept(dmsBody(), { source: 'api' });
    const rate = EVENTS / ((performance.now() - t0) / 1000);
    const cpu = process.cpuUsage(cpu0);
    const growthMb = (process.memoryUsage().rss - rss0) / 1024 / 1024;
    const tracked = outboxSql<[], { n: number }>(h.delivery.outbox, 'SELECT COUNT(*) AS n FROM reminder_tickets').get()?.n ?? 0;
    report(`intake inside quiet hours (${EVENTS} events, README reminders, ${tracked} tracked)`, `${rate.toFixed(0)} events/s`, '≥ 500 events/s', rate >= 500);
    // CPU time is what the intake costs whatever else the machine runs.
    report('CPU per event (intake, quiet hours)', `${((cpu.user + cpu.system) / 1000 / EVENTS).toFixed(2)} ms`, 'informational', true);
    report('RSS growth over that intake', `${growthMb.toFixed(1)} MB`, '< 50 MB', growthMb < 50);
  } finally {
    await h.close();
    await fake.close();
  }
}

export async function reminderBench(report: Report, quick: boolean): Promise<void> {
  await quietHoursIntakeBench(report);
  await firingBench(report, quick);
  await watcherBench(report);
}
