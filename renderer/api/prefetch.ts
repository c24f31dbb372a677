import type { MethodName } from '../../shared/contract/index';
import { api } from './client';
import { toApiError, type QueryKey } from './hooks';
import { queryClient } from './query-client';

/** A query by its cache key and loader: what a page reads first, declared beside the page so it can be loaded ahead. */
export interface QueryDef<T = unknown> {
  readonly key: QueryKey;
  readonly load: () => Promise<T>;
}

/** The query a page makes with `useQuery([method], () => api[method]({}))`: the same key and the same call. */
export function methodQuery(method: MethodName): QueryDef {
  const call = api[method] as (input: object) => Promise<unknown>;
  return { key: [method], load: () => call({}) };
}

/**
 * Loads queries into the shared cache ahead of the page that reads them: its first visit shows them at once
 * and refetches in the background like any revisit. A failure stays in the cache for the page to show and retry.
 */
export async function prefetchQueries(defs: readonly QueryDef[]): Promise<void> {
  await Promise.all(
    defs.map((def) =>
      queryClient
        .query({
          queryKey: def.key,
          queryFn: () =>
            def.load().catch((err: unknown) => {
              throw toApiError(err, def.key[0]);
            }),
        })
        .catch(() => undefined),
    ),
  );
}
