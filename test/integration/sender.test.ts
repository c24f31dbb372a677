import { afterEach, describe, expect, it } from 'vitest';
import { startDingtalkFake, DINGTALK_SCOPES, type DingtalkFake } from '../fakes/dingtalk.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake } from '../fakes/feishu.js';
import type { FakeServer } from '../fakes/common.js';
import type { RetryPolicy } from '../../electron/services/delivery/sender/backoff.js';
import { dmsBody, FAST_RETRY, settled, startHarness, waitFor, type Harness } from './delivery-harness.js';
import { outboxSql } from '../outbox-sql.js';

const APP = 'cli_a1b2c3d4e5f6a7b8';
const SECRET = 'feishu-secret-0123456789';
const users = Array.from({ length: 6 }, (_, i) => ({ id: `u${i + 1}`, mobile: `1380000000${i}` }));

let fake: FakeServer | undefined;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  await fake?.close();
  h = undefined;
  fake = undefined;
});

async function feishuSetup(opts: { users?: typeof users; timeoutMs?: number; retry?: RetryPolicy } = {}) {
  fake = await startFeishuFake({ apps: [{ appId: APP, secret: SECRET, scopes: [FEISHU_SCOPES.send[0], FEISHU_SCOPES.lookup], users: opts.users ?? users }] });
  const people = Object.fromEntries(users.map((u, i) => [String(3001 + i), { feishu: openIdFor(APP, u.id) }]));
  h = await startHarness({
    channels: { feishu: { baseUrl: fake.baseUrl, appId: APP, secret: SECRET, region: 'ap-southeast-1' } },
    people,
    retry: opts.retry ?? FAST_RETRY,
    timeoutMs: opts.timeoutMs ?? 2_000,
  });
  return { fake, h };
}

/** Each (recipient, dedup key) reached the user at most once. */
function noDoubles(f: FakeServer): void {
  const seen = new Map<string, number>();
  for (const m of f.delivered) {
    const k = `${m.recipient}|${m.dedupKey ?? m.at}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  expect([...seen.values()].filter((n) => n > 1)).toEqual([]);
}

describe('sender against the Feishu fake', () => {
  it('delivers an accepted event to every recipient once, with the "Open DMS" button of the channel region', async () => {
    const { fake, h } = await feishuSetup();
    const r = h.delivery.intake.accept(dmsBody({ taskId: '777', targetUsers: [{ uid: '3001', name: 'A' }], receivers: [{ uid: '3002', name: 'B' }] }), {
      source: 'api',
    });
    expect(r).toMatchObject({ duplicate: false, deliveries: 2 });
    await waitFor(() => settled(h.delivery), 'deliveries to settle');
    expect(h.delivery.outbox.log.counts()).toMatchObject({ sent: 2, dead: 0 });
    expect(fake.delivered.map((m) => m.recipient).sort()).toEqual([openIdFor(APP, 'u1'), openIdFor(APP, 'u2')].sort());
    expect(fake.delivered[0]!.links).toContainEqual(
      expect.objectContaining({ at: 'button', multiUrl: expect.objectContaining({ ios_url: `https://applink.feishu.cn/client/web_app/open?appId=${APP}` }) }),
    );
    expect(JSON.stringify(fake.delivered)).not.toContain('orderId');
    for (const m of fake.delivered) expect(m.dedupKey!.length).toBeLessThanOrEqual(50);
  });

  it('survives 5xx, resets, slow answers, hangs, rate limiting and an expired token: everything ends sent or dead, nothing twice', async () => {
    const { fake, h } = await feishuSetup({ timeoutMs: 400 });
    fake.injectFault({ kind: 'status', status: 502, path: '/im/v1/messages', times: 3 });
    fake.injectFault({ kind: 'reset', path: '/im/v1/messages', times: 2 });
    fake.injectFault({ kind: 'delay', ms: 150, path: '/im/v1/messages', times: 3 });
    fake.injectFault({ kind: 'hang', path: '/im/v1/messages', times: 2 });
    fake.injectFault({ kind: 'rateLimit', resetSec: 0, path: '/im/v1/messages', times: 3 });
    const ids = [];
    for (let i = 0; i < 10; i++) {
      ids.push(h.delivery.intake.accept(dmsBody({ targetUsers: users.map((_, j) => ({ uid: String(3001 + j), name: '' })) }), { source: 'api' }).eventId);
      if (i === 4) fake.expireTokens();
    }
    await waitFor(() => settled(h.delivery), 'deliveries to settle', 25_000);
    const counts = h.delivery.outbox.log.counts();
    expect(counts.sent + counts.dead).toBe(60);
    expect(counts.sent).toBe(60);
    noDoubles(fake);
    // Every failure left an explained attempt behind.
    const failedAttempts = ids
      .flatMap((id) => h.delivery.outbox.log.deliveriesOf(id).flatMap((d) => h.delivery.outbox.log.attemptsOf(d.id)))
      .filter((a) => !a.ok);
    expect(failedAttempts.length).toBeGreaterThanOrEqual(10);
    for (const a of failedAttempts) {
      expect(a.error?.message.en.length).toBeGreaterThan(0);
      expect(a.error?.fix.zh.length).toBeGreaterThan(0);
    }
    const codes = new Set(failedAttempts.map((a) => a.error!.code));
    expect(codes.has('99991400')).toBe(true);
    expect(codes.has('timeout')).toBe(true);
  });

  it('dead-letters a non-retryable recipient at once with the reason and delivers the others', async () => {
    const outside = [...users.slice(0, 5), { ...users[5]!, inAvailability: false }];
    const { fake, h } = await feishuSetup({ users: outside });
    const { eventId } = h.delivery.intake.accept(
      dmsBody({
        targetUsers: [
          { uid: '3001', name: '' },
          { uid: '3006', name: '' },
        ],
      }),
      { source: 'api' },
    );
    await waitFor(() => settled(h.delivery), 'deliveries to settle');
    const ds = h.delivery.outbox.log.deliveriesOf(eventId);
    const dead = ds.find((d) => d.state === 'dead')!;
    expect(dead.recipientUid).toBe('3006');
    expect(dead.attempts).toBe(1);
    expect(dead.lastError?.code).toBe('230013');
    expect(ds.find((d) => d.recipientUid === '3001')?.state).toBe('sent');
    expect(fake.delivered).toHaveLength(1);
  });

  it('dead-letters after the bounded number of transient failures', async () => {
    const { fake, h } = await feishuSetup();
    fake.injectFault({ kind: 'status', status: 503, path: '/im/v1/messages', times: Number.POSITIVE_INFINITY });
    const { eventId } = h.delivery.intake.accept(dmsBody(), { source: 'api' });
    await waitFor(() => settled(h.delivery), 'dead letter');
    const [d] = h.delivery.outbox.log.deliveriesOf(eventId);
    expect(d!.state).toBe('dead');
    expect(d!.attempts).toBe(FAST_RETRY.maxFailures);
    expect(d!.lastError?.retryable).toBe(true);
    // Fixed: retry puts it back and it goes out.
    fake.clearFaults();
    expect(h.delivery.outbox.admin.retry([d!.id], Date.now(), () => null)).toBe(1);
    h.delivery.sender.poke();
    await waitFor(() => h.delivery.outbox.log.deliveriesOf(eventId)[0]!.state === 'sent', 'retry to deliver');
    expect(fake.delivered).toHaveLength(1);
  });

  it('pause holds deliveries across a restart; resume sends them', async () => {
    const { fake, h: first } = await feishuSetup();
    first.delivery.sender.pause();
    first.delivery.intake.accept(dmsBody(), { source: 'api' });
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.delivered).toHaveLength(0);
    const dataDir = first.dataDir;
    await first.stop();
    const again = await startHarness({
      dataDir,
      channels: { feishu: { baseUrl: fake.baseUrl, appId: APP, secret: SECRET } },
      people: { '3001': { feishu: openIdFor(APP, 'u1') } },
      retry: FAST_RETRY,
    });
    h = again;
    expect(again.delivery.sender.paused).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.delivered).toHaveLength(0);
    again.delivery.sender.resume();
    await waitFor(() => fake!.delivered.length === 1, 'delivery after resume');
  });

  it('wake() makes waiting retries due at once (after sleep / network loss)', async () => {
    // A long backoff, as after many failures: without wake() the retry would wait ≥ 30 minutes.
    const { fake, h } = await feishuSetup({ retry: { baseMs: 3_600_000, maxMs: 3_600_000, maxFailures: 5, maxAttempts: 10 } });
    fake.injectFault({ kind: 'reset', path: '/im/v1/messages', times: 1 });
    const { eventId } = h.delivery.intake.accept(dmsBody(), { source: 'api' });
    await waitFor(() => h.delivery.outbox.log.deliveriesOf(eventId)[0]!.state === 'retrying', 'first failure');
    expect(h.delivery.outbox.log.deliveriesOf(eventId)[0]!.nextAttemptAt).toBeGreaterThan(Date.now() + 1_000_000);
    h.delivery.sender.wake();
    await waitFor(() => h.delivery.outbox.log.deliveriesOf(eventId)[0]!.state === 'sent', 'delivery after wake');
  });

  it('network back after an outage: the first success makes waiting retries due at once', async () => {
    const { fake, h } = await feishuSetup({ retry: { baseMs: 3_600_000, maxMs: 3_600_000, maxFailures: 5, maxAttempts: 10 } });
    fake.injectFault({ kind: 'reset', path: '/im/v1/messages', times: 1 });
    const first = h.delivery.intake.accept(dmsBody(), { source: 'api' });
    await waitFor(() => h.delivery.outbox.log.deliveriesOf(first.eventId)[0]!.state === 'retrying', 'network failure');
    h.delivery.intake.accept(dmsBody(), { source: 'api' });
    await waitFor(() => h.delivery.outbox.log.deliveriesOf(first.eventId)[0]!.state === 'sent', 'retry after the network came back');
    expect(fake.delivered).toHaveLength(2);
  });

  it('crash safety: deliveries left in "sending" are re-queued at start and the uuid keeps the platform from posting twice', async () => {
    const { fake, h: first } = await feishuSetup();
    const { eventId } = first.delivery.intake.accept(dmsBody(), { source: 'api' });
    await waitFor(() => settled(first.delivery), 'first delivery');
    expect(fake.delivered).toHaveLength(1);
    // As if the process died after the platform answered but before the outcome was committed.
    outboxSql(first.delivery.outbox, `UPDATE deliveries SET state = 'sending' WHERE event_id = ?`).run(eventId);
    const dataDir = first.dataDir;
    await first.stop();
    h = await startHarness({
      dataDir,
      channels: { feishu: { baseUrl: fake.baseUrl, appId: APP, secret: SECRET } },
      people: {},
      retry: FAST_RETRY,
    });
    await waitFor(() => settled(h!.delivery), 'resend');
    expect(h.delivery.outbox.log.deliveriesOf(eventId)[0]!.state).toBe('sent');
    expect(fake.requests.filter((r) => r.path.endsWith('/im/v1/messages'))).toHaveLength(2);
    expect(fake.delivered).toHaveLength(1);
  });
});

describe('sender against the DingTalk fake', () => {
  let ding: DingtalkFake | undefined;
  afterEach(async () => {
    await ding?.close();
    ding = undefined;
  });

  it('batches up to 20 recipients per robot call and retries only the flow-controlled ones', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ id: `d${i}` }));
    ding = await startDingtalkFake({
      apps: [{ appId: 'dingappkey01', secret: 'ding-secret-0123456789', scopes: [DINGTALK_SCOPES.robot], users: many }],
      flowControlled: ['d3'],
    });
    h = await startHarness({
      channels: { dingtalk: { baseUrl: ding.baseUrl, appId: 'dingappkey01', secret: 'ding-secret-0123456789' } },
      people: Object.fromEntries(many.map((u, i) => [String(5000 + i), { dingtalk: u.id }])),
      retry: FAST_RETRY,
    });
    const { eventId } = h.delivery.intake.accept(dmsBody({ targetUsers: many.map((_, i) => ({ uid: String(5000 + i), name: '' })) }), { source: 'api' });
    await waitFor(() => h!.delivery.outbox.log.deliveriesOf(eventId).find((d) => d.recipientUid === '5003')?.state === 'retrying', 'flow control');
    ding.setFlowControlled([]);
    await waitFor(() => settled(h!.delivery), 'all sent');
    const sends = ding.requests.filter((r) => r.path === '/v1.0/robot/oToMessages/batchSend');
    expect(sends).toHaveLength(3); // 20 + 5, then the one throttled user alone
    expect(h.delivery.outbox.log.counts().sent).toBe(25);
    expect(new Set(ding.delivered.map((m) => m.recipient)).size).toBe(25);
    expect(ding.delivered).toHaveLength(25);
  });

  const dingSetup = async () => {
    ding = await startDingtalkFake({
      apps: [{ appId: 'dingappkey01', secret: 'ding-secret-0123456789', scopes: [DINGTALK_SCOPES.robot], users: [{ id: 'd1' }] }],
    });
    h = await startHarness({
      channels: { dingtalk: { baseUrl: ding.baseUrl, appId: 'dingappkey01', secret: 'ding-secret-0123456789' } },
      people: { '5000': { dingtalk: 'd1' } },
      retry: FAST_RETRY,
    });
    return { ding, h };
  };
  const attemptsOfOnly = (h: Harness, eventId: string) => h.delivery.outbox.log.attemptsOf(h.delivery.outbox.log.deliveriesOf(eventId)[0]!.id);

  it('a DingTalk 503 ServiceUnavailable is an outage: retried with backoff and delivered, not a dead letter', async () => {
    const { ding, h } = await dingSetup();
    ding.injectFault({
      kind: 'status',
      status: 503,
      body: { code: 'ServiceUnavailable', requestid: 'R1', message: 'The request has failed due to a temporary failure of the server.' },
      path: '/robot/oToMessages/batchSend',
    });
    const { eventId } = h.delivery.intake.accept(dmsBody({ targetUsers: [{ uid: '5000', name: '' }] }), { source: 'api' });
    await waitFor(() => settled(h.delivery), 'the delivery to settle');
    expect(h.delivery.outbox.log.counts()).toMatchObject({ sent: 1, dead: 0 });
    const [first, second] = attemptsOfOnly(h, eventId);
    expect(first).toMatchObject({ ok: false, error: { code: 'ServiceUnavailable', httpStatus: 503, retryable: true } });
    expect(first!.error!.message.en).toMatch(/temporary/);
    expect(first!.error!.message.zh).toContain('暂时');
    expect(second).toMatchObject({ ok: true });
    expect(ding.delivered.map((m) => m.recipient)).toEqual(['d1']);
  });

  it('a DingTalk 429 with Retry-After: 2 is retried no earlier than 2 s later, then delivered', async () => {
    const { ding, h } = await dingSetup();
    ding.injectFault({
      kind: 'status',
      status: 429,
      headers: { 'Retry-After': '2' },
      body: { code: 'Throttling.Api', requestid: 'R2', message: '接口调用超过限制' },
      path: '/robot/oToMessages/batchSend',
    });
    const { eventId } = h.delivery.intake.accept(dmsBody({ targetUsers: [{ uid: '5000', name: '' }] }), { source: 'api' });
    await waitFor(() => settled(h.delivery), 'the delivery to settle');
    expect(h.delivery.outbox.log.counts()).toMatchObject({ sent: 1, dead: 0 });
    const [first, second] = attemptsOfOnly(h, eventId);
    expect(first).toMatchObject({ ok: false, error: { httpStatus: 429, retryAfterMs: 2000, retryable: true } });
    expect(second!.ok).toBe(true);
    expect(second!.at - (first!.at + first!.durationMs)).toBeGreaterThanOrEqual(2000);
  });
});
