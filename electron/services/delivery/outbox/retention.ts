import type { SettingsStore } from '../../settings/settings-store.js';
import type { RetentionStore } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows per transaction: keeps each write lock short so intake never waits long. */
const BATCH = 500;
/** How often the pruning runs while the services run. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes events received more than `days` ago whose every delivery is finished for good (sent or
 * discarded), with their deliveries and attempts; dead letters and anything still queued are kept,
 * because the admin still has to act on them. Approval presses (the approvals audit) older than `days` go too,
 * except claims still unresolved, and approval cards
 * created before then that are decided or expired. Then truncates the WAL so the file shrinks on disk.
 * Returns how many events were deleted.
 */
export function pruneSentEvents(outbox: RetentionStore, days: number, now: number): number {
  const cutoff = now - days * DAY_MS;
  const total = inBatches((limit) => outbox.deleteFinishedEvents(cutoff, limit));
  const approvals = inBatches((limit) => outbox.deleteFinishedApprovals(cutoff, limit));
  const cards = inBatches((limit) => outbox.deleteOldCards(cutoff, limit));
  if (total + approvals + cards > 0) outbox.truncateWal();
  return total;
}

function inBatches(deleteSome: (limit: number) => number): number {
  let total = 0;
  for (;;) {
    const changes = deleteSome(BATCH);
    total += changes;
    if (changes < BATCH) return total;
  }
}

/** Prunes now and then every RETENTION_INTERVAL_MS; `days()` is read each time (a settings change applies). */
export function startRetention(opts: { outbox: RetentionStore; days: () => number; now: () => number; onError?: (err: unknown) => void }): () => void {
  const run = (): void => {
    try {
      pruneSentEvents(opts.outbox, opts.days(), opts.now());
    } catch (err) {
      // A busy or full disk: the next run tries again; nothing is lost by waiting.
      opts.onError?.(err);
    }
  };
  run();
  const timer = setInterval(run, RETENTION_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** The one writer of `settings.retention`: days a finished event stays in the delivery log. */
export function saveRetentionDays(settings: SettingsStore, sentEventDays: number): { sentEventDays: number } {
  return settings.update((cur) => ({ ...cur, retention: { sentEventDays } })).retention;
}
