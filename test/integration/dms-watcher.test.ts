import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DmsEventInput } from '../../shared/events/dms-event.js';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { saveConnection } from '../../electron/services/dms/connection.js';
import { WatchStore } from '../../electron/services/dms/watch-store.js';
import { DmsWatcher, type DmsWatcherOptions } from '../../electron/services/dms/watcher.js';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import { startFakeDms, type FakeDms } from '../fakes/dms-openapi.js';
import { FEISHU_SCOPES, startFeishuFake } from '../fakes/feishu.js';

const SECRET = 'watcher-secret-0123456789';

/** Records every hand-over; duplicates are NOT filtered, so a watcher that repeats itself fails. */
class RecordingIntake {
  readonly calls: { event: DmsEventInput; key: string | undefined }[] = [];
  accept(event: unknown, opts: { source: string; idempotencyKey?: string }) {
    this.calls.push({ event: event as DmsEventInput, key: opts.idempotencyKey });
    return { eventId: String(this.calls.length), duplicate: false, deliveries: 1 };
  }
  statuses(orderId: number): string[] {
    return this.calls.filter((c) => String(c.event.taskId) === String(orderId)).map((c) => c.event.event);
  }
}

let dir: string;
let services: AppServices;
let fake: FakeDms;
let stores: WatchStore[];
let timers: { ms: number }[];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-watch-'));
  services = await createAppServices({ dataDir: dir, mode: 'cli' });
  fake = await startFakeDms({
    tid: 3000,
    keys: [{ id: 'LTAIwatch', secret: SECRET, actions: '*' }],
    users: [
      { userId: '11', uid: '200000000000011', nickName: 'Sam Submitter', mobile: '13800000011', email: 'sam@example.com' },
      { userId: '22', uid: '200000000000022', nickName: 'Alice Approver', mobile: '13800000022', email: 'alice@example.com' },
    ],
  });
  await saveConnection(services, {
    region: 'cn-hangzhou',
    tid: 3000,
    accessKeyId: 'LTAIwatch',
    accessKeySecret: SECRET,
    endpoint: fake.endpoint,
    pollSeconds: 60,
  });
  stores = [];
  timers = [];
});

afterEach(async () => {
  for (const s of stores) s.close();
  await fake.close();
  await services.vault.delete('dms/accessKeySecret');
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

function watcher(intake: RecordingIntake, opts: DmsWatcherOptions = {}): DmsWatcher {
  const store = WatchStore.open(dir);
  stores.push(store);
  // Polls are driven by hand; the timer only records the delay the watcher asked for.
  const setTimer = (_fn: () => void, ms: number) => {
    timers.push({ ms });
    return () => {};
  };
  return new DmsWatcher(
    { settings: services.settings, vault: services.vault, intake, directory: services.directory, store: () => store },
    { setTimer, timeoutMs: 3000, ...opts },
  );
}

describe('DMS watcher against the fake DMS', () => {
  it('reports new → toaudit → approved exactly once per status, with approvers and users resolved', async () => {
    const intake = new RecordingIntake();
    const w = watcher(intake);
    const base = await w.pollNow();
    expect(base).toMatchObject({ baseline: true, emitted: 0 });

    const id = fake.createOrder({ pluginType: 'DATA_EXPORT', committerId: '11', comment: 'export orders table' });
    await w.pollNow();
    await w.pollNow(); // nothing changed: nothing new
    fake.setApprovers(id, ['22']);
    fake.setStatus(id, 'toaudit');
    await w.pollNow();
    await w.pollNow();
    fake.setStatus(id, 'approved');
    await w.pollNow();
    expect(intake.statuses(id)).toEqual(['new', 'Pending Approval', 'Approved']);
    expect(intake.calls.map((c) => c.key)).toEqual([`dms:${id}:new`, `dms:${id}:toaudit`, `dms:${id}:approved`]);

    const pending = intake.calls[1]?.event;
    expect(pending).toMatchObject({
      category: 'Ticket',
      module: 'Data Exporting',
      submitterUid: '200000000000011',
      submitterName: 'Sam Submitter',
      taskId: String(id),
      targetUsers: [{ uid: '200000000000022', name: 'Alice Approver' }],
    });
    // The approvers' and submitter's contact data went into the users directory.
    expect(services.directory.list().users).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ uid: '200000000000022', name: 'Alice Approver', mobile: '13800000022', email: 'alice@example.com' }),
        expect.objectContaining({ uid: '200000000000011', mobile: '13800000011' }),
      ]),
    );
    const status = w.status();
    expect(status.counts).toMatchObject({ eventsEmitted: 3, errors: 0 });
    expect(status.lastError).toBeNull();
    expect(status.recentEvents[0]).toMatchObject({ orderId: String(id), statusCode: 'approved', known: true });
    // Every ListOrders asked for the tenant-wide modify-time window.
    const lists = fake.requests.filter((r) => r.action === 'ListOrders');
    expect(lists.every((r) => r.params.OrderResultType === 'AS_ADMIN' && r.params.SearchDateType === 'MODIFY_TIME' && r.params.Tid === '3000')).toBe(true);
  });

  it('shows only its own problems: a channel whose lookups fail is not reported as a watcher error', async () => {
    const feishu = await startFeishuFake({
      apps: [{ appId: 'cli_watch0123456789ab', secret: 'right-secret-0123456789', scopes: [FEISHU_SCOPES.lookup], users: [] }],
    });
    try {
      const handlers = createHandlers(services);
      await dispatch(
        handlers,
        'channels.save',
        {
          channel: 'feishu',
          region: 'cn-hangzhou',
          values: { appId: 'cli_watch0123456789ab' },
          secrets: { appSecret: 'wrong-secret-0123456789' },
          baseUrls: { apiBaseUrl: feishu.baseUrl },
        },
        { transport: 'http' },
      );
      await dispatch(handlers, 'channels.setEnabled', { channel: 'feishu', enabled: true }, { transport: 'http' });
      const w = watcher(new RecordingIntake());
      await w.pollNow();
      const id = fake.createOrder({ pluginType: 'DATA_EXPORT', committerId: '11' });
      fake.setApprovers(id, ['22']);
      fake.setStatus(id, 'toaudit');

      const summary = await w.pollNow();
      // The lookup ran and failed (10014): the channel's health says so; the watcher did its job.
      expect(services.directory.list().users.find((u) => u.uid === '200000000000022')?.resolutions.feishu?.status).toBe('error');
      expect(summary).toMatchObject({ emitted: 1, warnings: [] });
      expect(w.status()).toMatchObject({ failures: 0, lastError: null });
    } finally {
      await feishu.close();
    }
  });

  it('notifies again when a ticket re-enters a status after leaving it (resubmitted after rejection), each with its own key', async () => {
    const intake = new RecordingIntake();
    const w = watcher(intake);
    await w.pollNow();
    const id = fake.createOrder({ pluginType: 'DATA_EXPORT', committerId: '11', statusCode: 'toaudit', approvers: ['22'] });
    await w.pollNow();
    fake.setStatus(id, 'reject');
    await w.pollNow();
    fake.setStatus(id, 'toaudit');
    await w.pollNow();
    await w.pollNow(); // still pending: nothing new
    expect(intake.statuses(id)).toEqual(['Pending Approval', 'Rejected', 'Pending Approval']);
    const keys = intake.calls.map((c) => c.key);
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]).toBe(`dms:${id}:toaudit`);

    // A restart keeps that memory: the pending ticket is not reported a fourth time.
    await w.close();
    stores.pop()?.close();
    const after = new RecordingIntake();
    await watcher(after).pollNow();
    expect(after.calls).toEqual([]);
  });

  it('does not repeat an event after a restart, and reports what changed while it was down', async () => {
    const first = new RecordingIntake();
    const w1 = watcher(first);
    await w1.pollNow();
    const id = fake.createOrder({ pluginType: 'PERM_APPLY', committerId: '11', statusCode: 'toaudit', approvers: ['22'] });
    await w1.pollNow();
    expect(first.statuses(id)).toEqual(['Pending Approval']);
    await w1.close();
    stores.pop()?.close();

    const second = new RecordingIntake();
    const w2 = watcher(second);
    const again = await w2.pollNow();
    expect(again).toMatchObject({ baseline: false, emitted: 0 });
    expect(second.calls).toEqual([]);
    fake.setStatus(id, 'reject');
    await w2.pollNow();
    expect(second.statuses(id)).toEqual(['Rejected']);
  });

  it('reads every page', async () => {
    const intake = new RecordingIntake();
    const w = watcher(intake, { pageSize: 3 });
    await w.pollNow();
    const ids = Array.from({ length: 8 }, () => fake.createOrder({ pluginType: 'DC_COMMON', committerId: '11', statusCode: 'processing' }));
    const summary = await w.pollNow();
    expect(summary).toMatchObject({ ordersSeen: 8, emitted: 8, truncated: false });
    expect(new Set(intake.calls.map((c) => c.event.taskId))).toEqual(new Set(ids.map(String)));
    const pages = fake.requests
      .filter((r) => r.action === 'ListOrders')
      .slice(-3)
      .map((r) => r.params.PageNumber);
    expect(pages).toEqual(['1', '2', '3']);
  });

  it('backs off on throttling and recovers', async () => {
    const intake = new RecordingIntake();
    const w = watcher(intake);
    w.start();
    await w.pollNow(); // baseline
    expect(timers.at(-1)?.ms).toBe(60_000);
    const id = fake.createOrder({ pluginType: 'NDDL', committerId: '11', statusCode: 'toaudit', approvers: ['22'] });

    fake.throttleNext(2, 'ListOrders');
    expect(await w.pollNow()).toBeNull();
    expect(w.status()).toMatchObject({ failures: 1, lastError: { code: 'Throttling.User' } });
    expect(timers.at(-1)?.ms).toBe(120_000);
    await w.pollNow();
    expect(timers.at(-1)?.ms).toBe(240_000);
    expect(intake.calls).toEqual([]);

    await w.pollNow();
    expect(w.status()).toMatchObject({ failures: 0, lastError: null, running: true });
    expect(timers.at(-1)?.ms).toBe(60_000);
    expect(intake.statuses(id)).toEqual(['Pending Approval']);
    await w.stop();
    expect(w.status()).toMatchObject({ running: false, nextPollAt: null });
  });

  it('caps the backoff', async () => {
    const w = watcher(new RecordingIntake(), { maxBackoffMs: 300_000 });
    w.start();
    fake.failNext(6, 503, { Code: 'ServiceUnavailable', Message: 'down' });
    for (let i = 0; i < 6; i++) await w.pollNow();
    expect(w.status().failures).toBe(6);
    expect(timers.at(-1)?.ms).toBe(300_000);
    expect(w.status().lastError?.message.en).toMatch(/internal problem/);
    await w.stop();
  });

  it('keeps unknown PluginType and StatusCode values and still delivers them', async () => {
    const intake = new RecordingIntake();
    const w = watcher(intake);
    await w.pollNow();
    fake.createOrder({ pluginType: 'SAAS_DB_MOVE', committerId: '11', statusCode: 'waiting_x' });
    await w.pollNow();
    expect(intake.calls[0]?.event).toMatchObject({ category: 'Ticket', module: 'SAAS_DB_MOVE', event: 'waiting_x' });
    expect(w.status().recentEvents[0]).toMatchObject({ known: false, pluginType: 'SAAS_DB_MOVE' });
  });

  it('still reports a pending approval when RAM denies the detail calls, and says so', async () => {
    await fake.close();
    fake = await startFakeDms({ tid: 3000, keys: [{ id: 'LTAIwatch', secret: SECRET, actions: ['ListOrders'] }] });
    // A new endpoint needs the AccessKey secret again (issue 10).
    await saveConnection(services, { endpoint: fake.endpoint, accessKeySecret: SECRET });
    const intake = new RecordingIntake();
    const w = watcher(intake);
    await w.pollNow();
    fake.createOrder({ pluginType: 'DATA_EXPORT', committerId: '11', statusCode: 'toaudit', approvers: ['22'] });
    await w.pollNow();
    expect(intake.calls).toHaveLength(1);
    expect(intake.calls[0]?.event.submitterUid).toBe('11');
    expect(w.status().lastError).toMatchObject({ code: 'Forbidden.RAM' });
  });
});
