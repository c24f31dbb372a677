import type { inboxMethods } from '../../../shared/contract/inbox.js';
import type { AppServices } from '../app.js';
import { clearSigningSecret, inboxView, rotateInboxToken, saveInboxSettings } from '../delivery/index.js';
import type { Handlers } from './dispatch.js';

export function inboxHandlers(s: AppServices): Pick<Handlers, keyof typeof inboxMethods> {
  return {
    'inbox.get': async () => inboxView(s),
    'inbox.save': async (input) => saveInboxSettings(s, input),
    'inbox.clearSigningSecret': async () => clearSigningSecret(s),
    'inbox.rotateToken': async () => rotateInboxToken(s),
  };
}
