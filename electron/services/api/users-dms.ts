import type { usersDmsMethods } from '../../../shared/contract/users-dms.js';
import type { AppServices } from '../app.js';
import { importUsersFromDms } from '../dms/user-import.js';
import type { Handlers } from './dispatch.js';

export function usersDmsHandlers(s: AppServices): Pick<Handlers, keyof typeof usersDmsMethods> {
  return {
    'users.importFromDms': async ({ roles, overwrite }) =>
      importUsersFromDms({ settings: s.settings, vault: s.vault, directory: s.directory }, { ...(roles ? { roles } : {}), overwrite }),
  };
}
