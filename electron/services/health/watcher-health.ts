import type { WatcherStatus } from '../../../shared/contract/dms.js';
import type { WatcherRecord } from '../dms/watcher-record.js';
import type { WatcherHealth } from './health-service.js';

/**
 * A poll due longer ago than this means no process is running the watcher any more (a serving
 * process records its next poll time; one that was killed stops moving it forward). Covers one
 * slow poll (paged ListOrders with timeouts) on top of the scheduled time.
 */
export const WATCHER_STALE_MS = 5 * 60_000;

/**
 * The watcher as health sees it: this process's own loop when it runs one; otherwise what the process
 * that does (e.g. `serve`) last recorded in the data folder, so `channel-desk status` tells the truth.
 */
export function watcherHealth(own: WatcherStatus, recorded: WatcherRecord | null, now: Date): WatcherHealth {
  const source = own.running || recorded === null ? own : recorded;
  const running = own.running || (recorded?.nextPollAt != null && now.getTime() < Date.parse(recorded.nextPollAt) + WATCHER_STALE_MS);
  return {
    enabled: own.enabled,
    running: own.enabled && running,
    lastPollAt: source.lastPollAt,
    lastError: source.lastError ? { at: source.lastError.at, message: source.lastError.message, fix: source.lastError.fix } : null,
  };
}
