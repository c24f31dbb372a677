import type { senderMethods } from '../../../shared/contract/sender.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function senderHandlers(_s: AppServices): Pick<Handlers, keyof typeof senderMethods> {
  return {};
}
