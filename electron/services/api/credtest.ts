import type { credtestMethods } from '../../../shared/contract/credtest.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function credtestHandlers(_s: AppServices): Pick<Handlers, keyof typeof credtestMethods> {
  return {};
}
