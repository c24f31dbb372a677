import { createHash } from 'node:crypto';
import { isPlatformError } from './errors.js';
import type { PlatformFailure } from './types.js';

/** Feishu `uuid` and DingTalk `outTrackId` must be short: long dedup keys are hashed, stably. */
export function shortDedupKey(key: string, max = 50): string {
  return key.length <= max ? key : createHash('sha256').update(key).digest('base64url').slice(0, Math.min(max, 43));
}

/** Runs `each` over chunks, turning a whole-chunk PlatformError into per-recipient failures. */
export async function sendInChunks(
  recipients: readonly string[],
  size: number,
  each: (chunk: string[]) => Promise<{ delivered: string[]; failed: { recipient: string; failure: PlatformFailure }[] }>,
): Promise<{ delivered: string[]; failed: { recipient: string; failure: PlatformFailure }[] }> {
  const delivered: string[] = [];
  const failed: { recipient: string; failure: PlatformFailure }[] = [];
  for (let i = 0; i < recipients.length; i += size) {
    const chunk = recipients.slice(i, i + size);
    try {
      const r = await each(chunk);
      delivered.push(...r.delivered);
      failed.push(...r.failed);
    } catch (err) {
      if (!isPlatformError(err)) throw err;
      for (const recipient of chunk) failed.push({ recipient, failure: err.failure });
    }
  }
  return { delivered, failed };
}
