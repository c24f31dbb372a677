import type { Readable, Writable } from 'node:stream';
import { VAULT_PASSPHRASE_FILE_ENV } from '../services/vault/passphrase.js';
import { VAULT_ENV, VAULT_PASSPHRASE_ENV } from '../services/vault/vault-errors.js';

type TtyIn = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** The file vault is selected and neither the passphrase variable nor its file is given. */
export function needsVaultPrompt(env: NodeJS.ProcessEnv): boolean {
  return (env[VAULT_ENV] ?? '').trim().toLowerCase() === 'file' && !env[VAULT_PASSPHRASE_ENV] && !env[VAULT_PASSPHRASE_FILE_ENV];
}

/**
 * Asks for the file-vault passphrase on a terminal, without echo, and puts it where the vault reads it
 * (this process's environment only). Does nothing when it is not needed or stdin is not a TTY: a
 * service then fails with the vault's own "no passphrase" explanation.
 */
export async function promptVaultPassphrase(env: NodeJS.ProcessEnv, input: TtyIn, output: Writable): Promise<void> {
  if (!needsVaultPrompt(env) || input.isTTY !== true || !input.setRawMode) return;
  output.write('Vault passphrase / 保险库口令: ');
  input.setRawMode(true);
  input.resume();
  const chars: string[] = [];
  try {
    await new Promise<void>((resolve) => {
      const onData = (chunk: Buffer | string): void => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            input.off('data', onData);
            resolve();
            return;
          }
          if (ch === '\u0003') {
            // Ctrl+C: no passphrase; the command then explains what is missing.
            chars.length = 0;
            input.off('data', onData);
            resolve();
            return;
          }
          if (ch === '\u007f' || ch === '\b') chars.pop();
          else chars.push(ch);
        }
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
    output.write('\n');
  }
  if (chars.length > 0) env[VAULT_PASSPHRASE_ENV] = chars.join('');
}
