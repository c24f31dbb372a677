import type { ChannelId } from '../../../shared/catalog/channels.js';
import type { PlatformChat, PlatformClient } from '../platforms/types.js';

/** The group chats a channel's bot is in, for the rule editor's chat picker. */
export interface ChatList {
  list(channel: ChannelId): Promise<{ listable: boolean; chats: PlatformChat[] }>;
}

/** `clientFor` throws an explained AppError when the channel cannot be asked (no credentials, vault locked). */
export function createChatList(clientFor: (channel: ChannelId) => Promise<Pick<PlatformClient, 'listChats'>>): ChatList {
  return {
    async list(channel) {
      const pending = (await clientFor(channel)).listChats();
      if (pending === null) return { listable: false, chats: [] };
      const chats = await pending;
      return { listable: true, chats: [...chats].sort((a, b) => a.name.localeCompare(b.name)) };
    },
  };
}
