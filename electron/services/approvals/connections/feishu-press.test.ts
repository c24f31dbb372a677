import { describe, expect, it } from 'vitest';
import type { PressReply } from '../../platforms/approval-cards.js';
import { describeProblem } from './feishu-failure.js';
import { answerWithin, NOT_RECORDED, SUBMITTING, toCallbackAnswer, toIncomingPress } from './feishu-press.js';

/** `card.action.trigger` as the SDK's EventDispatcher hands it to the handler (header and event flattened). */
const callback = {
  schema: '2.0',
  event_id: 'evt_1',
  event_type: 'card.action.trigger',
  app_id: 'cli_0123456789abcdef',
  token: 'c-update-token',
  operator: { open_id: 'ou_alice', union_id: 'on_alice', tenant_key: 't' },
  action: { tag: 'button', value: { action: 'reject', nonce: 'n-9' }, form_value: { comment: 'not now' } },
  host: 'im_message',
  context: { open_message_id: 'om_1', open_chat_id: 'oc_1' },
};

describe('Feishu/Lark callback → IncomingPress', () => {
  it('takes the presser, value, comment, card and chat from the platform fields only', () => {
    expect(toIncomingPress('lark', callback, 42)).toEqual({
      channel: 'lark',
      callbackId: 'evt_1',
      presserId: 'ou_alice',
      value: { action: 'reject', nonce: 'n-9' },
      comment: 'not now',
      card: { kind: 'feishu-message', messageId: 'om_1' },
      updateToken: 'c-update-token',
      chatId: 'oc_1',
      receivedAt: 42,
    });
  });

  it('has an empty comment without a form, and no card or chat without a context', () => {
    const { context: _context, ...noContext } = callback;
    const press = toIncomingPress('feishu', { ...noContext, action: { value: 'x', form_value: null } }, 1)!;
    expect(press).toMatchObject({ comment: '', card: null, chatId: null, value: 'x' });
    expect(toIncomingPress('feishu', { ...callback, action: { value: {}, form_value: { comment: 7 } } }, 1)!.comment).toBe('');
  });

  it('refuses a callback without event id or presser', () => {
    expect(toIncomingPress('feishu', { ...callback, event_id: '' }, 1)).toBeNull();
    expect(toIncomingPress('feishu', { ...callback, operator: {} }, 1)).toBeNull();
    expect(toIncomingPress('feishu', 'no-object', 1)).toBeNull();
  });
});

describe('PressReply → callback answer', () => {
  it('is a toast, plus the replacement card as raw card JSON', () => {
    const card = { schema: '2.0', config: { update_multi: true } };
    expect(toCallbackAnswer({ kind: 'warning', text: 'Not yours' })).toEqual({ toast: { type: 'warning', content: 'Not yours' } });
    expect(toCallbackAnswer({ kind: 'success', text: 'Done', card: { kind: 'feishu-card', card } })).toEqual({
      toast: { type: 'success', content: 'Done' },
      card: { type: 'raw', data: card },
    });
    expect(toCallbackAnswer({ kind: 'success', text: 'Done', card: { kind: 'dingtalk-params', cardParamMap: {} } })).not.toHaveProperty('card');
  });
});

describe('answerWithin', () => {
  const never = new Promise<PressReply>(() => undefined);

  it('gives the handler’s reply when it is in time, else "Submitting…", and a failure as "not recorded"', async () => {
    const reply: PressReply = { kind: 'success', text: 'ok' };
    await expect(answerWithin(Promise.resolve(reply), 1000).answer).resolves.toBe(reply);
    await expect(answerWithin(never, 10).answer).resolves.toBe(SUBMITTING);
    await expect(answerWithin(Promise.reject(new Error('db down')), 1000).answer).resolves.toBe(NOT_RECORDED);
  });

  it('settles at once when cancelled', async () => {
    const pending = answerWithin(never, 60_000);
    pending.cancel();
    await expect(pending.answer).resolves.toBe(SUBMITTING);
  });
});

describe('connection problems', () => {
  it('explain the endpoint codes and transport failures in both languages', () => {
    const wrongSecret = describeProblem('feishu', 'cli_0123456789abcdef', { kind: 'code', code: '1000040345', httpStatus: 200 });
    expect(wrongSecret.en).toMatch(/App Secret/);
    expect(wrongSecret.zh).toMatch(/App Secret/);
    expect(describeProblem('lark', 'cli_0123456789abcdef', { kind: 'code', code: 'ENOTFOUND' }).en).toMatch(/DNS/);
    expect(describeProblem('lark', 'x', { kind: 'appIdFormat' }).zh).toMatch(/cli_/);
  });
});
