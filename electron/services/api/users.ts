import type { usersMethods } from '../../../shared/contract/users.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function usersHandlers(s: AppServices): Pick<Handlers, keyof typeof usersMethods> {
  const d = s.directory;
  return {
    'users.list': async () => d.list(),
    'users.upsert': async ({ user, previousUid }) => ({ user: d.upsert(user, previousUid) }),
    'users.delete': async ({ uid }) => ({ deleted: d.remove(uid) }),
    'users.importCsv': async ({ csv }) => d.importCsv(csv),
    'users.resolve': async ({ uids, channels }) => d.resolve({ ...(uids ? { uids } : {}), ...(channels ? { channels } : {}) }),
  };
}
