/**
 * Issue 17, item 4: "Send this event for real" from the rule simulator is a test. It reaches the people
 * the simulator listed as reachable and only the group chats the admin ticked, says it is a test, leaves
 * people already known to be unreachable as notes (no dead letters), and starts no reminders or digest.
 */
import { feishuReadyVia } from '../fixtures/feishu-channel.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { waitFor } from '../fixtures/wait-for.js';
import { TEST_VAULT_ENV } from './test-stores.js';

const APP = 'cli_testsend0a1b2c3d4';
const SECRET = 'test-send-Secret-0123456789';
const DBA = 'oc_dba0testsend000000000000000001';
const OPS = 'oc_ops0testsend000000000000000002';

describe('a test send from the rule simulator', () => {
  let dataDir: string;
  let app: AppServices;
  let fake: FakeServer;
  const call = async <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
    (await dispatch(createHandlers(app), m, input, { transport: 'http' })) as MethodOutput<M>;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cd-testsend-'));
    app = await createAppServices({
      dataDir,
      mode: 'cli',
      env: TEST_VAULT_ENV,
      delivery: { retry: { baseMs: 20, maxMs: 100, maxFailures: 2, maxAttempts: 5 } },
    });
    fake = await startFeishuFake({
      apps: [
        {
          appId: APP,
          secret: SECRET,
          scopes: [FEISHU_SCOPES.lookup, FEISHU_SCOPES.send[0], FEISHU_SCOPES.chats[0]],
          users: [{ id: 'u1', email: 'alice@example.com' }],
          chats: [
            { chatId: DBA, name: 'DBA approvals' },
            { chatId: OPS, name: 'Ops on call' },
          ],
        },
      ],
    });
    await feishuReadyVia(call, fake.baseUrl, APP, SECRET);
    await call('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
    // Bob is in Users but not on Feishu: known to be unreachable once looked up.
    await call('users.upsert', { user: { uid: '3002', name: 'Bob', email: 'bob@example.com' } });
    await call('users.resolve', {});
    await call('rules.save', {
      rule: {
        module: 'ticket',
        businessType: 'data-export',
        status: 'pending-approval',
        additionalUsers: ['3002', '4040'],
        channels: ['feishu'],
        chats: [
          { channel: 'feishu', chatId: DBA, name: 'DBA approvals' },
          { channel: 'feishu', chatId: OPS, name: 'Ops on call' },
        ],
        reminders: { firstAfterMinutes: 1, repeatEveryMinutes: 1, maxReminders: 3, escalateAfterMinutes: 2, escalateTo: ['3001'], digest: { at: '09:00' } },
      },
    });
    app.startBackground();
  });
  afterEach(async () => {
    await app.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const picked = { module: 'ticket', businessType: 'data-export', status: 'pending-approval', eventUsers: ['3001'], submitterUid: '' };

  it('the simulator lists the rule chats; the send reaches only Alice (chats unticked), marked as a test, no dead letters, no reminders', async () => {
    const plan = await call('rules.simulate', picked);
    expect(plan.chats).toEqual([
      { channel: 'feishu', chatId: DBA, name: 'DBA approvals', reason: null },
      { channel: 'feishu', chatId: OPS, name: 'Ops on call', reason: null },
    ]);
    const missing = plan.channels.find((c) => c.channel === 'feishu')!.missing.map((m) => [m.uid, m.reason]);
    expect(missing).toEqual(
      expect.arrayContaining([
        ['3002', 'not-found'],
        ['4040', 'not-in-users'],
      ]),
    );

    const sent = await call('events.sendTest', picked);
    expect(sent.deliveries).toBe(1);
    await expect.poll(() => fake.delivered.length, { timeout: 10_000 }).toBe(1);
    expect(fake.delivered[0]!.recipient).toBe(openIdFor(APP, 'u1'));
    expect(JSON.stringify(fake.delivered[0]!.content)).toContain('[测试]');

    // The platform has the message a moment before the outbox records it as sent.
    const log = await waitFor(async () => {
      const l = await call('sender.deliveries', { eventId: sent.eventId });
      return l.deliveries.every((d) => d.state !== 'queued' && d.state !== 'sending') ? l : null;
    }, 'the test delivery to finish');
    expect(log.deliveries.map((d) => [d.recipientUid, d.state])).toEqual([['3001', 'sent']]);
    // The unreachable are explained, not dead-lettered.
    expect(log.event.notes.map((n) => [n.uid, n.reason])).toEqual(
      expect.arrayContaining([
        ['3002', 'not-found'],
        ['4040', 'not-in-users'],
      ]),
    );
    // No reminders, escalation or digest for a ticket that does not exist.
    expect(app.delivery.outbox.reminders.nextDueAt()).toBeNull();
    expect(app.delivery.outbox.reminders.digestSlots()).toEqual([]);
  });

  it('posts into a chat only when it is ticked', async () => {
    const sent = await call('events.sendTest', { ...picked, chats: [OPS] });
    expect(sent.deliveries).toBe(2);
    await expect.poll(() => fake.delivered.length, { timeout: 10_000 }).toBe(2);
    expect(fake.delivered.map((d) => d.recipient).sort()).toEqual([OPS, openIdFor(APP, 'u1')].sort());
    expect(fake.delivered.some((d) => d.recipient === DBA)).toBe(false);
  });

  it('a pasted event of a real ticket neither starts nor ends its reminders', async () => {
    const event = {
      submitterUid: '',
      submitterName: '',
      category: 'ticket',
      module: 'data-export',
      event: 'pending-approval',
      taskId: '777001',
      taskName: 'Export orders',
      eventTime: new Date().toISOString(),
      message: '',
      targetUsers: [{ uid: '3001', name: 'Alice' }],
      receivers: [],
    };
    await call('events.notify', { event });
    const due = app.delivery.outbox.reminders.nextDueAt();
    expect(due).not.toBeNull();
    await call('events.sendTest', { event: { ...event, event: 'approved' } });
    expect(app.delivery.outbox.reminders.nextDueAt()).toBe(due);
  });
});
