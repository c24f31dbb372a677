import { z } from 'zod';
import { watcherStatusSchema } from '../../../shared/contract/dms.js';

/** The part of the watcher's status another process needs; stored as JSON in the watch-state file. */
export const watcherRecordSchema = watcherStatusSchema.pick({ lastPollAt: true, lastSuccessAt: true, nextPollAt: true, lastError: true, failures: true });
export type WatcherRecord = z.infer<typeof watcherRecordSchema>;

/** Parses what the watcher stored; a damaged or older record reads as "nothing known". */
export function parseWatcherRecord(json: string | null): WatcherRecord | null {
  if (json === null) return null;
  try {
    const r = watcherRecordSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
