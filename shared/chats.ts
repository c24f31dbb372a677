import { z } from 'zod';
import { CHANNEL_IDS, channelDef, type ChannelId } from './catalog/channels.js';
import { text } from './i18n-text.js';

/**
 * A group chat a rule also posts to: Feishu/Lark `chat_id` (`oc_…`), DingTalk `openConversationId`
 * (`cid…`). The same object in settings, the config file's `rules[].chats` and the contract.
 */
export const ruleChatSchema = z
  .object({
    channel: z.enum(CHANNEL_IDS),
    chatId: z.string().trim().min(1).max(200),
    name: z.string().trim().min(1).max(100),
  })
  .strict()
  .superRefine((c, ctx) => {
    const prefix = chatIdPrefix(c.channel);
    if (!isChatId(c.channel, c.chatId)) {
      const where = c.channel === 'feishu' || c.channel === 'lark' ? 'chat_id' : 'openConversationId';
      ctx.addIssue({
        code: 'custom',
        path: ['chatId'],
        message: `A ${channelDef(c.channel).name.en} ${where} starts with "${prefix}" and has only letters, digits and _ - + / =.`,
        params: { zh: `${channelDef(c.channel).name.zh}的 ${where} 以“${prefix}”开头，只含字母、数字和 _ - + / =。` },
      });
    }
  });
export type RuleChat = z.infer<typeof ruleChatSchema>;

/** Up to this many chats per rule: each is one delivery per event. */
export const MAX_CHATS_PER_RULE = 20;
export const ruleChatsSchema = z.array(ruleChatSchema).max(MAX_CHATS_PER_RULE);

export const chatIdPrefix = (channel: ChannelId): string => (channelDef(channel).protocol === 'feishu' ? 'oc_' : 'cid');

/**
 * A chat id as the platforms issue them: Feishu/Lark `oc_` + hex, DingTalk `cid` + base64 (`+`, `/`,
 * `=`). Nothing else (`;`, quotes, spaces) can reach a request body or a card space id.
 */
export const isChatId = (channel: ChannelId, id: string): boolean => id.startsWith(chatIdPrefix(channel)) && /^[A-Za-z0-9_+/=-]+$/.test(id);

/**
 * A chat travels through the outbox as a recipient whose uid and platform id are `chat:<chatId>`
 * (DMS uids are numbers, so no person can collide with it); the platform clients send those to the chat.
 */
const CHAT_PREFIX = 'chat:';
export const chatRecipient = (chatId: string): string => `${CHAT_PREFIX}${chatId}`;
export const chatIdOf = (recipient: string): string | null => (recipient.startsWith(CHAT_PREFIX) ? recipient.slice(CHAT_PREFIX.length) : null);

/** Where the admin finds a DingTalk group's openConversationId (no list API is offered for it). */
export const DINGTALK_CHAT_ID_HINT = text(
  'The openConversationId (cid…) of a group the app robot is in: the group\u2019s settings › Group assistant (群助手) shows the robot; ' +
    'the id arrives with every message that @mentions the robot (conversationId in the robot callback), ' +
    'or from the API explorer (open-dev.dingtalk.com › API Explorer › "查询群信息").',
  '应用机器人所在群的 openConversationId（以 cid 开头）：在群设置 › 群助手中确认机器人已在群内；' +
    '在群里 @机器人 时回调消息中的 conversationId 即是该值，也可在开放平台 API Explorer 中调用“查询群信息”获取。',
);
