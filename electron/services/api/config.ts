import type { configMethods } from '../../../shared/contract/config.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function configHandlers(_s: AppServices): Pick<Handlers, keyof typeof configMethods> {
  return {};
}
