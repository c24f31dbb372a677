import { createHash } from 'node:crypto';
import type { ChannelId } from '../../../../shared/catalog/channels.js';
import type { DmsEvent } from '../../../../shared/events/dms-event.js';

/** Stable per (event, channel, recipient), ≤ 50 chars (Feishu `uuid` limit), safe in any id field. */
export function dedupKeyFor(eventId: string, channel: ChannelId, recipientUid: string): string {
  const digest = createHash('sha256').update(`${eventId}\u0000${channel}\u0000${recipientUid}`).digest('base64url');
  return `cd-${digest.slice(0, 40)}`;
}

/** Same content → same hash, whatever the key order or whitespace of the original body. */
export function contentHash(event: DmsEvent): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
