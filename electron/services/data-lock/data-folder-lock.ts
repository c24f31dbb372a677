import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { isRunning } from './file-mutex.js';
import { processIdentity } from './process-identity.js';

export const DATA_LOCK_FILE_NAME = 'channel-desk.lock';

/** `process`: the holder's processIdentity() (absent in older lock files and where /proc is missing). */
const lockFileSchema = z.object({ pid: z.number().int().positive(), startedAt: z.string(), process: z.string().optional() });
type Holder = z.infer<typeof lockFileSchema>;

/** Lock files this process holds now: a lock naming our own PID is ours only if it is listed here. */
const heldHere = new Set<string>();

export interface DataFolderLock {
  readonly path: string;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void;
}

export interface AcquireOptions {
  readonly pid?: number;
  readonly now?: () => Date;
  /** Whether a PID runs (signal 0); EPERM means it runs under another user. */
  readonly isAlive?: (pid: number) => boolean;
  /** The identity of the process under a PID (default: processIdentity, Linux). */
  readonly identityOf?: (pid: number) => string | null;
}

function readHolder(file: string): Holder | null {
  try {
    const parsed = lockFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const sameLock = (a: Holder | null, b: Holder | null): boolean => a?.pid === b?.pid && a?.process === b?.process && a?.startedAt === b?.startedAt;

export function dataFolderInUse(dataDir: string, pid: number): AppError {
  return new AppError(
    'CONFLICT',
    text(
      `The data folder ${dataDir} is in use by another Channel Desk process (PID ${pid}).`,
      `数据文件夹 ${dataDir} 正在被另一个 Channel Desk 进程（PID ${pid}）使用。`,
    ),
    {
      fix: text(
        `Use that instance (or stop it: kill ${pid}), or start this one with another --data-dir. Commands such as "config import" work while it runs.`,
        `请使用该实例（或先停止它：kill ${pid}），或用其他 --data-dir 启动。该实例运行时仍可使用 "config import" 等命令。`,
      ),
    },
  );
}

/**
 * The one process that runs the services on a data folder (serve, the Electron app) holds
 * `<dataDir>/channel-desk.lock` with its PID and process identity. A lock is taken over when its PID
 * no longer runs, runs another process than the one recorded (the PID was reused, e.g. after a
 * reboot), or is our own PID without this process holding it (PID 1 in a restarted container).
 * Throws AppError('CONFLICT') naming the holder otherwise.
 */
export function acquireDataFolderLock(dataDir: string, opts: AcquireOptions = {}): DataFolderLock {
  const pid = opts.pid ?? process.pid;
  const isAlive = opts.isAlive ?? isRunning;
  const identityOf = opts.identityOf ?? processIdentity;
  const file = path.resolve(dataDir, DATA_LOCK_FILE_NAME);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const identity = identityOf(pid);
  const mine: Holder = { pid, startedAt: (opts.now?.() ?? new Date()).toISOString(), ...(identity ? { process: identity } : {}) };
  const body = JSON.stringify(mine);
  const live = (h: Holder): boolean => {
    if (h.pid === pid) return heldHere.has(file);
    if (!isAlive(h.pid)) return false;
    // Without a recorded or a current identity, a running PID counts as the holder (macOS, Windows, old lock files).
    const now = h.process === undefined ? null : identityOf(h.pid);
    return now === null || now === h.process;
  };

  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      try {
        fs.writeFileSync(fd, body);
      } finally {
        fs.closeSync(fd);
      }
      let released = false;
      heldHere.add(file);
      return {
        path: file,
        release() {
          if (released) return;
          released = true;
          heldHere.delete(file);
          if (sameLock(readHolder(file), mine)) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    // A half-written file (holder null) is a racing starter: give it a moment, then look again.
    if (holder !== null && live(holder)) throw dataFolderInUse(dataDir, holder.pid);
    if (holder === null && attempt < 2) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      continue;
    }
    // Stale: move it aside atomically (only one taker wins the rename), then check what was moved.
    const aside = `${file}.stale-${pid}-${attempt}`;
    try {
      fs.renameSync(file, aside);
    } catch {
      continue;
    }
    const moved = readHolder(aside);
    if (moved !== null && !sameLock(moved, holder) && live(moved)) {
      // Another starter had just taken it over: put its lock back.
      fs.renameSync(aside, file);
      throw dataFolderInUse(dataDir, moved.pid);
    }
    fs.rmSync(aside, { force: true });
  }
  throw dataFolderInUse(dataDir, readHolder(file)?.pid ?? 0);
}
