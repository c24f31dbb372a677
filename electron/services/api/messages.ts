import type { messagesMethods } from '../../../shared/contract/messages.js';
import type { AppServices } from '../app.js';
import { messagesView } from '../messages/preview.js';
import { testEventFrom } from '../messages/test-event.js';
import type { Handlers } from './dispatch.js';

export function messagesHandlers(s: AppServices): Pick<Handlers, keyof typeof messagesMethods> {
  return {
    'messages.get': async () => messagesView(s.settings.read()),
    'messages.setLanguage': async ({ channel, language }) => {
      s.settings.update((cur) => {
        const next = { ...cur.notifyLanguage };
        if (language === null) delete next[channel];
        else next[channel] = language;
        return { ...cur, notifyLanguage: next };
      });
      return messagesView(s.settings.read());
    },
    'events.sendTest': async (input) => s.delivery.intake.accept(testEventFrom(input, new Date()), { source: 'test', testChats: input.chats }),
  };
}
