import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataFolderLock, DATA_LOCK_FILE_NAME } from './data-folder-lock.js';
import { withFileLockSync } from './file-mutex.js';
import { processIdentity } from './process-identity.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-dlock-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const lockFile = () => path.join(dir, DATA_LOCK_FILE_NAME);

describe('acquireDataFolderLock', () => {
  it('refuses while the holder runs (CONFLICT naming its PID, en + zh); release frees it', () => {
    const first = acquireDataFolderLock(dir, { pid: 4242, isAlive: () => true });
    expect(fs.statSync(lockFile()).mode & 0o777).toBe(0o600);
    let err: unknown;
    try {
      acquireDataFolderLock(dir, { pid: 5353, isAlive: () => true });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'CONFLICT', text: { en: expect.stringContaining('PID 4242'), zh: expect.stringContaining('PID 4242') } });
    first.release();
    expect(fs.existsSync(lockFile())).toBe(false);
    acquireDataFolderLock(dir, { pid: 5353, isAlive: () => true }).release();
  });

  it('takes over the lock of a PID that no longer runs, and never removes a lock that is not its own', () => {
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: 4242, startedAt: '2026-01-01T00:00:00.000Z' }));
    const mine = acquireDataFolderLock(dir, { pid: 5353, isAlive: (pid) => pid !== 4242 });
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: 5353 });
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: 6464, startedAt: '2026-01-01T00:00:00.000Z' }));
    mine.release();
    expect(fs.existsSync(lockFile())).toBe(true);
  });

  const conflict = (): unknown => {
    try {
      acquireDataFolderLock(dir).release();
    } catch (e) {
      return e;
    }
    return null;
  };

  it('a lock naming our own PID is stale unless this process holds it (serve as PID 1, restarted in its container)', () => {
    // Written by the previous run under the same PID, in the format without a process identity too.
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, startedAt: '2026-01-01T00:00:00.000Z' }));
    const lock = acquireDataFolderLock(dir);
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, startedAt: expect.not.stringContaining('2026-01-01') });
    // Held by this process: a second start in it is refused.
    expect(conflict()).toMatchObject({ code: 'CONFLICT', text: { en: expect.stringContaining(`PID ${process.pid}`) } });
    lock.release();
    expect(fs.existsSync(lockFile())).toBe(false);
  });

  it.runIf(process.platform === 'linux')('a running PID whose process started at another time than the holder’s is stale (PID reused after a reboot)', () => {
    const other = process.ppid;
    expect(processIdentity(other)).toMatch(/^[0-9a-f-]+\/\d+$/);
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: other, startedAt: '2026-01-01T00:00:00.000Z', process: 'an-earlier-boot/4711' }));
    expect(conflict()).toBeNull();
    // The process that wrote it still runs under that PID: it holds the folder.
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: other, startedAt: '2026-01-01T00:00:00.000Z', process: processIdentity(other) }));
    expect(conflict()).toMatchObject({ code: 'CONFLICT', text: { en: expect.stringContaining(`PID ${other}`) } });
  });

  it('records the holder’s process identity and keeps a live holder without one (older lock files, no /proc)', () => {
    const lock = acquireDataFolderLock(dir, { identityOf: () => 'boot-a/100' });
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, process: 'boot-a/100' });
    lock.release();
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: 4242, startedAt: '2026-01-01T00:00:00.000Z' }));
    expect(() => acquireDataFolderLock(dir, { isAlive: () => true, identityOf: () => 'boot-b/7' })).toThrow(/PID 4242/);
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: 4242, startedAt: '2026-01-01T00:00:00.000Z', process: 'boot-a/100' }));
    expect(() => acquireDataFolderLock(dir, { isAlive: () => true, identityOf: () => null })).toThrow(/PID 4242/);
    acquireDataFolderLock(dir, { isAlive: () => true, identityOf: () => 'boot-b/7' }).release();
  });
});

describe('withFileLockSync', () => {
  it('breaks a write lock left by a killed writer instead of waiting for it', () => {
    const target = path.join(dir, 'settings.json');
    fs.writeFileSync(`${target}.lock`, '2147483646');
    const started = Date.now();
    expect(withFileLockSync(target, () => 'done', { timeoutMs: 2_000 })).toBe('done');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(fs.existsSync(`${target}.lock`)).toBe(false);
  });

  it('waits for a live holder and gives up with a clear error', () => {
    const target = path.join(dir, 'settings.json');
    fs.writeFileSync(`${target}.lock`, String(process.pid));
    expect(() => withFileLockSync(target, () => 'never', { timeoutMs: 100 })).toThrow(/kept .*settings\.json\.lock locked/);
  });
});
