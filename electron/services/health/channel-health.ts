import type { ChannelId } from '../../../shared/catalog/channels.js';
import type { ChannelHealthState } from '../../../shared/contract/health.js';
import type { LocalizedText } from '../../../shared/i18n-text.js';
import { ERROR_CLASS_BEHAVIOUR, errorClassOf } from '../platforms/explain.js';

/**
 * Whose fault an error is, for the channel's health:
 * - channel: the channel cannot work now (credentials, scope, quota, IP allowlist, platform outage);
 * - recipient: one person or chat cannot be reached (no such person, outside availability, bot not in the chat);
 * - neither: throttling, a retried hiccup, a message the platform refused, or a local problem shown elsewhere (keychain).
 */
export type ErrorScope = 'channel' | 'recipient' | 'neither';

/** Channel Desk's own codes on stored errors (not platform codes). */
const APP_CODES: Readonly<Record<string, ErrorScope>> = {
  NOT_IN_USERS: 'recipient',
  PLATFORM_NO_SUCH_PERSON: 'recipient',
  OUTSIDE_AVAILABILITY: 'recipient',
  // The channel's stored settings are incomplete (clientFor, lookups).
  BAD_INPUT: 'channel',
  // The keychain has its own line in the summary; a locked one is not the channel's fault.
  VAULT_UNAVAILABLE: 'neither',
  UNAVAILABLE: 'neither',
  DISK_FULL: 'neither',
  INTERNAL: 'neither',
  NOT_FOUND: 'neither',
  'no-answer': 'neither',
  'lookup-failed': 'neither',
};

/** The scope of an error code on a channel: Channel Desk's own codes, else the platform error table. */
export function errorScope(channel: ChannelId, code: string, httpStatus: number | null = null): ErrorScope {
  const own = APP_CODES[code];
  if (own) return own;
  const cls = errorClassOf(channel, code, httpStatus);
  if (cls === 'recipient') return 'recipient';
  return ERROR_CLASS_BEHAVIOUR[cls].channelFailing ? 'channel' : 'neither';
}

/** Where a signal about the channel came from. */
export type SignalSource = 'send' | 'lookup' | 'credential-test';

/** One channel-level outcome: the channel worked (ok) or failed for a channel-level reason. */
export type ChannelSignal =
  | { readonly ok: true; readonly at: number; readonly source: SignalSource }
  | { readonly ok: false; readonly at: number; readonly source: SignalSource; readonly code: string; readonly explanation: LocalizedText };

export interface ChannelModelInput {
  readonly enabled: boolean;
  /** When the channel's credentials (secret) last changed (ms), or null: failures before it say nothing about them. */
  readonly credentialsChangedAt: number | null;
  /** The newest success and channel-level failure of each source (older ones do not change the answer). */
  readonly signals: readonly ChannelSignal[];
}

export interface ChannelModel {
  readonly state: ChannelHealthState;
  /** The newest time the channel did its job: a delivery or a lookup answer. */
  readonly lastSuccessAt: number | null;
  /** The channel-level failure that still counts (the cause while failing), or null. */
  readonly lastFailure: Extract<ChannelSignal, { ok: false }> | null;
}

/**
 * The state of one channel from channel-level signals only: failing while the newest channel-level
 * failure (after the credentials last changed) is not followed by a success; ok once the channel
 * delivered or answered a lookup; idle before that. A passed credential test ends a failure but is not
 * yet "delivering". What happens to single recipients never enters here.
 */
export function channelModel(input: ChannelModelInput): ChannelModel {
  let worked: number | null = null;
  let cleared: number | null = null;
  let failure: Extract<ChannelSignal, { ok: false }> | null = null;
  for (const s of input.signals) {
    if (s.ok) {
      cleared = Math.max(cleared ?? s.at, s.at);
      if (s.source !== 'credential-test') worked = Math.max(worked ?? s.at, s.at);
    } else if ((input.credentialsChangedAt === null || s.at >= input.credentialsChangedAt) && (failure === null || s.at > failure.at)) failure = s;
  }
  if (!input.enabled) return { state: 'disabled', lastSuccessAt: worked, lastFailure: failure };
  if (failure && (cleared === null || failure.at >= cleared)) return { state: 'failing', lastSuccessAt: worked, lastFailure: failure };
  return { state: worked === null ? 'idle' : 'ok', lastSuccessAt: worked, lastFailure: failure };
}
