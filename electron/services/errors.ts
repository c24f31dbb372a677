import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/i18n-text.js';

const UNWRITABLE_CODES = new Set(['EACCES', 'EROFS', 'EPERM', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_IOERR']);

/**
 * A storage failure as the admin reads it: file-system errno and SQLite result codes, one mapping for
 * settings and the SQLite files. Null when `err` is not a storage failure.
 */
export function storageError(err: unknown): AppError | null {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') {
    return new AppError('DISK_FULL', text('The disk is full; nothing was saved.', '磁盘已满，未保存任何内容。'), {
      fix: text('Free disk space in the data folder and try again. Nothing already saved was lost.', '请释放数据文件夹所在磁盘的空间后重试。已保存的内容不会丢失。'),
      cause: err,
    });
  }
  if (UNWRITABLE_CODES.has(code)) {
    return new AppError('SETTINGS_UNWRITABLE', text('The data folder is not writable; nothing was saved.', '数据文件夹不可写，未保存任何内容。'), {
      fix: text('Check the permissions and free space of the data folder.', '请检查数据文件夹的权限和剩余空间。'),
      cause: err,
    });
  }
  return null;
}

/** Unknown errors become INTERNAL without their message, which could carry anything. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return storageError(err) ?? new AppError('INTERNAL', text('Unexpected internal error.', '意外的内部错误。'), { cause: err });
}
