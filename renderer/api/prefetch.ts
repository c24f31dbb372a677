import { cacheLoader, type QueryKey } from './hooks';
import { queryClient } from './query-client';

/** A query by its cache key and loader: what a page reads first, declared beside the page so it can be loaded ahead. */
export interface QueryDef<T = unknown> {
  readonly key: QueryKey;
  readonly load: () => Promise<T>;
}

/**
 * Loads queries the cache has never seen ahead of the page that reads them: its first visit shows them at once
 * and refetches in the background like any revisit. A query already there (loaded, failed or loading) is the
 * business of the page that reads it: loading it ahead again would only repeat calls, or retry behind a shown error.
 */
export async function prefetchQueries(defs: readonly QueryDef[]): Promise<void> {
  await Promise.all(
    defs
      .filter((def) => queryClient.getQueryState(def.key) === undefined)
      .map((def) => queryClient.query({ queryKey: def.key, queryFn: cacheLoader(def.key, def.load) }).catch(() => undefined)),
  );
}
