import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';
import { CHANNEL_IDS } from '../../../shared/catalog/channels.js';
import { LONG_CONNECTION_PHASES } from '../../../shared/contract/approvals.js';
import type { WatcherStatus } from '../../../shared/contract/dms.js';
import { CHANNEL_HEALTH_STATES, type HealthSummary } from '../../../shared/contract/health.js';
import { DELIVERY_STATES } from '../../../shared/contract/sender.js';
import type { HttpRoute } from '../net/routes.js';
import type { OutboxStats } from '../delivery/index.js';
import { isThrottle } from '../delivery/index.js';
import { tokenFetchCounts } from '../platforms/token-fetches.js';

export interface MetricsDeps {
  readonly outbox: OutboxStats;
  watcher(): WatcherStatus;
  /** The health model (channel state and unreachable recipients), as `status` and `/healthz` read it. */
  health?(): Promise<Pick<HealthSummary, 'channels'>>;
}

export interface Metrics {
  readonly registry: Registry;
  /** The Prometheus text exposition of every metric, read fresh from the outbox and the services. */
  render(): Promise<string>;
  /** The same route, counting each answer as accepted (202), duplicate (200) or rejected (anything else). */
  countInbox(route: HttpRoute): HttpRoute;
}

const INBOX_OUTCOMES = ['accepted', 'duplicate', 'rejected'] as const;

/**
 * Metrics for a server admin's Prometheus. Delivery counts come from the outbox (the truth, also for
 * work done by other processes and before a restart); attempts are counted incrementally by attempt
 * id, so a scrape reads only the attempts added since the last one and pruning never makes a counter
 * go down. Watcher, token and inbox counters are this process's own (they reset on restart, which
 * Prometheus' rate() handles).
 */
export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = new Registry();
  const attempts = new Map<string, number>();
  const throttled = new Map<string, number>();
  let lastAttemptId = 0;
  const inbox = new Map<string, number>(INBOX_OUTCOMES.map((o) => [o, 0]));

  const readNewAttempts = (): void => {
    for (const r of deps.outbox.attemptsAfter(lastAttemptId)) {
      lastAttemptId = r.id;
      const key = `${r.channel}|${r.ok ? 'ok' : 'failed'}`;
      attempts.set(key, (attempts.get(key) ?? 0) + 1);
      if (!r.ok && r.code !== null && isThrottle({ code: r.code, httpStatus: r.httpStatus, retryAfterMs: r.retryAfterMs }))
        throttled.set(r.channel, (throttled.get(r.channel) ?? 0) + 1);
    }
  };

  new Gauge({
    name: 'channel_desk_deliveries',
    help: 'Deliveries (event x channel x recipient) in the outbox by channel and current state.',
    labelNames: ['channel', 'state'] as const,
    registers: [registry],
    collect() {
      const counts = deps.outbox.countsPerChannelState();
      for (const channel of CHANNEL_IDS) for (const state of DELIVERY_STATES) this.set({ channel, state }, counts.get(`${channel}|${state}`) ?? 0);
    },
  });
  new Gauge({
    name: 'channel_desk_queue_depth',
    help: 'Deliveries waiting to be sent: queued, sending or waiting for a retry.',
    registers: [registry],
    collect() {
      this.set(deps.outbox.queueDepth());
    },
  });
  new Gauge({
    name: 'channel_desk_dead_letters',
    help: 'Dead letters waiting for the admin (retry or discard).',
    registers: [registry],
    collect() {
      this.set(deps.outbox.deadLetterCount());
    },
  });
  new Counter({
    name: 'channel_desk_delivery_attempts_total',
    help: 'Send attempts recorded in the outbox by channel and outcome (ok or failed).',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
    collect() {
      readNewAttempts();
      this.reset();
      for (const channel of CHANNEL_IDS) for (const outcome of ['ok', 'failed']) this.inc({ channel, outcome }, attempts.get(`${channel}|${outcome}`) ?? 0);
    },
  });
  new Counter({
    name: 'channel_desk_rate_limit_waits_total',
    help: 'Attempts the platform throttled (HTTP 429 or a rate-limit code); the sender held the app and retried later.',
    labelNames: ['channel'] as const,
    registers: [registry],
    collect() {
      readNewAttempts();
      this.reset();
      for (const channel of CHANNEL_IDS) this.inc({ channel }, throttled.get(channel) ?? 0);
    },
  });
  new Counter({
    name: 'channel_desk_token_fetches_total',
    help: 'App access-token requests to the platform by channel and outcome, since this process started.',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const channel of CHANNEL_IDS) for (const outcome of ['ok', 'failed']) this.inc({ channel, outcome }, 0);
      for (const c of tokenFetchCounts()) this.inc({ channel: c.channel, outcome: c.ok ? 'ok' : 'failed' }, c.n);
    },
  });
  new Counter({
    name: 'channel_desk_watcher_polls_total',
    help: 'DMS watcher poll cycles since this process started.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(deps.watcher().counts.polls);
    },
  });
  new Counter({
    name: 'channel_desk_watcher_errors_total',
    help: 'DMS watcher poll cycles that failed since this process started.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(deps.watcher().counts.errors);
    },
  });
  if (deps.health) {
    const health = deps.health;
    new Gauge({
      name: 'channel_desk_channel_state',
      help: 'Health state of each channel from channel-level signals (1 for the current state): ok, failing, idle or disabled.',
      labelNames: ['channel', 'state'] as const,
      registers: [registry],
      async collect() {
        for (const c of (await health()).channels)
          for (const state of CHANNEL_HEALTH_STATES) this.set({ channel: c.channel, state }, c.state === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'channel_desk_channel_recipient_problems',
      help: 'People and chats a channel cannot reach (no such person, outside availability, bot not in the chat); never a channel failure.',
      labelNames: ['channel'] as const,
      registers: [registry],
      async collect() {
        for (const c of (await health()).channels) this.set({ channel: c.channel }, c.recipientProblems);
      },
    });
    new Gauge({
      name: 'channel_desk_long_connection_state',
      help: 'Approve from chat: phase of each channel long connection (1 for the current phase); channels without the feature are absent.',
      labelNames: ['channel', 'phase'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const c of (await health()).channels) {
          const lc = c.longConnection;
          if (lc) for (const phase of LONG_CONNECTION_PHASES) this.set({ channel: c.channel, phase }, lc.phase === phase ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'channel_desk_long_connection_reconnects',
      help: 'Approve from chat: reconnects of each channel long connection since it was started (settings change or process start).',
      labelNames: ['channel'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const c of (await health()).channels) if (c.longConnection) this.set({ channel: c.channel }, c.longConnection.reconnects);
      },
    });
    new Gauge({
      name: 'channel_desk_long_connection_last_callback_seconds',
      help: 'Approve from chat: Unix time of the last button press a channel long connection received (absent before the first).',
      labelNames: ['channel'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const c of (await health()).channels) {
          const at = c.longConnection?.lastCallbackAt;
          if (at) this.set({ channel: c.channel }, Date.parse(at) / 1000);
        }
      },
    });
  }
  new Counter({
    name: 'channel_desk_inbox_requests_total',
    help: 'Webhook inbox requests by outcome: accepted (new event stored), duplicate (already stored) or rejected (4xx/5xx).',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [outcome, n] of inbox) this.inc({ outcome }, n);
    },
  });

  return {
    registry,
    render: () => registry.metrics(),
    countInbox: (route) => ({
      prefix: route.prefix,
      handle(req: IncomingMessage, res: ServerResponse) {
        res.once('close', () => {
          // A connection dropped before the answer was sent counts as rejected, whatever statusCode says.
          const outcome = !res.writableFinished ? 'rejected' : res.statusCode === 202 ? 'accepted' : res.statusCode === 200 ? 'duplicate' : 'rejected';
          inbox.set(outcome, (inbox.get(outcome) ?? 0) + 1);
        });
        return route.handle(req, res);
      },
    }),
  };
}
