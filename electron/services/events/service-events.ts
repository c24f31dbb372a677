import type { ServiceEvent, ServiceEventType } from '../../../shared/contract/events.js';

/**
 * The one typed event bus of the services: outbox commits, directory writes, health and settings
 * changes are emitted here; the headless event stream and Electron's IPC event channel subscribe.
 * Changes are coalesced: a burst (a retry of 600 dead letters) reaches a subscriber as one message
 * within `coalesceMs`, and with nobody subscribed an emit costs nothing (no timer).
 */
export interface ServiceEvents {
  emit(type: ServiceEventType): void;
  subscribe(listener: (event: ServiceEvent) => void): () => void;
  /** Drops a pending batch and every subscriber (shutdown). */
  close(): void;
}

/** Short enough for "within 1 s" on screen, long enough to merge the commits of one burst. */
export const DEFAULT_COALESCE_MS = 50;

export function createServiceEvents(opts: { coalesceMs?: number } = {}): ServiceEvents {
  const coalesceMs = opts.coalesceMs ?? DEFAULT_COALESCE_MS;
  const listeners = new Set<(event: ServiceEvent) => void>();
  const pending = new Set<ServiceEventType>();
  let timer: NodeJS.Timeout | null = null;

  const flush = (): void => {
    timer = null;
    if (pending.size === 0) return;
    const event: ServiceEvent = { types: [...pending] };
    pending.clear();
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch {
        // One broken subscriber (a closed socket) must not starve the others.
      }
    }
  };

  return {
    emit(type) {
      if (listeners.size === 0) return;
      pending.add(type);
      if (timer) return;
      timer = setTimeout(flush, coalesceMs);
      timer.unref();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
      listeners.clear();
    },
  };
}
