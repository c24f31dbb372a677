import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/i18n-text.js';

/**
 * A storage failure as the admin reads it: file-system errno and SQLite result codes, one mapping for
 * settings and the SQLite files. better-sqlite3 reports extended codes (`SQLITE_IOERR_WRITE`,
 * `SQLITE_READONLY_DBMOVED` …); matching the primary code lets every variant reach the admin as a clear
 * error, never a bare "internal error". The original code stays in `details.sqliteCode` for the log.
 * Null when `err` is not a storage failure.
 */
export function storageError(err: unknown): AppError | null {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  if (typeof code !== 'string') return null;
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? code;
  const details = { sqliteCode: code };
  switch (primary) {
    case 'SQLITE_FULL':
    case 'ENOSPC':
      return new AppError('DISK_FULL', text('The disk is full; nothing was saved.', '磁盘已满，未保存任何内容。'), {
        fix: text(
          'Free disk space in the data folder and try again. Nothing already saved was lost.',
          '请释放数据文件夹所在磁盘的空间后重试。已保存的内容不会丢失。',
        ),
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
      return new AppError(
        'SETTINGS_UNWRITABLE',
        text(`The data folder cannot be written (${code}); nothing was saved.`, `无法写入数据文件夹（${code}），未保存任何内容。`),
        {
          fix: text(
            'Check that the data folder is on a writable, healthy disk with free space and belongs to the user running Channel Desk, then try again.',
            '请确认数据文件夹所在磁盘可写、正常且有剩余空间，并属于运行 Channel Desk 的用户，然后重试。',
          ),
          details,
          cause: err,
        },
      );
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return new AppError('SETTINGS_UNWRITABLE', text(`A database in the data folder is damaged (${code}).`, `数据文件夹中的数据库已损坏（${code}）。`), {
        fix: text(
          'Stop Channel Desk, move the damaged .sqlite file (and its -wal/-shm files) out of the data folder to keep a copy, and start again.',
          '请停止 Channel Desk，把损坏的 .sqlite 文件（及其 -wal/-shm 文件）移出数据文件夹留作备份，然后重新启动。',
        ),
        details,
        cause: err,
      });
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new AppError('UNAVAILABLE', text(`A database in the data folder is busy (${code}).`, `数据文件夹中的数据库正忙（${code}）。`), {
        fix: text(
          "Try again in a moment; if it persists, check that no other program holds the data folder's files open.",
          '请稍后重试；如果持续出现，请检查是否有其他程序打开了数据文件夹中的文件。',
        ),
        details,
        cause: err,
      });
    default:
      return null;
  }
}

/** Unknown errors become INTERNAL without their message, which could carry anything. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return storageError(err) ?? new AppError('INTERNAL', text('Unexpected internal error.', '意外的内部错误。'), { cause: err });
}
