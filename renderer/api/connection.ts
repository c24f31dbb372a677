import { useSyncExternalStore } from 'react';

/**
 * The service as this page last saw it: `connecting` until the event stream (or IPC channel) is
 * open, `live` while changes arrive by push, `unreachable` after a failed call or a dropped stream,
 * until the stream opens again (or, in Electron, a call answers). Tiny and free of the API client,
 * so the shell can grey the page without loading more.
 */
export type ConnectionStatus = 'connecting' | 'live' | 'unreachable';

let status: ConnectionStatus = 'connecting';
const listeners = new Set<() => void>();

export const connection = {
  status: (): ConnectionStatus => status,
  reachable: (): boolean => status !== 'unreachable',
  set(next: ConnectionStatus): void {
    if (next === status) return;
    status = next;
    for (const l of [...listeners]) l();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

/** Re-renders when the connection status changes. */
export function useConnectionStatus(): ConnectionStatus {
  return useSyncExternalStore(connection.subscribe, connection.status);
}
