import fs from 'node:fs';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { VAULT_PASSPHRASE_ENV } from './vault-errors.js';

/** A file holding the passphrase (e.g. a systemd credential or a 0600 file), instead of the variable. */
export const VAULT_PASSPHRASE_FILE_ENV = 'CHANNEL_DESK_VAULT_PASSPHRASE_FILE';

/**
 * The file-vault passphrase: CHANNEL_DESK_VAULT_PASSPHRASE, else the content of the file named by
 * CHANNEL_DESK_VAULT_PASSPHRASE_FILE (one trailing newline dropped, as `echo` writes it), else undefined.
 * An unreadable file is an error naming it, never a silent "no passphrase".
 */
export function vaultPassphrase(env: NodeJS.ProcessEnv): string | undefined {
  const direct = env[VAULT_PASSPHRASE_ENV];
  if (direct !== undefined && direct !== '') return direct;
  const file = env[VAULT_PASSPHRASE_FILE_ENV];
  if (file === undefined || file === '') return undefined;
  try {
    return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new AppError('VAULT_UNAVAILABLE', text(`Cannot read the vault passphrase file ${file} (${code}).`, `无法读取保险库口令文件 ${file}（${code}）。`), {
      fix: text(
        `Point ${VAULT_PASSPHRASE_FILE_ENV} at a file this user can read (mode 0600), holding only the passphrase.`,
        `请让 ${VAULT_PASSPHRASE_FILE_ENV} 指向本用户可读取（权限 0600）且只包含口令的文件。`,
      ),
    });
  }
}
