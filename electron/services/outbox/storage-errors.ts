import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';

/**
 * better-sqlite3 reports SQLite's extended result codes (`SQLITE_IOERR_WRITE`, `SQLITE_READONLY_DBMOVED`,
 * `SQLITE_CANTOPEN_ISDIR` …); matching the primary code lets every variant reach the admin as a clear
 * error instead of an "internal error". The original code stays in `details.sqliteCode` for the log.
 */
export function storageError(err: unknown): AppError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? code;
  const details = { sqliteCode: code };
  switch (primary) {
    case 'SQLITE_FULL':
    case 'ENOSPC':
      return new AppError('DISK_FULL', text('The disk is full; the notification was not stored.', '磁盘已满，通知未保存。'), {
        fix: text('Free disk space in the data folder, then send it again. Nothing already stored was lost.', '请释放数据文件夹所在磁盘的空间后重新发送。已保存的内容不会丢失。'),
        details,
        cause: err,
      });
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_IOERR':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
    case 'EACCES':
    case 'EROFS':
    case 'EPERM':
      return new AppError('SETTINGS_UNWRITABLE', text(`The outbox database cannot be written (${code}).`, `无法写入发件箱数据库（${code}）。`), {
        fix: text(
          'Check that the data folder is on a writable, healthy disk with free space and belongs to the user running Channel Desk, then try again.',
          '请确认数据文件夹所在磁盘可写、正常且有剩余空间，并属于运行 Channel Desk 的用户，然后重试。',
        ),
        details,
        cause: err,
      });
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return new AppError('SETTINGS_UNWRITABLE', text(`The outbox database is damaged (${code}).`, `发件箱数据库已损坏（${code}）。`), {
        fix: text(
          'Stop Channel Desk, move outbox.sqlite (and its -wal/-shm files) out of the data folder to keep a copy, and start again with an empty outbox.',
          '请停止 Channel Desk，把 outbox.sqlite（及其 -wal/-shm 文件）移出数据文件夹留作备份，然后以空的发件箱重新启动。',
        ),
        details,
        cause: err,
      });
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new AppError('UNAVAILABLE', text(`The outbox database is busy (${code}).`, `发件箱数据库正忙（${code}）。`), {
        fix: text('Try again in a moment; if it persists, check that no other program holds outbox.sqlite open.', '请稍后重试；如果持续出现，请检查是否有其他程序打开了 outbox.sqlite。'),
        details,
        cause: err,
      });
    default:
      return null;
  }
}
