import type { guideMethods } from '../../../shared/contract/guide.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function guideHandlers(_s: AppServices): Pick<Handlers, keyof typeof guideMethods> {
  return {};
}
