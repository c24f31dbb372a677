import type { retentionMethods } from '../../../shared/contract/retention.js';
import type { AppServices } from '../app.js';
import { saveRetentionDays } from '../delivery/index.js';
import type { Handlers } from './dispatch.js';

export function retentionHandlers(s: AppServices): Pick<Handlers, keyof typeof retentionMethods> {
  return {
    'retention.get': async () => s.settings.read().retention,
    'retention.save': async ({ sentEventDays }) => saveRetentionDays(s.settings, sentEventDays),
  };
}
