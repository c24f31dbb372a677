import fs from 'node:fs';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';

/**
 * A short cross-process mutex around one read-modify-write of a shared file (settings, file vault):
 * `<file>.lock` created with O_EXCL. A lock older than `staleMs` was left by a crashed writer and is
 * broken. Held for milliseconds only; the data-folder lock is what keeps a second server out.
 */
export interface MutexOptions {
  readonly staleMs?: number;
  readonly timeoutMs?: number;
}

const STALE_MS = 10_000;
const TIMEOUT_MS = 5_000;

type Take = 'held' | 'busy' | 'unavailable';

/** Signal 0 checks existence; EPERM means it runs under another user. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(lockPath: string, staleMs: number): Take {
  try {
    const fd = fs.openSync(lockPath, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, String(process.pid));
    } finally {
      fs.closeSync(fd);
    }
    return 'held';
  } catch (err) {
    // A read-only or full folder: the write itself will fail with its own clear error.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return 'unavailable';
    try {
      // Left by a killed writer (its PID is gone), or by anything older than staleMs.
      const holder = Number(fs.readFileSync(lockPath, 'utf8'));
      const dead = Number.isInteger(holder) && holder > 0 && !isRunning(holder);
      if (dead || Date.now() - fs.statSync(lockPath).mtimeMs > staleMs) fs.rmSync(lockPath, { force: true });
    } catch {
      // Released meanwhile: the next try takes it.
    }
    return 'busy';
  }
}

const timedOut = (lockPath: string): AppError =>
  new AppError(
    'UNAVAILABLE',
    text(`Another Channel Desk process kept ${lockPath} locked; nothing was changed.`, `另一个 Channel Desk 进程一直锁定 ${lockPath}，未做任何更改。`),
    {
      fix: text('Try again in a moment.', '请稍后重试。'),
    },
  );

const sleepSync = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** Runs `fn` holding `<file>.lock`; for synchronous writers (the settings store). */
export function withFileLockSync<T>(file: string, fn: () => T, opts: MutexOptions = {}): T {
  const lockPath = `${file}.lock`;
  const deadline = Date.now() + (opts.timeoutMs ?? TIMEOUT_MS);
  let take: Take;
  while ((take = tryCreate(lockPath, opts.staleMs ?? STALE_MS)) === 'busy') {
    if (Date.now() > deadline) throw timedOut(lockPath);
    sleepSync(5);
  }
  try {
    return fn();
  } finally {
    if (take === 'held') fs.rmSync(lockPath, { force: true });
  }
}

/** Runs `fn` holding `<file>.lock`; for asynchronous writers (the file vault). */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, opts: MutexOptions = {}): Promise<T> {
  const lockPath = `${file}.lock`;
  const deadline = Date.now() + (opts.timeoutMs ?? TIMEOUT_MS);
  let take: Take;
  while ((take = tryCreate(lockPath, opts.staleMs ?? STALE_MS)) === 'busy') {
    if (Date.now() > deadline) throw timedOut(lockPath);
    await new Promise((r) => setTimeout(r, 10));
  }
  try {
    return await fn();
  } finally {
    if (take === 'held') fs.rmSync(lockPath, { force: true });
  }
}

/** Identifies one version of a file on disk (atomic writers replace the inode); null when absent. */
export function fileStamp(file: string): string | null {
  try {
    const st = fs.statSync(file);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return null;
  }
}
