import fs from 'node:fs';

/**
 * The data folder holds who-gets-what and every event body: only its owner may read it, whoever
 * created the folder (an admin's `mkdir`, a package script, an older version) and whatever the umask.
 * POSIX only; on Windows the per-user profile folder already keeps other users out.
 */
export function ensurePrivateFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') fs.chmodSync(dir, 0o700);
}

/**
 * Makes a SQLite database file owner-only before it is opened. SQLite creates the -wal and -shm files
 * with the database file's permissions, so those follow; existing ones are fixed too.
 */
export function ensurePrivateDatabaseFile(file: string): void {
  if (process.platform === 'win32') return;
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}
