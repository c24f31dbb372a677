import { channelDef, type ChannelId } from '../../../shared/catalog/channels.js';

// Every platform limit the app relies on, in one place: message sizes, recipients per call and call
// rates, as the DingTalk and Feishu/Lark open-platform documentation states them.

/** DingTalk robot 1:1 batch send takes at most 20 userIds per call. */
export const DINGTALK_BATCH_MAX = 20;
/** The only documented byte cap for DingTalk robot messages: msgParam ≤ 15,000 bytes. */
export const DINGTALK_MSGPARAM_MAX_BYTES = 15_000;

/** Feishu/Lark contact batch_get_id: up to 50 mobiles and 50 emails per call. */
export const FEISHU_LOOKUP_MAX = 50;
/** Feishu/Lark im/v1/messages size caps: text 150 KB; card and post 30 KB. */
export const FEISHU_TEXT_MAX_BYTES = 150 * 1024;
export const FEISHU_CARD_MAX_BYTES = 30 * 1024;

/**
 * Byte budgets for the rendered body. DingTalk: the JSON-string packing of msgParam adds escapes,
 * so the text gets 12,000 of its 15,000 bytes. Feishu/Lark: markdown becomes a post (30 KB), so it
 * gets 25,000; plain text gets 100,000 of its 150 KB.
 */
export function sizeLimits(channel: ChannelId): { text: number; markdown: number } {
  return channelDef(channel).protocol === 'dingtalk' ? { text: 12_000, markdown: 12_000 } : { text: 100_000, markdown: 25_000 };
}

/** At most `limit` calls in any window of `windowMs`. */
export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

export interface ChannelLimits {
  /** Per app / robot, per send API. */
  readonly app: readonly RateLimit[];
  /** Per recipient (Feishu/Lark: 5 QPS to the same user). */
  readonly perUser: readonly RateLimit[];
  /** Recipients per call (DingTalk batchSend ≤ 20 userIds; Feishu im/v1/messages one receive_id). */
  readonly batchSize: number;
}

/**
 * The documented send rates: DingTalk robot batch send 20 calls/s per robot; Feishu/Lark
 * im/v1/messages 50 calls/s and 1,000/min per app, and 5/s to the same user.
 */
export function documentedLimits(channel: ChannelId): ChannelLimits {
  return channelDef(channel).protocol === 'dingtalk'
    ? { app: [{ limit: 20, windowMs: 1000 }], perUser: [], batchSize: DINGTALK_BATCH_MAX }
    : {
        app: [
          { limit: 50, windowMs: 1000 },
          { limit: 1000, windowMs: 60_000 },
        ],
        perUser: [{ limit: 5, windowMs: 1000 }],
        batchSize: 1,
      };
}

/**
 * The documented lookup rates and contacts per call: DingTalk getbymobile 20 calls/s per app and API
 * (one mobile a call); Feishu/Lark batch_get_id 50 calls/s (50 mobiles and 50 e-mails a call).
 */
export function lookupLimits(channel: ChannelId): { readonly rate: RateLimit; readonly perCall: number } {
  return channelDef(channel).protocol === 'dingtalk'
    ? { rate: { limit: 20, windowMs: 1000 }, perCall: 1 }
    : { rate: { limit: 50, windowMs: 1000 }, perCall: FEISHU_LOOKUP_MAX };
}
