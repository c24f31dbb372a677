import type { messagesMethods } from '../../../shared/contract/messages.js';
import type { AppServices } from '../app.js';
import { saveNotifyLanguage } from '../delivery/index.js';
import { messagesView } from '../messages/preview.js';
import { testEventFrom } from '../messages/test-event.js';
import type { Handlers } from './dispatch.js';

export function messagesHandlers(s: AppServices): Pick<Handlers, keyof typeof messagesMethods> {
  return {
    'messages.get': async () => messagesView(s.settings.read()),
    'messages.setLanguage': async ({ channel, language }) => {
      saveNotifyLanguage(s.settings, channel, language);
      return messagesView(s.settings.read());
    },
    'events.sendTest': async (input) => s.delivery.intake.accept(testEventFrom(input, new Date()), { source: 'test', testChats: input.chats }),
  };
}
