import type { dmsMethods } from '../../../shared/contract/dms.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function dmsHandlers(_s: AppServices): Pick<Handlers, keyof typeof dmsMethods> {
  return {};
}
