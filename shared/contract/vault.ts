import { emptyInput, method, type MethodDef } from './define.js';
import { vaultStatusSchema } from './app.js';

export const vaultMethods = {
  /**
   * The vault status as the running services last saw it (re-probed with backoff while unavailable):
   * the app-wide banner polls it. Cheap: never touches the keychain itself.
   */
  'vault.health': method(emptyInput, vaultStatusSchema),
} satisfies Record<string, MethodDef>;
