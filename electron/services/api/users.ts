import type { usersMethods } from '../../../shared/contract/users.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function usersHandlers(_s: AppServices): Pick<Handlers, keyof typeof usersMethods> {
  return {};
}
