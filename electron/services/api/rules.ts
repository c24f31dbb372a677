import type { rulesMethods } from '../../../shared/contract/rules.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function rulesHandlers(_s: AppServices): Pick<Handlers, keyof typeof rulesMethods> {
  return {};
}
