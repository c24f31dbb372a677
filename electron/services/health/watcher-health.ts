import type { WatcherStatus } from '../../../shared/contract/dms.js';
import type { WatcherHealth } from './health-service.js';

/** The in-process watcher's status as health reads it. */
export const watcherHealthOf = (s: WatcherStatus): WatcherHealth => ({
  enabled: s.enabled,
  running: s.running,
  lastPollAt: s.lastPollAt,
  lastError: s.lastError ? { at: s.lastError.at, message: s.lastError.message, fix: s.lastError.fix } : null,
});
