import { useQuery as useCachedQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodName } from '../../shared/contract/index';
import { text } from '../../shared/i18n-text';
import { ApiError } from './api-error';
import { queryClient } from './query-client';

/** Anything thrown by a contract call, normalised to ApiError for display. */
export function toApiError(err: unknown, method = 'call'): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(method, 'INTERNAL', text('Unexpected error in the page.', '页面发生意外错误。'));
}

/**
 * The cache key of a query: the contract method it reads first (service events refetch by its
 * namespace, renderer/api/query-client.ts), then every input the answer depends on.
 */
export type QueryKey = readonly [MethodName, ...unknown[]];

export interface Query<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  /** True until the first answer, and while an explicit reload() runs (not for live refetches). */
  readonly loading: boolean;
  /** Runs the call again; resolves with the new value (or undefined on error). */
  readonly reload: () => Promise<T | undefined>;
  /** Replaces the data locally, e.g. with a save's answer, without another round trip. */
  readonly setData: (value: T) => void;
  /** When the data was last answered (ms): an equal answer keeps the same `data` object, this still moves. */
  readonly updatedAt: number;
}

/** The cache's loader for `key`: a failure becomes the ApiError every page shows. */
export function cacheLoader<T>(key: QueryKey, load: () => Promise<T>): () => Promise<T> {
  return () =>
    load().catch((err: unknown) => {
      throw toApiError(err, key[0]);
    });
}

/**
 * Data of `key` from the shared cache (TanStack Query): loaded on first use, shared by every
 * component asking the same key, refetched when the services say it changed, on focus and after a save.
 */
export function useQuery<T>(key: QueryKey, load: () => Promise<T>): Query<T> {
  const q = useCachedQuery<T, ApiError>(
    {
      queryKey: key,
      queryFn: cacheLoader(key, load),
    },
    queryClient,
  );
  const [reloading, setReloading] = useState(false);
  // The key's value, not its identity: callers write the array inline.
  const keyJson = JSON.stringify(key);
  const { refetch } = q;

  const reload = useCallback(async () => {
    setReloading(true);
    try {
      const r = await refetch();
      return r.isError ? undefined : r.data;
    } finally {
      setReloading(false);
    }
  }, [refetch]);

  const setData = useCallback(
    (value: T) => {
      queryClient.setQueryData(JSON.parse(keyJson) as QueryKey, value);
    },
    [keyJson],
  );

  return { data: q.data, error: q.error ?? undefined, loading: q.isPending || reloading, reload, setData, updatedAt: q.dataUpdatedAt };
}

export interface Action<A extends unknown[], T> {
  readonly run: (...args: A) => Promise<T>;
  readonly pending: boolean;
}

/**
 * Wraps a mutating call with a pending flag; errors are re-thrown for the caller to show. After it
 * succeeds, what is on screen is fetched again (a save can change more than its own answer).
 */
export function useAction<A extends unknown[], T>(fn: (...args: A) => Promise<T>): Action<A, T> {
  const [pending, setPending] = useState(false);
  const fnRef = useRef(fn);
  useEffect(() => {
    fnRef.current = fn;
  });
  const run = useCallback(async (...args: A) => {
    setPending(true);
    try {
      const result = await fnRef.current(...args);
      void queryClient.invalidateQueries();
      return result;
    } catch (err) {
      throw toApiError(err);
    } finally {
      setPending(false);
    }
  }, []);
  return { run, pending };
}
