import type { appMethods } from '../../../shared/contract/app.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function appHandlers(_s: AppServices): Pick<Handlers, keyof typeof appMethods> {
  return {};
}
