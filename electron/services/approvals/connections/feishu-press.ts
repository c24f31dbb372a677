import { z } from 'zod';
import type { ChannelId } from '../../../../shared/catalog/channels.js';
import type { IncomingPress, PressReply } from '../../platforms/approval-cards.js';

/**
 * `card.action.trigger` (card JSON 2.0 callback) as the SDK's EventDispatcher hands it over: schema 2.0 flattened,
 * `header` fields first, then `event` fields (so `token` is the event's delayed-update token, not the header's
 * verification token). Only the platform's own fields are read; the button value is passed on unjudged.
 */
const cardActionSchema = z.object({
  event_id: z.string().min(1),
  token: z.string().optional(),
  operator: z.object({ open_id: z.string().min(1) }),
  action: z.object({
    value: z.unknown(),
    form_value: z.record(z.string(), z.unknown()).nullish(),
  }),
  context: z
    .object({
      open_message_id: z.string().min(1).optional(),
      open_chat_id: z.string().min(1).optional(),
    })
    .optional(),
});

/** The press a callback describes, or null when it lacks the fields every real callback carries. */
export function toIncomingPress(channel: ChannelId, data: unknown, receivedAt: number): IncomingPress | null {
  const parsed = cardActionSchema.safeParse(data);
  if (!parsed.success) return null;
  const { event_id: callbackId, token, operator, action, context } = parsed.data;
  const comment = action.form_value?.comment;
  return {
    channel,
    callbackId,
    presserId: operator.open_id,
    value: action.value,
    comment: typeof comment === 'string' ? comment : '',
    card: context?.open_message_id ? { kind: 'feishu-message', messageId: context.open_message_id } : null,
    updateToken: token && token !== '' ? token : null,
    chatId: context?.open_chat_id ?? null,
    receivedAt,
  };
}

/** What the callback answers on the socket: a toast, and the replacement card when there is one. */
export interface CallbackAnswer {
  readonly toast: { readonly type: PressReply['kind']; readonly content: string };
  readonly card?: { readonly type: 'raw'; readonly data: Readonly<Record<string, unknown>> };
}

export function toCallbackAnswer(reply: PressReply): CallbackAnswer {
  const card = reply.card?.kind === 'feishu-card' ? { type: 'raw' as const, data: reply.card.card } : undefined;
  return { toast: { type: reply.kind, content: reply.text }, ...(card ? { card } : {}) };
}

// Said before anything is known of the presser (their language included), so in both languages.
export const SUBMITTING: PressReply = { kind: 'info', text: '正在提交… / Submitting…' };
export const UNREADABLE: PressReply = { kind: 'error', text: '无法识别此次点击，请重试。/ This press could not be read; please try again.' };
export const NOT_RECORDED: PressReply = { kind: 'error', text: '未能记录此次点击，请重试。/ The press could not be recorded; please try again.' };

/**
 * The platform waits 3 s for the answer: the handler's reply if it settles within `ms`, else SUBMITTING (the
 * handler goes on and changes the card later). `cancel` settles at once (connection stopping); the timer never
 * outlives the answer.
 */
export function answerWithin(reply: Promise<PressReply>, ms: number): { readonly answer: Promise<PressReply>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let settle: (r: PressReply) => void = () => undefined;
  const deadline = new Promise<PressReply>((resolve) => {
    settle = resolve;
    timer = setTimeout(() => resolve(SUBMITTING), ms);
  });
  const answer = Promise.race([reply.catch(() => NOT_RECORDED), deadline]).finally(() => clearTimeout(timer));
  return {
    answer,
    cancel: () => {
      clearTimeout(timer);
      settle(SUBMITTING);
    },
  };
}
