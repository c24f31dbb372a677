import { QueryClient, type Query } from '@tanstack/react-query';
import type { ServiceEventType } from '../../shared/contract/events';
import { connection } from './connection';

/**
 * The one cache of the pages' data (TanStack Query): answers are shared and deduplicated by key
 * (`[method, ...inputs]`), refetched on focus, after a save, and when the services say what changed.
 * No polling: the event stream (or IPC channel) drives the refetches.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // The push says when data changes; a failed call is shown at once and fixed by the reconnect.
      retry: false,
      // Loopback and IPC work without a network: never wait for navigator.onLine.
      networkMode: 'always',
      refetchOnWindowFocus: true,
      staleTime: 0,
    },
    mutations: { networkMode: 'always', retry: false },
  },
});

/** Which method namespaces (`sender` of `sender.events`) read what each event says changed; null = all. */
const AFFECTED: Record<ServiceEventType, readonly string[] | null> = {
  // The approvals audit lives in the outbox; long-connection state changes are health changes.
  'outbox.changed': ['sender', 'health', 'home', 'approvals'],
  'directory.changed': ['users', 'health', 'home', 'approvals'],
  'health.changed': ['health', 'home', 'vault', 'dms', 'approvals'],
  'settings.saved': null,
};

const namespaceOf = (q: Query): string => String(q.queryKey[0]).split('.', 1)[0] ?? '';

/** Refetches the active queries that read what changed (inactive ones refetch when next shown). */
export function invalidateFor(types: readonly ServiceEventType[]): void {
  if (types.some((t) => AFFECTED[t] === null)) {
    void queryClient.invalidateQueries();
    return;
  }
  const namespaces = new Set(types.flatMap((t) => AFFECTED[t] ?? []));
  void queryClient.invalidateQueries({ predicate: (q) => namespaces.has(namespaceOf(q)) });
}

// Back after an outage: events may have been missed, so everything shown is fetched again.
let wasReachable = connection.reachable();
connection.subscribe(() => {
  const now = connection.reachable();
  if (now && !wasReachable) void queryClient.invalidateQueries();
  wasReachable = now;
});
