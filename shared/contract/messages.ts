import { z } from 'zod';
import { CHANNEL_IDS } from '../catalog/channels.js';
import { channelIdSchema } from './channels.js';
import { emptyInput, method, type MethodDef } from './define.js';
import { sendTestInputSchema } from './rules.js';
import { notifyOutputSchema } from './sender.js';

export const notifyLanguageSchema = z.enum(['en-US', 'zh-CN']);

/** What one platform receives for the sample event, rendered by the sender's own code. */
export const messagePreviewSchema = z.object({
  /** robot-markdown (DingTalk sampleMarkdown), card (DingTalk card / Feishu interactive), post (Feishu rich text). */
  format: z.enum(['robot-markdown', 'card', 'post']),
  title: z.string(),
  /** The readable part: the markdown, or the card variables one per line. */
  readable: z.string(),
  /** The message part of the platform request, as JSON (no recipient, no token). */
  body: z.string(),
});

export const channelMessagesSchema = z.object({
  channel: channelIdSchema,
  language: notifyLanguageSchema,
  /** The platform's default language (Chinese for DingTalk and Feishu, English for Lark). */
  defaultLanguage: notifyLanguageSchema,
  preview: messagePreviewSchema,
});
export type ChannelMessages = z.infer<typeof channelMessagesSchema>;

const messagesList = z.object({ channels: z.array(channelMessagesSchema) });

export const messagesMethods = {
  /** Each channel's notification language and a preview of the sample event's message. */
  'messages.get': method(emptyInput, messagesList),
  /** `null` returns the channel to its default language. */
  'messages.setLanguage': method(z.object({ channel: z.enum(CHANNEL_IDS), language: notifyLanguageSchema.nullable() }), messagesList),
  /**
   * Sends the simulator's event for real, marked as a test, to the people it reaches and the ticked chats only
   * (people known unreachable are noted, not dead-lettered); logged with source `test`; starts no reminders.
   */
  'events.sendTest': method(sendTestInputSchema, notifyOutputSchema),
} satisfies Record<string, MethodDef>;
