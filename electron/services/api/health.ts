import type { healthMethods } from '../../../shared/contract/health.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function healthHandlers(s: AppServices): Pick<Handlers, keyof typeof healthMethods> {
  return { 'health.get': async () => s.health.get() };
}
