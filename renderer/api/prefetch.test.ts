import { beforeEach, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { prefetchQueries, type QueryDef } from './prefetch';
import { queryClient } from './query-client';

/** A query def whose loader counts its calls. */
function counted<T>(key: QueryDef['key'], answer: () => Promise<T>): QueryDef<T> & { calls: () => number } {
  let calls = 0;
  return {
    key,
    load: () => {
      calls += 1;
      return answer();
    },
    calls: () => calls,
  };
}

beforeEach(() => queryClient.clear());

it('loads only the queries the cache has never seen, into the cache the pages read', async () => {
  queryClient.setQueryData(['users.list'], 'from the page');
  const users = counted(['users.list'], () => Promise.resolve('again'));
  const rules = counted(['rules.list'], () => Promise.resolve(['rule']));
  await prefetchQueries([users, rules]);
  expect(users.calls()).toBe(0);
  expect(queryClient.getQueryData(['users.list'])).toBe('from the page');
  expect(rules.calls()).toBe(1);
  expect(queryClient.getQueryData(['rules.list'])).toEqual(['rule']);
  // A second round asks nothing: both are there now.
  await prefetchQueries([users, rules]);
  expect(rules.calls()).toBe(1);
});

it('a failure does not reject: it stays in the cache as the error the page shows, and is not retried ahead', async () => {
  const failing = counted(['dms.getConnection'], () => Promise.reject(new Error('socket hang up')));
  await expect(prefetchQueries([failing])).resolves.toBeUndefined();
  const state = queryClient.getQueryState(['dms.getConnection']);
  expect(state?.status).toBe('error');
  expect(state?.error).toBeInstanceOf(ApiError);
  await prefetchQueries([failing]);
  expect(failing.calls()).toBe(1);
});
