import { z } from 'zod';
import type { PressReply } from '../../platforms/approval-cards.js';

/** The Stream topic of interactive-card callbacks (回传请求 buttons), as `dingtalk-stream`'s TOPIC_CARD. */
export const CARD_CALLBACK_TOPIC = '/v1.0/card/instances/callback';

// The `data` of a card callback frame (dingtalk-stream-sdk-go card/model.go CardRequest): the button's params arrive
// as a JSON string in `content`: `{"cardPrivateData": {"actionIds": [...], "params": {...}}}`.
const CallbackData = z.object({
  outTrackId: z.string().min(1),
  userId: z.string().min(1),
  spaceType: z.string().optional(),
  spaceId: z.string().optional(),
  content: z.string(),
});
const CallbackContent = z.object({ cardPrivateData: z.object({ params: z.record(z.string(), z.unknown()) }) });

/** What a press carries, from the platform's fields only. */
export interface CardCallback {
  readonly presserId: string;
  readonly outTrackId: string;
  /** The button's params without `comment` (expected `{action, nonce}`; the press handler validates them). */
  readonly value: Readonly<Record<string, unknown>>;
  readonly comment: string;
  /** The group chat (openConversationId) when the card sits in one. */
  readonly chatId: string | null;
}

/** A card callback's `data`, or null when it is not one (then it is acknowledged and dropped). */
export function parseCardCallback(data: string): CardCallback | null {
  const outer = CallbackData.safeParse(parseJson(data));
  if (!outer.success) return null;
  const inner = CallbackContent.safeParse(parseJson(outer.data.content));
  if (!inner.success) return null;
  const { comment, ...value } = inner.data.cardPrivateData.params;
  const { userId, outTrackId, spaceType, spaceId } = outer.data;
  return {
    presserId: userId,
    outTrackId,
    value,
    comment: typeof comment === 'string' ? comment : '',
    chatId: spaceType === 'IM_GROUP' && spaceId ? spaceId : null,
  };
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/**
 * The answer to a card callback, carried by `socketCallBackResponse` (the SDK wraps it as `{response}`): the same
 * shape as dingtalk-stream-sdk-go's CardResponse and the official approval card example — `cardData.cardParamMap`
 * changes the card for everyone, `userPrivateData.cardParamMap` only for the presser. There is no toast on DingTalk:
 * the reply text is shown in the card's `statusText` variable.
 */
export interface CardCallbackResponse {
  readonly cardUpdateOptions: { readonly updateCardDataByKey: true; readonly updatePrivateDataByKey: true };
  readonly cardData?: { readonly cardParamMap: Readonly<Record<string, string>> };
  readonly userPrivateData?: { readonly cardParamMap: Readonly<Record<string, string>> };
}

/**
 * In a group chat a refusal ("you are not an approver of this ticket") is the presser's alone: it goes to their
 * private data, so the others keep seeing the card as it was. Elsewhere (1:1 with the robot, or progress and outcomes)
 * the text goes into the card itself. UNVERIFIED: that a private `statusText` keeps hiding later public updates from
 * that presser (DingTalk documents private data as per-user values; how they merge with later public ones is not
 * documented) — which is why progress and outcomes are never written privately.
 */
export function callbackResponse(reply: PressReply, where: { readonly inGroup: boolean }): CardCallbackResponse {
  const card: Record<string, string> = reply.card?.kind === 'dingtalk-params' ? { ...reply.card.cardParamMap } : {};
  const privately = where.inGroup && (reply.kind === 'warning' || reply.kind === 'error');
  const own: Record<string, string> = {};
  if (reply.text !== '') {
    if (privately) own.statusText = reply.text;
    else if (card.statusText === undefined) card.statusText = reply.text;
  }
  return {
    cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
    ...(Object.keys(card).length > 0 ? { cardData: { cardParamMap: card } } : {}),
    ...(Object.keys(own).length > 0 ? { userPrivateData: { cardParamMap: own } } : {}),
  };
}

/** What the presser sees when the press handler has not answered in time (it goes on; the card is updated later). */
export const SUBMITTING_REPLY: PressReply = { kind: 'info', text: '正在提交… / Submitting…' };

/** What the presser sees when the press handler failed outright (nothing was recorded). */
export const FAILED_REPLY: PressReply = { kind: 'error', text: '处理失败，请稍后重试 / Could not take the press; try again later' };
