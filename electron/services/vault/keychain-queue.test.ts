import { describe, expect, it } from 'vitest';
import { createKeychainQueue, KeychainBusyError, KeychainTimeoutError } from './keychain-queue.js';

/** A piece of work that runs until released. */
function held<T>(value: T) {
  let release!: () => void;
  let started = false;
  const work = () =>
    new Promise<T>((resolve) => {
      started = true;
      release = () => resolve(value);
    });
  return { work, release: () => release(), started: () => started };
}

describe('keychain queue', () => {
  it('a waiter that waits too long behind a call still within its time gives up without ever starting', async () => {
    const queue = createKeychainQueue();
    const slow = held('slow');
    const first = queue.run(slow.work, 10_000);
    const waiter = held('late');
    await expect(queue.run(waiter.work, 30)).rejects.toBeInstanceOf(KeychainBusyError);
    expect(waiter.started()).toBe(false);
    slow.release();
    expect(await first).toBe('slow');
    // The queue moves on: the next call starts at once.
    expect(await queue.run(async () => 'next', 1_000)).toBe('next');
  });

  it('an overdue call keeps its place until it settles; outstandingMs says for how long', async () => {
    let clock = 0;
    const queue = createKeychainQueue(() => clock);
    expect(queue.outstandingMs()).toBe(0);
    const hung = held('hung');
    const queuedBehind = held('behind');
    const first = queue.run(hung.work, 30);
    const second = queue.run(queuedBehind.work, 10_000);
    await expect(first).rejects.toBeInstanceOf(KeychainTimeoutError);
    // Those waiting are told at once rather than after their own time.
    await expect(second).rejects.toBeInstanceOf(KeychainBusyError);
    await expect(queue.run(async () => 'x', 10_000)).rejects.toBeInstanceOf(KeychainBusyError);
    expect(queuedBehind.started()).toBe(false);
    clock = 31_000;
    expect(queue.outstandingMs()).toBe(31_000);
    hung.release();
    await expect.poll(() => queue.outstandingMs()).toBe(0);
    expect(await queue.run(async () => 'after', 1_000)).toBe('after');
  });
});
