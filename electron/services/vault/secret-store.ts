import type { LocalizedText } from '../../../shared/i18n-text.js';

export type VaultBackend = 'keychain' | 'encrypted-file';

/** Why a vault cannot be used; each has its own message and fix (vault-errors.ts). */
export type VaultProblemReason =
  | 'no-session-bus'
  | 'keychain-locked'
  | 'no-login-collection'
  | 'no-secret-service'
  | 'keychain-timeout'
  | 'keychain-module-missing'
  | 'keychain-error'
  | 'no-passphrase'
  | 'weak-passphrase'
  | 'wrong-passphrase'
  | 'file-damaged'
  | 'file-unwritable';

export interface VaultProblem {
  readonly reason: VaultProblemReason;
  readonly message: LocalizedText;
  readonly fix: LocalizedText;
}

export interface VaultStatus {
  readonly backend: VaultBackend;
  readonly available: boolean;
  /** Where the secrets are: the keychain service name or the encrypted file's path. */
  readonly location: string;
  /** Why it is unavailable and how to fix it (install/unlock gnome-keyring, ...). */
  readonly problem?: VaultProblem;
}

/**
 * Where secrets live. Keys look like `channel/feishu/appSecret`, `dms/accessKeySecret`.
 * Only services call get(); nothing that reaches the renderer, a log or an export may carry its result.
 * Every method except status() throws AppError('VAULT_UNAVAILABLE') with the fix when the backend
 * cannot be used; status() never throws.
 */
export interface SecretStore {
  readonly backend: VaultBackend;
  status(): Promise<VaultStatus>;
  set(key: string, value: string): Promise<void>;
  get(key: string): Promise<string | null>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** A problem known without asking the backend (a keychain call outstanding too long), or null. */
  stalled?(): VaultProblem | null;
}

/** Vault keys in one place so no caller spells them by hand. */
export const vaultKeys = {
  channel: (channel: string, field: string): string => `channel/${channel}/${field}`,
  dmsAccessKeySecret: 'dms/accessKeySecret',
  inboxSigningSecret: 'inbox/signingSecret',
} as const;
