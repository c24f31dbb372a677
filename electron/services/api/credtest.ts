import type { credtestMethods } from '../../../shared/contract/credtest.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function credtestHandlers(s: AppServices): Pick<Handlers, keyof typeof credtestMethods> {
  const t = s.credentialTests;
  return {
    'credtest.start': async ({ channel, to, draft }) => ({ runId: t.start(channel, to, draft) }),
    'credtest.get': async ({ runId }) => t.get(runId),
    'credtest.cancel': async ({ runId }) => ({ cancelled: t.cancel(runId) }),
  };
}
