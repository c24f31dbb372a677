import { CHANNEL_IDS, type ChannelId } from '../../../shared/catalog/channels.js';
import type { ChannelHealth, HealthSummary } from '../../../shared/contract/health.js';
import type { DeliveryError } from '../../../shared/contract/sender.js';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';
import type { ResolutionView } from '../../../shared/contract/users.js';
import { connectionView } from '../approvals/connection-record.js';
import type { OutboxStats } from '../delivery/index.js';
import { explain as explainCode } from '../platforms/explain.js';
import type { LongConnectionState } from '../platforms/approval-cards.js';
import type { VaultStatus } from '../vault/secret-store.js';
import { channelModel, errorScope, type ChannelSignal } from './channel-health.js';
import { OutboxFactsReader, type ChannelOutboxFacts } from './outbox-health.js';

const DAY_MS = 24 * 3_600_000;

/** The watcher as health sees it (in-process status, or what a serving process last recorded). */
export interface WatcherHealth {
  readonly enabled: boolean;
  readonly running: boolean;
  readonly lastPollAt: string | null;
  readonly lastError: { readonly at: string; readonly message: LocalizedText; readonly fix: LocalizedText | null } | null;
}

/** One user's lookup on one channel, as the users directory stored it. */
export interface LookupFact {
  readonly uid: string;
  readonly channel: ChannelId;
  readonly status: ResolutionView['status'];
  /** When the platform answered (ISO). */
  readonly at: string;
  readonly code: string | null;
  readonly explanation: { readonly message: LocalizedText; readonly fix: LocalizedText | null } | null;
  /** The user's mobile / e-mail changed since: the answer is about old contact data. */
  readonly stale: boolean;
}

/** The last credential test of a channel (a test of typed values counts once they are saved). */
export interface CredentialTestFact {
  readonly ok: boolean;
  readonly at: string;
  readonly failedStep: string | null;
  readonly code: string | null;
  /** What the channel card says about it. */
  readonly summary: LocalizedText;
}

export interface HealthDeps {
  readonly outbox: OutboxStats;
  /** Per channel: enabled, every required field and secret set, and when the secret last changed (ISO). */
  channels(): readonly {
    readonly channel: ChannelId;
    readonly enabled: boolean;
    readonly configured: boolean;
    readonly credentialsChangedAt: string | null;
  }[];
  credentialTest(channel: ChannelId): CredentialTestFact | null;
  /** Every stored lookup (users × channels). */
  lookups(): readonly LookupFact[];
  vaultStatus(): Promise<VaultStatus>;
  paused(): boolean;
  watcher(): WatcherHealth;
  /** Approve from chat: the long connection of each channel that has it on. */
  longConnections?(): readonly LongConnectionState[];
  readonly now?: () => Date;
}

export interface HealthService {
  get(): Promise<HealthSummary>;
}

/** Message and fix in one line: health surfaces show a single explanation. */
const explain = (message: LocalizedText, fix: LocalizedText | null): LocalizedText =>
  fix ? text(`${message.en} ${fix.en}`, `${message.zh}${fix.zh}`) : message;

const iso = (ms: number): string => new Date(ms).toISOString();

const parseTime = (at: string | null): number | null => {
  const ms = at === null ? NaN : Date.parse(at);
  return Number.isNaN(ms) ? null : ms;
};

/** Steps of the credential test that only the channel's own setup can fail. */
const CHANNEL_STEPS = new Set(['config', 'reachable', 'token', 'permission']);

/**
 * Channel-level signals of one channel from the three places that record them: send attempts (outbox),
 * lookups (users directory: a wrong secret fails every lookup before anything is sent) and the last
 * credential test. Only the newest success and failure of each source matter.
 */
function signalsOf(channel: ChannelId, outbox: ChannelOutboxFacts, lookups: readonly LookupFact[], test: CredentialTestFact | null): ChannelSignal[] {
  const signals: ChannelSignal[] = [];
  if (outbox.lastSuccessAt !== null) signals.push({ ok: true, at: outbox.lastSuccessAt, source: 'send' });
  if (outbox.lastError) {
    const e: DeliveryError = outbox.lastError.error;
    signals.push({ ok: false, at: outbox.lastError.at, source: 'send', code: e.code, explanation: explain(e.message, e.fix) });
  }
  let worked: number | null = null;
  let failed: Extract<ChannelSignal, { ok: false }> | null = null;
  for (const l of lookups) {
    const at = parseTime(l.at);
    if (at === null) continue;
    // Any answer about a person (found or not) proves the channel answers lookups.
    if (l.status !== 'error') worked = Math.max(worked ?? at, at);
    else if (l.code !== null && errorScope(channel, l.code) === 'channel' && (failed === null || at > failed.at)) {
      failed = {
        ok: false,
        at,
        source: 'lookup',
        code: l.code,
        explanation: l.explanation ? explain(l.explanation.message, l.explanation.fix) : explainCode(channel, l.code).message,
      };
    }
  }
  if (worked !== null) signals.push({ ok: true, at: worked, source: 'lookup' });
  if (failed) signals.push(failed);
  const testAt = test ? parseTime(test.at) : null;
  if (test && testAt !== null) {
    if (test.ok) signals.push({ ok: true, at: testAt, source: 'credential-test' });
    else if ((test.failedStep !== null && CHANNEL_STEPS.has(test.failedStep)) || (test.code !== null && errorScope(channel, test.code) === 'channel')) {
      // The config step's code is Channel Desk's own; the card's summary says which fields.
      const platform =
        test.code !== null && test.failedStep !== 'config' && errorScope(channel, test.code) === 'channel' ? explainCode(channel, test.code) : null;
      signals.push({
        ok: false,
        at: testAt,
        source: 'credential-test',
        code: test.code ?? test.failedStep ?? 'credential-test',
        explanation: platform ? explain(platform.message, platform.fix) : test.summary,
      });
    }
  }
  return signals;
}

function longConnectionOf(c: LongConnectionState | null): ChannelHealth['longConnection'] {
  return c === null ? null : connectionView(c);
}

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
      const lookups = deps.lookups();
      const connections = new Map((deps.longConnections?.() ?? []).map((c) => [c.channel, c]));
      const channels: ChannelHealth[] = CHANNEL_IDS.map((channel) => {
        const c = settings.get(channel);
        const f = outbox.channels[channel];
        const enabled = c?.enabled ?? false;
        const test = deps.credentialTest(channel);
        const mine = lookups.filter((l) => l.channel === channel);
        const model = channelModel({
          enabled,
          credentialsChangedAt: parseTime(c?.credentialsChangedAt ?? null),
          signals: signalsOf(channel, f, mine, test),
        });
        // People (and chats) that cannot be reached: their lookup found nobody / outside availability, or their dead letter says so.
        const unreachable = new Set(f.unreachable);
        for (const l of mine) if (!l.stale && (l.status === 'not_found' || l.status === 'outside_availability')) unreachable.add(l.uid);
        return {
          channel,
          enabled,
          configured: c?.configured ?? false,
          state: model.state,
          lastSuccessAt: model.lastSuccessAt === null ? null : iso(model.lastSuccessAt),
          lastError: model.lastFailure ? { at: iso(model.lastFailure.at), code: model.lastFailure.code, explanation: model.lastFailure.explanation } : null,
          queued: f.queued,
          deadLetters: f.deadLetters,
          recipientProblems: unreachable.size,
          rateLimitWaits24h: f.rateLimitWaits,
          credentialTest: test ? { passed: test.ok, at: test.at } : null,
          longConnection: longConnectionOf(connections.get(channel) ?? null),
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
      // A failing long connection: presses cannot arrive. It degrades the summary, not the channel's sending state.
      const degraded =
        !keychain.ok ||
        queue.deadLetters > 0 ||
        channels.some((c) => c.state === 'failing' || (c.enabled && c.longConnection?.phase === 'failing')) ||
        (watcher.enabled && watcher.lastError !== null);
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
