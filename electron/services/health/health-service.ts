import { CHANNEL_IDS, type ChannelId } from '../../../shared/catalog/channels.js';
import type { ChannelHealth, ChannelHealthState, HealthSummary } from '../../../shared/contract/health.js';
import type { DeliveryError } from '../../../shared/contract/sender.js';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';
import type { Outbox } from '../delivery/index.js';
import type { VaultStatus } from '../vault/secret-store.js';
import { OutboxFactsReader, type ChannelOutboxFacts } from './outbox-health.js';

const DAY_MS = 24 * 3_600_000;

/** The watcher as health sees it (in-process status, or what a serving process last recorded). */
export interface WatcherHealth {
  readonly enabled: boolean;
  readonly running: boolean;
  readonly lastPollAt: string | null;
  readonly lastError: { readonly at: string; readonly message: LocalizedText; readonly fix: LocalizedText | null } | null;
}

export interface HealthDeps {
  readonly outbox: Outbox;
  /** Per channel: enabled, and whether every required field and secret is set. */
  channels(): readonly { readonly channel: ChannelId; readonly enabled: boolean; readonly configured: boolean }[];
  credentialTest(channel: ChannelId): { readonly ok: boolean; readonly at: string } | null;
  vaultStatus(): Promise<VaultStatus>;
  paused(): boolean;
  watcher(): WatcherHealth;
  readonly now?: () => Date;
}

export interface HealthService {
  get(): Promise<HealthSummary>;
}

/** Message and fix in one line: health surfaces show a single explanation. */
const explain = (message: LocalizedText, fix: LocalizedText | null): LocalizedText =>
  fix ? text(`${message.en} ${fix.en}`, `${message.zh}${fix.zh}`) : message;

const iso = (ms: number): string => new Date(ms).toISOString();

/** The state rules of HEALTH.md: failing wins over ok whenever the newest news is bad. */
export function channelState(enabled: boolean, f: ChannelOutboxFacts): ChannelHealthState {
  if (!enabled) return 'disabled';
  if (f.newestAttempt && !f.newestAttempt.ok) return 'failing';
  if (f.newestDeadAt !== null && (f.lastSuccessAt === null || f.newestDeadAt > f.lastSuccessAt)) return 'failing';
  if (f.lastSuccessAt === null) return 'idle';
  return 'ok';
}

const errorView = (e: { at: number; error: DeliveryError }): NonNullable<ChannelHealth['lastError']> => ({
  at: iso(e.at),
  code: e.error.code,
  explanation: explain(e.error.message, e.error.fix),
});

/**
 * One summary of everything an admin must know is wrong, from the outbox, settings, vault and watcher.
 * The Home page, `channel-desk status`, `/healthz` and the metrics all read it, so they cannot disagree.
 */
export function createHealthService(deps: HealthDeps): HealthService {
  const now = deps.now ?? (() => new Date());
  const facts = new OutboxFactsReader(deps.outbox);
  return {
    async get() {
      const at = now();
      const vault = await deps.vaultStatus();
      const outbox = facts.read(at.getTime() - DAY_MS);
      const settings = new Map(deps.channels().map((c) => [c.channel, c]));
      const channels: ChannelHealth[] = CHANNEL_IDS.map((channel) => {
        const c = settings.get(channel);
        const f = outbox.channels[channel];
        const enabled = c?.enabled ?? false;
        const test = deps.credentialTest(channel);
        return {
          channel,
          enabled,
          configured: c?.configured ?? false,
          state: channelState(enabled, f),
          lastSuccessAt: f.lastSuccessAt === null ? null : iso(f.lastSuccessAt),
          lastError: f.lastError ? errorView(f.lastError) : null,
          queued: f.queued,
          deadLetters: f.deadLetters,
          rateLimitWaits24h: f.rateLimitWaits,
          credentialTest: test ? { passed: test.ok, at: test.at } : null,
        };
      });
      const w = deps.watcher();
      const watcher: HealthSummary['watcher'] = {
        enabled: w.enabled,
        running: w.running,
        lastPollAt: w.lastPollAt,
        lastError: w.lastError ? { at: w.lastError.at, explanation: explain(w.lastError.message, w.lastError.fix) } : null,
      };
      const queue = {
        depth: channels.reduce((n, c) => n + c.queued, 0),
        deadLetters: channels.reduce((n, c) => n + c.deadLetters, 0),
        paused: deps.paused(),
      };
      const keychain = { ok: vault.available, problem: vault.problem ? explain(vault.problem.message, vault.problem.fix) : null };
      const degraded = !keychain.ok || queue.deadLetters > 0 || channels.some((c) => c.state === 'failing') || (watcher.enabled && watcher.lastError !== null);
      const overall = degraded ? 'degraded' : channels.some((c) => c.enabled) ? 'ok' : 'setup';
      return {
        overall,
        generatedAt: at.toISOString(),
        keychain,
        channels,
        queue,
        watcher,
        inbox: { lastEventAt: outbox.lastEvent ? iso(outbox.lastEvent.at) : null, lastEventSource: outbox.lastEvent?.source ?? null },
      };
    },
  };
}
