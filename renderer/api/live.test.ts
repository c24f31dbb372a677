import { describe, expect, it } from 'vitest';
import { sseMessages } from './live';
import { invalidateFor, queryClient } from './query-client';

describe('sseMessages', () => {
  it('splits complete messages, keeps a partial one for the next chunk, skips heartbeats', () => {
    const first = sseMessages('retry: 1000\n\nevent: ready\ndata: {}\n\n: ping\n\nevent: change\ndata: {"types":');
    expect(first.messages).toEqual([{ event: 'ready', data: '{}' }]);
    const second = sseMessages(`${first.rest}["outbox.changed"]}\n\n`);
    expect(second.messages).toEqual([{ event: 'change', data: '{"types":["outbox.changed"]}' }]);
    expect(second.rest).toBe('');
  });
});

describe('invalidateFor', () => {
  const keys = [['sender.events', 1], ['health.get'], ['users.list'], ['rules.list'], ['dms.watcherStatus']] as const;
  const invalidated = (): string[] => keys.filter((k) => queryClient.getQueryState([...k])?.isInvalidated).map((k) => String(k[0]));

  const seed = (): void => {
    queryClient.clear();
    for (const k of keys) queryClient.setQueryData([...k], 'cached');
  };

  it('marks only the queries that read what changed', () => {
    seed();
    invalidateFor(['outbox.changed']);
    expect(invalidated()).toEqual(['sender.events', 'health.get']);
    seed();
    invalidateFor(['directory.changed']);
    expect(invalidated()).toEqual(['health.get', 'users.list']);
    seed();
    invalidateFor(['health.changed']);
    expect(invalidated()).toEqual(['health.get', 'dms.watcherStatus']);
  });

  it('marks everything after a settings save', () => {
    seed();
    invalidateFor(['settings.saved']);
    expect(invalidated()).toEqual(keys.map((k) => k[0]));
  });
});
