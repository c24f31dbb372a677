import { z } from 'zod';
import { CHANNEL_IDS } from '../catalog/channels.js';
import { method, type MethodDef } from './define.js';

/** A group chat the app's bot is in, as the platform lists it. */
export const platformChatSchema = z.object({ chatId: z.string(), name: z.string() });

export const chatsMethods = {
  /**
   * Feishu/Lark: every group chat the app's bot is in (all pages of GET /open-apis/im/v1/chats).
   * DingTalk offers no such list: `listable` is false and the id is entered by hand.
   */
  'chats.list': method(z.object({ channel: z.enum(CHANNEL_IDS) }), z.object({ listable: z.boolean(), chats: z.array(platformChatSchema) })),
} satisfies Record<string, MethodDef>;
