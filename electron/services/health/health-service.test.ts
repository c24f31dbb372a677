import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelId } from '../../../shared/catalog/channels.js';
import { healthSummarySchema, type HealthSummary } from '../../../shared/contract/health.js';
import { text } from '../../../shared/i18n-text.js';
import { deliveryError, seedEvent } from '../../../test/integration/outbox-seed.js';
import { Outbox } from '../delivery/index.js';
import type { LongConnectionState } from '../platforms/approval-cards.js';
import type { VaultStatus } from '../vault/secret-store.js';
import { createHealthService, type CredentialTestFact, type HealthService, type LookupFact, type WatcherHealth } from './health-service.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const MIN = 60_000;
const OK_VAULT: VaultStatus = { backend: 'encrypted-file', available: true, location: '/x' };

let dir: string;
let outbox: Outbox;
let enabled: Set<ChannelId>;
let vault: VaultStatus;
let watcher: WatcherHealth;
let service: HealthService;
let lookups: LookupFact[];
let credentialsChangedAt: string | null;
let feishuTest: CredentialTestFact | null;
let connections: LongConnectionState[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-health-'));
  outbox = Outbox.open(dir);
  enabled = new Set();
  vault = OK_VAULT;
  watcher = { enabled: false, running: false, lastPollAt: null, lastError: null };
  lookups = [];
  connections = [];
  credentialsChangedAt = null;
  feishuTest = { ok: true, at: '2026-12-01T11:00:00.000Z', failedStep: null, code: null, summary: text('All steps passed.', '所有步骤均通过。') };
  // One service per test, as in the app: it reads attempts incrementally between calls.
  service = createHealthService({
    outbox: outbox.facts,
    channels: () =>
      (['dingtalk', 'dingtalk-enterprise', 'feishu', 'lark'] as const).map((c) => ({
        channel: c,
        enabled: enabled.has(c),
        configured: enabled.has(c),
        credentialsChangedAt: c === 'feishu' ? credentialsChangedAt : null,
      })),
    credentialTest: (c) => (c === 'feishu' ? feishuTest : null),
    lookups: () => lookups,
    vaultStatus: async () => vault,
    paused: () => false,
    watcher: () => watcher,
    longConnections: () => connections,
    now: () => new Date(NOW),
  });
});
afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

async function health(): Promise<HealthSummary> {
  // Every answer must satisfy the contract the UI and CLI validate against.
  return healthSummarySchema.parse(await service.get());
}

const feishu = (h: HealthSummary) => h.channels.find((c) => c.channel === 'feishu')!;

describe('health summary', () => {
  it('is "setup" with nothing enabled and nothing wrong', async () => {
    const h = await health();
    expect(h.overall).toBe('setup');
    expect(h.channels.map((c) => c.state)).toEqual(['disabled', 'disabled', 'disabled', 'disabled']);
    expect(h.queue).toEqual({ depth: 0, deadLetters: 0, paused: false });
    expect(h.inbox).toEqual({ lastEventAt: null, lastEventSource: null });
    expect(h.generatedAt).toBe(new Date(NOW).toISOString());
  });

  it('is "idle" for an enabled channel that has sent and looked up nothing yet (a passed credential test included); overall ok', async () => {
    enabled.add('feishu');
    const h = await health();
    expect(feishu(h)).toMatchObject({ state: 'idle', enabled: true, configured: true, lastSuccessAt: null, lastError: null, credentialTest: { passed: true } });
    expect(h.overall).toBe('ok');
  });

  it('shows an approve-from-chat connection on its channel; a failing one degrades the summary but leaves the sending state ok', async () => {
    enabled.add('feishu');
    seedEvent(outbox, NOW - 30 * MIN, [{ channel: 'feishu', uid: 'a', attempts: [{ at: NOW - 30 * MIN, ok: true }] }]);
    const lastError = text('The app is not subscribed to card.action.trigger.', '应用未订阅 card.action.trigger。');
    connections = [{ channel: 'feishu', phase: 'connected', since: NOW - 20 * MIN, lastCallbackAt: NOW - MIN, lastError: null, reconnects: 2 }];
    let h = await health();
    expect(feishu(h).longConnection).toEqual({
      channel: 'feishu',
      phase: 'connected',
      since: new Date(NOW - 20 * MIN).toISOString(),
      lastCallbackAt: new Date(NOW - MIN).toISOString(),
      lastError: null,
      reconnects: 2,
    });
    expect(h.channels.find((c) => c.channel === 'lark')?.longConnection).toBeNull();
    expect(h.overall).toBe('ok');
    connections = [{ channel: 'feishu', phase: 'failing', since: NOW - MIN, lastCallbackAt: null, lastError, reconnects: 3 }];
    h = await health();
    expect(feishu(h)).toMatchObject({ state: 'ok', longConnection: { phase: 'failing', lastError } });
    expect(h.overall).toBe('degraded');
  });

  it('is "failing", never "ok", when the newest attempt failed for a channel-level reason after earlier successes', async () => {
    enabled.add('feishu');
    seedEvent(outbox, NOW - 30 * MIN, [{ channel: 'feishu', uid: 'a', attempts: [{ at: NOW - 30 * MIN, ok: true }] }]);
    seedEvent(outbox, NOW - 10 * MIN, [
      { channel: 'feishu', uid: 'b', attempts: [{ at: NOW - 10 * MIN, ok: false, error: deliveryError('99991672', { httpStatus: 400 }) }] },
    ]);
    const h = await health();
    expect(feishu(h).state).toBe('failing');
    expect(feishu(h).lastSuccessAt).toBe(new Date(NOW - 30 * MIN + 10).toISOString());
    expect(feishu(h).lastError).toEqual({
      at: new Date(NOW - 10 * MIN + 10).toISOString(),
      code: '99991672',
      explanation: text('Failure 99991672. Fix 99991672.', '失败 99991672。修复 99991672。'),
    });
    expect(feishu(h).queued).toBe(1);
    expect(h.queue.depth).toBe(1);
    expect(h.overall).toBe('degraded');
  });

  it('is "ok" once a success follows the failure (a retried delivery went through)', async () => {
    enabled.add('feishu');
    seedEvent(outbox, NOW - 10 * MIN, [
      {
        channel: 'feishu',
        uid: 'a',
        attempts: [
          { at: NOW - 10 * MIN, ok: false, error: deliveryError('timeout') },
          { at: NOW - 5 * MIN, ok: true },
        ],
      },
    ]);
    const h = await health();
    expect(feishu(h).state).toBe('ok');
    expect(feishu(h).lastError?.code).toBe('timeout');
    expect(h.overall).toBe('ok');
  });

  it('follows new attempts between calls of one service: ok → failing → ok', async () => {
    enabled.add('feishu');
    seedEvent(outbox, NOW - 30 * MIN, [{ channel: 'feishu', uid: 'a', attempts: [{ at: NOW - 30 * MIN, ok: true }] }]);
    expect(feishu(await health()).state).toBe('ok');
    const { ids } = seedEvent(outbox, NOW - 20 * MIN, [
      { channel: 'feishu', uid: 'b', attempts: [{ at: NOW - 20 * MIN, ok: false, error: deliveryError('timeout') }] },
    ]);
    expect(feishu(await health())).toMatchObject({ state: 'failing', queued: 1 });
    outbox.queue.claim(ids, NOW - 10 * MIN);
    outbox.queue.record([{ id: ids[0]!, at: NOW - 10 * MIN, durationMs: 10, ok: true }]);
    expect(feishu(await health())).toMatchObject({ state: 'ok', queued: 0, lastSuccessAt: new Date(NOW - 10 * MIN + 10).toISOString() });
  });

  it('is "failing" when a channel-level dead letter is newer than the last success, even without a failed attempt', async () => {
    enabled.add('feishu');
    seedEvent(outbox, NOW - 20 * MIN, [{ channel: 'feishu', uid: 'a', attempts: [{ at: NOW - 20 * MIN, ok: true }] }]);
    // Stored dead at once, no attempt is ever made.
    seedEvent(outbox, NOW - 5 * MIN, [{ channel: 'feishu', uid: 'x', platformUserId: null, error: deliveryError('10014', { retryable: false }) }]);
    const h = await health();
    expect(feishu(h).state).toBe('failing');
    expect(feishu(h).deadLetters).toBe(1);
    expect(feishu(h).lastError?.code).toBe('10014');
    expect(h.queue.deadLetters).toBe(1);
    expect(h.overall).toBe('degraded');
  });

  it('stays "ok" when one person cannot be reached after a success: counted in recipientProblems, not failing', async () => {
    enabled.add('feishu');
    seedEvent(outbox, NOW - 20 * MIN, [
      { channel: 'feishu', uid: 'a', attempts: [{ at: NOW - 20 * MIN, ok: true }] },
      // The same person: no such person on Feishu (lookup) and the dead letter saying so.
      { channel: 'feishu', uid: 'ghost', platformUserId: null, error: deliveryError('PLATFORM_NO_SUCH_PERSON', { retryable: false }) },
      { channel: 'feishu', uid: 'far', attempts: [{ at: NOW - 19 * MIN, ok: false, error: deliveryError('230013', { retryable: false }), dead: true }] },
    ]);
    lookups = [
      {
        uid: 'ghost',
        channel: 'feishu',
        status: 'not_found',
        at: new Date(NOW - 21 * MIN).toISOString(),
        code: 'userNotFound',
        explanation: null,
        stale: false,
      },
      { uid: 'old', channel: 'feishu', status: 'not_found', at: new Date(NOW - 21 * MIN).toISOString(), code: 'userNotFound', explanation: null, stale: true },
    ];
    const h = await health();
    expect(feishu(h)).toMatchObject({ state: 'ok', lastError: null, deadLetters: 2, recipientProblems: 2 });
  });

  it('is "failing" with the explained cause as soon as lookups fail for a wrong secret, with nothing sent; a new secret clears it', async () => {
    enabled.add('feishu');
    feishuTest = null;
    const explanation = { message: text('App secret invalid.', 'App Secret 无效。'), fix: text('Copy it again.', '请重新复制。') };
    lookups = ['u1', 'u2', 'u3'].map((uid) => ({
      uid,
      channel: 'feishu' as const,
      status: 'error' as const,
      at: new Date(NOW - MIN).toISOString(),
      code: '10014',
      explanation,
      stale: false,
    }));
    const h = await health();
    expect(feishu(h)).toMatchObject({
      state: 'failing',
      recipientProblems: 0,
      lastError: {
        at: new Date(NOW - MIN).toISOString(),
        code: '10014',
        explanation: text('App secret invalid. Copy it again.', 'App Secret 无效。请重新复制。'),
      },
    });
    expect(h.overall).toBe('degraded');
    // Saving a new secret: the old failures say nothing about it.
    credentialsChangedAt = new Date(NOW - 30_000).toISOString();
    expect(feishu(await health())).toMatchObject({ state: 'idle', lastError: null });
  });

  it('a failed credential test at the token step makes the channel "failing"; a rate-limited lookup does not', async () => {
    enabled.add('feishu');
    feishuTest = {
      ok: false,
      at: new Date(NOW - MIN).toISOString(),
      failedStep: 'token',
      code: '10014',
      summary: text('Failed at: access token [10014]', '失败于：访问令牌 [10014]'),
    };
    lookups = [{ uid: 'u1', channel: 'feishu', status: 'error', at: new Date(NOW).toISOString(), code: '99991400', explanation: null, stale: false }];
    const h = await health();
    expect(feishu(h).state).toBe('failing');
    expect(feishu(h).lastError?.code).toBe('10014');
    expect(feishu(h).lastError?.explanation.en).toContain('App secret invalid');
  });

  it('keeps an older dead letter out of the channel state but still reports the install degraded', async () => {
    enabled.add('feishu');
    seedEvent(outbox, NOW - 40 * MIN, [
      { channel: 'feishu', uid: 'a', attempts: [{ at: NOW - 40 * MIN, ok: false, error: deliveryError('10014', { retryable: false }), dead: true }] },
    ]);
    seedEvent(outbox, NOW - 5 * MIN, [{ channel: 'feishu', uid: 'b', attempts: [{ at: NOW - 5 * MIN, ok: true }] }]);
    const h = await health();
    expect(feishu(h).state).toBe('ok');
    expect(feishu(h).deadLetters).toBe(1);
    expect(h.overall).toBe('degraded');
    // Discarding the dead letter is the admin's acknowledgement: healthy again.
    const dead = outbox.log.deliveriesOf(outbox.log.listEvents({ states: ['dead'], search: '' }, 0, 1).items[0]!.id)[0]!;
    outbox.admin.discard([dead.id], NOW);
    expect((await health()).overall).toBe('ok');
  });

  it('reports a disabled channel as "disabled" whatever its history', async () => {
    seedEvent(outbox, NOW - 5 * MIN, [{ channel: 'lark', uid: 'a', attempts: [{ at: NOW - 5 * MIN, ok: false, error: deliveryError('timeout') }] }]);
    const h = await health();
    expect(h.channels.find((c) => c.channel === 'lark')!.state).toBe('disabled');
  });

  it('counts throttled attempts of the last 24 hours per channel, and the newest event of any source', async () => {
    enabled.add('feishu');
    const throttled = deliveryError('99991400', { httpStatus: 429, retryAfterMs: 1000 });
    seedEvent(outbox, NOW - 25 * 60 * MIN, [
      {
        channel: 'feishu',
        uid: 'old',
        attempts: [
          { at: NOW - 25 * 60 * MIN, ok: false, error: throttled },
          { at: NOW - 25 * 60 * MIN + 1, ok: true },
        ],
      },
    ]);
    seedEvent(outbox, NOW - 60 * MIN, [
      {
        channel: 'feishu',
        uid: 'a',
        attempts: [
          { at: NOW - 60 * MIN, ok: false, error: throttled },
          { at: NOW - 59 * MIN, ok: false, error: throttled },
          { at: NOW - 58 * MIN, ok: true },
        ],
      },
      {
        channel: 'feishu',
        uid: 'b',
        attempts: [
          { at: NOW - 57 * MIN, ok: false, error: deliveryError('timeout') },
          { at: NOW - 56 * MIN, ok: true },
        ],
      },
    ]);
    const h = await health();
    expect(feishu(h).rateLimitWaits24h).toBe(2);
    expect(h.inbox).toEqual({ lastEventAt: new Date(NOW - 60 * MIN).toISOString(), lastEventSource: 'webhook' });
  });

  it('is degraded while the enabled watcher reports an error, and not for a disabled one', async () => {
    enabled.add('feishu');
    const lastError = {
      at: '2026-12-01T11:59:00.000Z',
      message: text('Forbidden.', '无权限。'),
      fix: text('Grant dms:ListOrders.', '请授予 dms:ListOrders。'),
    };
    watcher = { enabled: true, running: true, lastPollAt: '2026-12-01T11:59:00.000Z', lastError };
    let h = await health();
    expect(h.overall).toBe('degraded');
    expect(h.watcher).toEqual({
      enabled: true,
      running: true,
      lastPollAt: '2026-12-01T11:59:00.000Z',
      lastError: { at: lastError.at, explanation: text('Forbidden. Grant dms:ListOrders.', '无权限。请授予 dms:ListOrders。') },
    });
    watcher = { ...watcher, enabled: false, running: false };
    h = await health();
    expect(h.overall).toBe('ok');
  });

  it('is degraded when the keychain cannot be used, with its explanation', async () => {
    enabled.add('feishu');
    vault = {
      ...OK_VAULT,
      available: false,
      problem: { reason: 'keychain-locked', message: text('Locked.', '已锁定。'), fix: text('Unlock it.', '请解锁。') },
    };
    const h = await health();
    expect(h.overall).toBe('degraded');
    expect(h.keychain).toEqual({ ok: false, problem: text('Locked. Unlock it.', '已锁定。请解锁。') });
    // Even before any channel is enabled: "setup" must not hide a broken keychain.
    enabled.clear();
    expect((await health()).overall).toBe('degraded');
  });
});
