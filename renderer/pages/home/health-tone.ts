import type { ChannelHealth } from '../../../shared/contract/health';

export type Tone = 'success' | 'error' | 'warning' | 'processing' | 'default';

/**
 * The colour of a channel on Home. Green only for 'ok', and never while an error is newer than the
 * last success or dead letters wait: a wrong green is worse than none.
 */
export function channelTone(ch: ChannelHealth): Tone {
  const errorIsNewest = ch.lastError !== null && (ch.lastSuccessAt === null || ch.lastError.at >= ch.lastSuccessAt);
  if (ch.state === 'failing' || (ch.enabled && errorIsNewest)) return 'error';
  if (ch.state === 'disabled') return 'default';
  // People or chats that cannot be reached are a warning, never the channel's failure.
  if (ch.deadLetters > 0 || ch.recipientProblems > 0) return 'warning';
  if (ch.state === 'idle') return 'processing';
  return 'success';
}
