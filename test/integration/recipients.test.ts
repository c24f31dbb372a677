import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { DIRECTORY_FILE, DIRECTORY_SCHEMA_VERSION } from '../../electron/services/directory/directory-store.js';
import { saveConnection } from '../../electron/services/dms/connection.js';
import type { FakeServer } from '../fakes/common.js';
import { startFakeDms, type FakeDms } from '../fakes/dms-openapi.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake } from '../fakes/feishu.js';
import { dmsBody, FAST_RETRY, settled, waitFor } from './delivery-harness.js';

const APP = 'cli_recipients000001';
const APP_SECRET = 'feishu-recipients-secret-0123';
const AK_SECRET = 'dms-recipients-ak-secret-0123';

let dir: string;
let s: AppServices;
let feishu: FakeServer;
let dms: FakeDms | undefined;

const call = (name: string, input: unknown) => dispatch(createHandlers(s), name, input, { transport: 'http' });

/** Feishu enabled against the fake, the README's rule: Data Exporting / Pending Approval adds user 3002. */
async function setUp(mode: 'headless' | 'cli' = 'headless'): Promise<void> {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-recipients-'));
  s = await createAppServices({ dataDir: dir, mode, delivery: { retry: FAST_RETRY } });
  s.settings.update((cur) => ({
    ...cur,
    channels: {
      ...cur.channels,
      feishu: { ...cur.channels.feishu, enabled: true, region: 'cn-hangzhou', values: { appId: APP }, baseUrls: { apiBaseUrl: feishu.baseUrl } },
    },
    rules: [{ module: 'ticket', businessType: 'data-export', status: 'pending-approval', enabled: true, additionalUsers: ['3002'], channels: [] }],
  }));
  await s.vault.set('channel/feishu/appSecret', APP_SECRET);
}

beforeEach(async () => {
  feishu = await startFeishuFake({
    apps: [
      {
        appId: APP,
        secret: APP_SECRET,
        scopes: [FEISHU_SCOPES.send[0], FEISHU_SCOPES.lookup],
        users: [
          { id: 'li-si', email: 'lisi@example.com' },
          { id: 'wang-wu', email: 'wangwu@example.com' },
          { id: 'approver', mobile: '13800000022' },
        ],
      },
    ],
  });
  dms = undefined;
});

afterEach(async () => {
  await s.vault.delete('channel/feishu/appSecret');
  await s.vault.delete('dms/accessKeySecret');
  await s.close();
  await feishu.close();
  await dms?.close();
  rmSync(dir, { recursive: true, force: true });
});

const lookups = () => feishu.requests.filter((r) => r.path.includes('batch_get_id')).length;
const deliveriesOf = (eventId: string) => s.delivery.outbox.log.deliveriesOf(eventId);

describe('recipients without a hidden step', () => {
  it('users added by e-mail only, then an event: the target and the rule’s extra user are reached once each, no resolve click', async () => {
    await setUp();
    await call('users.upsert', { user: { uid: '3001', name: 'Li Si', email: 'lisi@example.com' } });
    await call('users.upsert', { user: { uid: '3002', name: 'Wang Wu', email: 'wangwu@example.com' } });
    s.delivery.start();
    const { eventId } = s.delivery.intake.accept(dmsBody(), { source: 'webhook' });
    await waitFor(() => settled(s.delivery) && feishu.delivered.length >= 2, 'both messages');
    expect(feishu.delivered.map((m) => m.recipient).sort()).toEqual([openIdFor(APP, 'li-si'), openIdFor(APP, 'wang-wu')].sort());
    expect(deliveriesOf(eventId).map((d) => [d.recipientUid, d.state, d.platformUserId])).toEqual(
      expect.arrayContaining([
        ['3001', 'sent', openIdFor(APP, 'li-si')],
        ['3002', 'sent', openIdFor(APP, 'wang-wu')],
      ]),
    );
    // The ids are cached: a second event is sent without asking the platform again.
    const asked = lookups();
    s.delivery.intake.accept(dmsBody(), { source: 'webhook' });
    await waitFor(() => settled(s.delivery) && feishu.delivered.length >= 4, 'the second event');
    expect(lookups()).toBe(asked);
  });

  it('a lookup that fails transiently keeps the delivery queued and retried, then it is delivered', async () => {
    await setUp('cli');
    await call('users.upsert', { user: { uid: '3001', name: 'Li Si', email: 'lisi@example.com' } });
    await call('users.upsert', { user: { uid: '3002', name: 'Wang Wu', email: 'wangwu@example.com' } });
    // More failures than FAST_RETRY.maxFailures: a failed lookup alone never makes a dead letter.
    feishu.injectFault({ kind: 'status', status: 503, path: 'batch_get_id', times: FAST_RETRY.maxFailures * 3 });
    const { eventId } = s.delivery.intake.accept(dmsBody(), { source: 'webhook' });
    expect(deliveriesOf(eventId).every((d) => d.state === 'queued')).toBe(true);
    s.delivery.start();
    await waitFor(() => deliveriesOf(eventId).some((d) => d.state === 'retrying'), 'a retry after the failed lookup');
    await waitFor(
      () => {
        if (s.delivery.outbox.log.counts().dead > 0) throw new Error('a failed lookup became a dead letter');
        return settled(s.delivery) && feishu.delivered.length >= 2;
      },
      'delivery after the platform recovers',
      30_000,
    );
    expect(deliveriesOf(eventId).map((d) => d.state)).toEqual(['sent', 'sent']);
    expect(s.delivery.outbox.log.counts().dead).toBe(0);
  });

  it('unknown person → dead letter saying so; not in Users → a different text; retry after the person joins → delivered', async () => {
    await setUp();
    await call('users.upsert', { user: { uid: '3001', name: 'Li Si', email: 'nobody@example.com' } });
    s.delivery.start();
    // 3002 (the rule's extra user) is not in Users at all.
    const { eventId } = s.delivery.intake.accept(dmsBody(), { source: 'webhook' });
    await waitFor(() => settled(s.delivery), 'settle');
    const byUid = new Map(deliveriesOf(eventId).map((d) => [d.recipientUid, d]));
    expect(byUid.get('3001')).toMatchObject({ state: 'dead', lastError: { code: 'PLATFORM_NO_SUCH_PERSON' } });
    expect(byUid.get('3001')!.lastError!.message.en).toMatch(/Feishu has no person with this user's mobile number or e-mail/);
    expect(byUid.get('3001')!.lastError!.message.zh).toContain('飞书上没有');
    expect(byUid.get('3002')).toMatchObject({ state: 'dead', lastError: { code: 'NOT_IN_USERS' } });
    expect(byUid.get('3002')!.lastError!.message.en).toMatch(/not in Users/);
    expect(byUid.get('3002')!.lastError!.message.zh).toContain('不在“用户”列表中');
    expect(feishu.delivered).toEqual([]);

    // The simulator says the same, before anything is sent.
    const sim = (await call('rules.simulate', { event: dmsBody() })) as { nobody: { uid: string; reason: string }[] };
    expect(sim.nobody.map((n) => [n.uid, n.reason]).sort()).toEqual([
      ['3001', 'not-found'],
      ['3002', 'not-in-users'],
    ]);

    // The person joins the organization; retry looks them up again (not from the cache) and sends.
    feishu.addUser(APP, { id: 'li-si-new', email: 'nobody@example.com' });
    await call('sender.retry', { deliveryIds: [byUid.get('3001')!.id] });
    await waitFor(() => settled(s.delivery) && feishu.delivered.length === 1, 'the retried delivery');
    expect(feishu.delivered[0]!.recipient).toBe(openIdFor(APP, 'li-si-new'));
    // Retrying "not in Users" without adding them ends the same way, with the attempt in its history.
    await call('sender.retry', { deliveryIds: [byUid.get('3002')!.id] });
    await waitFor(() => settled(s.delivery), 'settle');
    const again = deliveriesOf(eventId).find((d) => d.recipientUid === '3002')!;
    expect(again).toMatchObject({ state: 'dead', attempts: 1, lastError: { code: 'NOT_IN_USERS' } });
  });

  it('outside the app’s availability: the refusal says so, the next event and the simulator too, without sending', async () => {
    await feishu.close();
    feishu = await startFeishuFake({
      apps: [
        {
          appId: APP,
          secret: APP_SECRET,
          scopes: [FEISHU_SCOPES.send[0], FEISHU_SCOPES.lookup],
          users: [{ id: 'li-si', email: 'lisi@example.com', inAvailability: false }],
        },
      ],
    });
    await setUp();
    await call('users.upsert', { user: { uid: '3001', name: 'Li Si', email: 'lisi@example.com' } });
    s.settings.update((cur) => ({ ...cur, rules: [] }));
    s.delivery.start();
    const first = s.delivery.intake.accept(dmsBody(), { source: 'webhook' });
    await waitFor(() => settled(s.delivery), 'settle');
    const refused = deliveriesOf(first.eventId)[0]!;
    expect(refused).toMatchObject({ state: 'dead', lastError: { code: '230013' } });
    expect(refused.lastError!.message.en).toMatch(/outside the app.s availability/);
    const sends = feishu.requests.filter((r) => r.path.includes('im/v1/messages')).length;

    const second = s.delivery.intake.accept(dmsBody(), { source: 'webhook' });
    expect(deliveriesOf(second.eventId)[0]).toMatchObject({ state: 'dead', lastError: { code: 'OUTSIDE_AVAILABILITY' } });
    expect(deliveriesOf(second.eventId)[0]!.lastError!.message.zh).toContain('不在飞书应用的可用范围内');
    const sim = (await call('rules.simulate', { event: dmsBody() })) as { willSend: boolean; nobody: { uid: string; reason: string }[] };
    expect(sim).toMatchObject({ willSend: false, nobody: [{ uid: '3001', reason: 'outside-availability' }] });
    expect(feishu.requests.filter((r) => r.path.includes('im/v1/messages')).length).toBe(sends);
  });

  it('concurrent sends for the same person share one lookup', async () => {
    await setUp('cli');
    await call('users.upsert', { user: { uid: '3001', name: 'Li Si', email: 'lisi@example.com' } });
    feishu.injectFault({ kind: 'delay', ms: 200, path: 'batch_get_id' });
    const [a, b] = await Promise.all([s.directory.sendTargets('feishu', ['3001']), s.directory.sendTargets('feishu', ['3001'])]);
    expect(a.get('3001')).toEqual({ platformUserId: openIdFor(APP, 'li-si') });
    expect(b.get('3001')).toEqual(a.get('3001'));
    expect(lookups()).toBe(1);
  });

  it('a changed e-mail is looked up again at send time', async () => {
    await setUp('cli');
    await call('users.upsert', { user: { uid: '3001', name: 'Li Si', email: 'lisi@example.com' } });
    await call('users.upsert', { user: { uid: '3002', name: 'Wang Wu', email: 'wangwu@example.com' } });
    await call('users.resolve', {});
    // Li Si's e-mail now belongs to someone else on the platform; the old id must not be used.
    await call('users.upsert', { user: { uid: '3001', name: 'Li Si', email: 'wangwu@example.com' } });
    s.delivery.start();
    const { eventId } = s.delivery.intake.accept(dmsBody(), { source: 'webhook' });
    await waitFor(() => settled(s.delivery), 'settle');
    expect(deliveriesOf(eventId).find((d) => d.recipientUid === '3001')).toMatchObject({ state: 'sent', platformUserId: openIdFor(APP, 'wang-wu') });
  });

  it('the DMS watcher’s event reaches the approver and the rule’s additional user', async () => {
    dms = await startFakeDms({
      tid: 3000,
      keys: [{ id: 'LTAIrcpt', secret: AK_SECRET, actions: '*' }],
      users: [
        { userId: '11', uid: '200000000000011', nickName: 'Sam Submitter' },
        { userId: '22', uid: '200000000000022', nickName: 'Alice Approver', mobile: '13800000022' },
      ],
    });
    await setUp();
    await call('users.upsert', { user: { uid: '3002', name: 'Wang Wu', email: 'wangwu@example.com' } });
    await saveConnection(s, { region: 'cn-hangzhou', tid: 3000, accessKeyId: 'LTAIrcpt', accessKeySecret: AK_SECRET, endpoint: dms.endpoint });
    s.delivery.start();
    expect(await s.dms.watcher.pollNow()).toMatchObject({ baseline: true });
    const orderId = dms.createOrder({ pluginType: 'DATA_EXPORT', committerId: '11', comment: 'Export orders' });
    dms.setApprovers(orderId, ['22']);
    dms.setStatus(orderId, 'toaudit');
    expect(await s.dms.watcher.pollNow()).toMatchObject({ emitted: 1 });
    await waitFor(() => settled(s.delivery) && feishu.delivered.length >= 2, 'approver and extra user');
    expect(feishu.delivered.map((m) => m.recipient).sort()).toEqual([openIdFor(APP, 'approver'), openIdFor(APP, 'wang-wu')].sort());
  });
});

describe('background lookups', () => {
  it('a config import and a CSV import look the users up without a click', async () => {
    await setUp();
    const config = JSON.stringify({ version: 1, users: [{ uid: '3001', name: 'Li Si', email: 'lisi@example.com' }] });
    expect(await call('config.import', { text: config })).toMatchObject({ users: 1 });
    await waitFor(() => s.directory.platformId('3001', 'feishu') !== null, 'the config import lookup');
    expect(s.directory.platformId('3001', 'feishu')).toBe(openIdFor(APP, 'li-si'));

    await call('users.importCsv', { csv: 'uid,name,mobile,email\n3002,Wang Wu,,wangwu@example.com\n3003,Nobody,,nobody@example.com\n' });
    await waitFor(() => s.directory.list().users.every((u) => u.resolutions.feishu !== undefined), 'the CSV import lookup');
    const byUid = new Map(s.directory.list().users.map((u) => [u.uid, u.resolutions.feishu?.status]));
    expect(Object.fromEntries(byUid)).toEqual({ '3001': 'found', '3002': 'found', '3003': 'not_found' });
  });
});

describe('users directory in SQLite', () => {
  it('moves users and lookups from an older settings.json once, then removes them there', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cd-recipients-'));
    const first = await createAppServices({ dataDir: dir, mode: 'cli' });
    first.settings.update((cur) => ({
      ...cur,
      users: [{ uid: 'old1', name: 'Old One', mobile: '', email: 'lisi@example.com' }],
      userResolutions: {
        old1: {
          feishu: {
            status: 'found',
            platformUserId: 'ou_legacy',
            contact: 'mobile:|email:lisi@example.com',
            code: null,
            subCode: null,
            missingScopes: [],
            resolvedAt: '2026-11-30T00:00:00.000Z',
          },
        },
      },
    }));
    await first.close();
    s = await createAppServices({ dataDir: dir, mode: 'cli' });
    expect(s.directory.list().users).toEqual([
      expect.objectContaining({ uid: 'old1', name: 'Old One', resolutions: { feishu: expect.objectContaining({ platformUserId: 'ou_legacy' }) } }),
    ]);
    expect(s.settings.read().users).toEqual([]);
    expect(s.settings.read().userResolutions).toEqual({});
    expect(s.directory.platformId('old1', 'feishu')).toBe('ou_legacy');
    const db = new Database(path.join(dir, DIRECTORY_FILE), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(DIRECTORY_SCHEMA_VERSION);
    db.close();
  });
});
