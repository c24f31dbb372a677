import type { ChannelId } from '../../../shared/catalog/channels.js';
import type { Directory } from './directory.js';
import { RECIPIENT_ERROR_CODES } from './recipient-errors.js';

const CODES = new Set<string>(RECIPIENT_ERROR_CODES);

/**
 * Before dead letters for "no such person" / "outside availability" go back to the queue, their users
 * are looked up again now (not from the cache), so the retry shows the platform's current answer.
 */
export async function lookUpAgain(
  directory: Pick<Directory, 'resolve'>,
  dead: readonly { uid: string; channel: ChannelId; code: string | null }[],
): Promise<void> {
  const byChannel = new Map<ChannelId, Set<string>>();
  for (const d of dead) {
    if (d.code === null || !CODES.has(d.code)) continue;
    byChannel.set(d.channel, (byChannel.get(d.channel) ?? new Set()).add(d.uid));
  }
  for (const [channel, uids] of byChannel) {
    // A channel that cannot be asked now is reported by the delivery's next attempt.
    await directory.resolve({ uids: [...uids], channels: [channel] }).catch(() => undefined);
  }
}
