import type { LocalizedText } from '../../../shared/i18n-text.js';

export type VaultBackend = 'keychain' | 'encrypted-file';

export interface VaultStatus {
  readonly backend: VaultBackend;
  readonly available: boolean;
  /** Why it is unavailable and how to fix it (install/unlock gnome-keyring, ...). */
  readonly problem?: { readonly message: LocalizedText; readonly fix: LocalizedText };
}

/**
 * Where secrets live. Keys look like `channel/feishu/appSecret`, `dms/accessKeySecret`.
 * Only services call get(); nothing that reaches the renderer, a log or an export may carry its result.
 * Every method throws AppError('VAULT_UNAVAILABLE') with the fix when the backend cannot be used.
 */
export interface SecretStore {
  readonly backend: VaultBackend;
  status(): Promise<VaultStatus>;
  set(key: string, value: string): Promise<void>;
  get(key: string): Promise<string | null>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}
