import { z } from 'zod';
import type { ChannelId } from '../../../shared/catalog/channels.js';
import { longConnectionViewSchema, type LongConnectionView } from '../../../shared/contract/approvals.js';
import { text } from '../../../shared/i18n-text.js';
import type { LongConnectionState } from '../platforms/approval-cards.js';

// The connections' state as the process running them (`serve`, the app) records it in the outbox's meta, so that
// `channel-desk status` in another process tells the truth — the same idea as the watcher's record.

export const CONNECTIONS_META_KEY = 'approvals.connections';
/** The running process refreshes the record this often; a record older than CONNECTIONS_STALE_MS means nobody does. */
export const CONNECTIONS_HEARTBEAT_MS = 60_000;
export const CONNECTIONS_STALE_MS = 3 * CONNECTIONS_HEARTBEAT_MS;

/** The view's fields, with its times as epoch ms: the record is written before they are formatted. */
const stateSchema = longConnectionViewSchema.extend({ since: z.number(), lastCallbackAt: z.number().nullable() });
const recordSchema = z.object({ at: z.number(), states: z.array(stateSchema) });

export const formatConnectionsRecord = (at: number, states: readonly LongConnectionState[]): string => JSON.stringify({ at, states });

const NOBODY = text(
  'No running Channel Desk (app or `serve`) holds this long connection, so presses cannot arrive.',
  '没有正在运行的 Channel Desk（应用或 `serve`）保持此长连接，按钮回调无法到达。',
);

/** What another process recorded, for `channel`; a missing, damaged or stale record reads as "off, nobody runs it". */
export function recordedState(json: string | null, channel: ChannelId, now: number): LongConnectionState {
  let parsed: z.infer<typeof recordSchema> | null = null;
  try {
    const r = json === null ? null : recordSchema.safeParse(JSON.parse(json));
    parsed = r?.success ? r.data : null;
  } catch {
    parsed = null;
  }
  const mine = parsed?.states.find((s) => s.channel === channel);
  if (parsed && mine && now - parsed.at < CONNECTIONS_STALE_MS) return mine;
  return {
    channel,
    phase: 'off',
    since: parsed && parsed.at > 0 ? parsed.at : now,
    lastCallbackAt: mine?.lastCallbackAt ?? null,
    lastError: NOBODY,
    reconnects: 0,
  };
}

/** A connection's state as the contract shows it (ISO times): `approvals.connections`, health, `status --json`. */
export function connectionView(c: LongConnectionState): LongConnectionView {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    channel: c.channel,
    phase: c.phase,
    since: iso(c.since),
    lastCallbackAt: c.lastCallbackAt === null ? null : iso(c.lastCallbackAt),
    lastError: c.lastError,
    reconnects: c.reconnects,
  };
}
