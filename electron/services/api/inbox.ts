import type { inboxMethods } from '../../../shared/contract/inbox.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function inboxHandlers(s: AppServices): Pick<Handlers, keyof typeof inboxMethods> {
  const { inbox } = s.delivery;
  return {
    'inbox.get': async () => inbox.view(),
    'inbox.save': async (input) => inbox.save(input),
    'inbox.clearSigningSecret': async () => inbox.clearSigningSecret(),
    'inbox.rotateToken': async () => inbox.rotateToken(),
  };
}
