import type { vaultMethods } from '../../../shared/contract/vault.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function vaultHandlers(s: AppServices): Pick<Handlers, keyof typeof vaultMethods> {
  return {
    'vault.health': async () => s.vaultHealth.current(),
  };
}
