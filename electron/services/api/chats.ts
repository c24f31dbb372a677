import type { chatsMethods } from '../../../shared/contract/chats.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function chatsHandlers(s: AppServices): Pick<Handlers, keyof typeof chatsMethods> {
  return {
    'chats.list': async ({ channel }) => s.chats.list(channel),
  };
}
