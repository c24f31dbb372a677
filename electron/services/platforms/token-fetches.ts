import type { ChannelId } from '../../../shared/catalog/channels.js';

/**
 * Access-token requests to the platforms in this process, by channel and outcome. Process-wide because
 * the token cache is (every client of one app shares its token); only `/metrics` reads it.
 */
const counts = new Map<string, { channel: ChannelId; ok: boolean; n: number }>();

export function countTokenFetch(channel: ChannelId, ok: boolean): void {
  const key = `${channel}|${ok}`;
  const entry = counts.get(key) ?? { channel, ok, n: 0 };
  entry.n++;
  counts.set(key, entry);
}

export const tokenFetchCounts = (): readonly { channel: ChannelId; ok: boolean; n: number }[] => [...counts.values()];
