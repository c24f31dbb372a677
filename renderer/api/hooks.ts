import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api-error';
import { text } from '../../shared/i18n-text';

/** Anything thrown by a contract call, normalised to ApiError for display. */
export function toApiError(err: unknown, method = 'call'): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(method, 'INTERNAL', text('Unexpected error in the page.', '页面发生意外错误。'));
}

export interface Query<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  readonly loading: boolean;
  /** Runs the call again; resolves with the new value (or undefined on error). */
  readonly reload: () => Promise<T | undefined>;
  /** Replaces the data locally, e.g. with a save's answer, without another round trip. */
  readonly setData: (value: T) => void;
}

/**
 * Loads data through the api when the component mounts and whenever `deps` change.
 * Answers that arrive after a newer call started (or after unmount) are dropped.
 */
export function useQuery<T>(load: () => Promise<T>, deps: readonly unknown[]): Query<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  // `deps` is the caller's list for `load`, as with useEffect (eslint.config.js checks the callers' lists).
  // eslint-disable-next-line react-hooks/exhaustive-deps, react-hooks/use-memo
  const run = useCallback(load, deps);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const value = await run();
      if (mine === seq.current) {
        setData(value);
        setError(undefined);
      }
      return value;
    } catch (err) {
      if (mine === seq.current) setError(toApiError(err));
      return undefined;
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [run]);

  useEffect(() => {
    // Fetching on mount and on new deps is what this hook is for: the loading flag goes up as the call starts.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void reload();
    const calls = seq;
    return () => {
      // Drops the answer still on its way (a newer call or an unmount).
      calls.current++;
    };
  }, [reload]);

  return { data, error, loading, reload, setData };
}

export interface Action<A extends unknown[], T> {
  readonly run: (...args: A) => Promise<T>;
  readonly pending: boolean;
}

/** Wraps a mutating call with a pending flag; errors are re-thrown for the caller to show. */
export function useAction<A extends unknown[], T>(fn: (...args: A) => Promise<T>): Action<A, T> {
  const [pending, setPending] = useState(false);
  const fnRef = useRef(fn);
  useEffect(() => {
    fnRef.current = fn;
  });
  const run = useCallback(async (...args: A) => {
    setPending(true);
    try {
      return await fnRef.current(...args);
    } catch (err) {
      throw toApiError(err);
    } finally {
      setPending(false);
    }
  }, []);
  return { run, pending };
}
