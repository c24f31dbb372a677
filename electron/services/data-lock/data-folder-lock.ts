import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { isRunning } from './file-mutex.js';

export const DATA_LOCK_FILE_NAME = 'channel-desk.lock';

const lockFileSchema = z.object({ pid: z.number().int().positive(), startedAt: z.string() });

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
}

function readHolder(file: string): number | null {
  try {
    const parsed = lockFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.pid : null;
  } catch {
    return null;
  }
}

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
 * `<dataDir>/channel-desk.lock` with its PID. A lock whose PID no longer runs is taken over.
 * Throws AppError('CONFLICT') naming the holder otherwise.
 */
export function acquireDataFolderLock(dataDir: string, opts: AcquireOptions = {}): DataFolderLock {
  const pid = opts.pid ?? process.pid;
  const isAlive = opts.isAlive ?? isRunning;
  const file = path.join(dataDir, DATA_LOCK_FILE_NAME);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const body = JSON.stringify({ pid, startedAt: (opts.now?.() ?? new Date()).toISOString() });

  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      try {
        fs.writeFileSync(fd, body);
      } finally {
        fs.closeSync(fd);
      }
      let released = false;
      return {
        path: file,
        release() {
          if (released) return;
          released = true;
          if (readHolder(file) === pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    // A half-written file (holder null) is a racing starter: give it a moment, then look again.
    if (holder !== null && isAlive(holder)) throw dataFolderInUse(dataDir, holder);
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
    if (moved !== null && moved !== holder && isAlive(moved)) {
      // Another starter had just taken it over: put its lock back.
      fs.renameSync(aside, file);
      throw dataFolderInUse(dataDir, moved);
    }
    fs.rmSync(aside, { force: true });
  }
  throw dataFolderInUse(dataDir, readHolder(file) ?? 0);
}
