import { useSyncExternalStore } from 'react';

/**
 * Whether the service answers, as this page last saw it: a failed call or a dropped event stream says
 * no, the event stream opening again (or, in Electron, a call answering) says yes. Tiny and free of
 * the API client, so the shell can grey the page without loading more.
 */
let reachable = true;
const listeners = new Set<() => void>();

export const connection = {
  reachable: (): boolean => reachable,
  set(next: boolean): void {
    if (next === reachable) return;
    reachable = next;
    for (const l of [...listeners]) l();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

/** Re-renders when the service becomes unreachable or reachable again. */
export function useReachable(): boolean {
  return useSyncExternalStore(connection.subscribe, connection.reachable);
}
