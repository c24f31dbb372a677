import { describe, expect, it } from 'vitest';
import { callbackResponse, parseCardCallback } from './dingtalk-card-callback.js';
import { DEFAULT_BACKOFF, retryDelayMs } from './dingtalk.js';

const data = (over: Record<string, unknown> = {}, params: unknown = { action: 'approve', nonce: 'n1', comment: 'ok' }): string =>
  JSON.stringify({
    outTrackId: 'card-1',
    userId: 'user1',
    userIdType: 1,
    corpId: 'dingcorp',
    spaceType: 'IM_ROBOT',
    spaceId: 'user1',
    type: 'actionCallback',
    content: JSON.stringify({ cardPrivateData: { actionIds: ['a'], params } }),
    ...over,
  });

describe('parseCardCallback', () => {
  it('takes the presser, the card and the params, with the comment taken out', () => {
    expect(parseCardCallback(data())).toEqual({
      presserId: 'user1',
      outTrackId: 'card-1',
      value: { action: 'approve', nonce: 'n1' },
      comment: 'ok',
      chatId: null,
    });
  });

  it('names the group only for IM_GROUP cards; a non-string comment is no comment', () => {
    expect(parseCardCallback(data({ spaceType: 'IM_GROUP', spaceId: 'cid1' }, { action: 'reject', comment: 5 }))).toMatchObject({
      chatId: 'cid1',
      comment: '',
      value: { action: 'reject' },
    });
  });

  it('refuses what is not a card callback', () => {
    expect(parseCardCallback('not json')).toBeNull();
    expect(parseCardCallback(data({ userId: '' }))).toBeNull();
    expect(parseCardCallback(data({ content: '{"cardPrivateData":{}}' }))).toBeNull();
    expect(parseCardCallback(data({}, ['approve']))).toBeNull();
  });
});

describe('callbackResponse', () => {
  const OPTIONS = { updateCardDataByKey: true, updatePrivateDataByKey: true };

  it('puts a replacement card and the text into the public card data', () => {
    expect(
      callbackResponse(
        { kind: 'success', text: 'Approved', card: { kind: 'dingtalk-params', cardParamMap: { status: 'approved', statusText: 'Approved by A' } } },
        { inGroup: true },
      ),
    ).toEqual({ cardUpdateOptions: OPTIONS, cardData: { cardParamMap: { status: 'approved', statusText: 'Approved by A' } } });
    expect(callbackResponse({ kind: 'info', text: 'Submitting' }, { inGroup: false })).toEqual({
      cardUpdateOptions: OPTIONS,
      cardData: { cardParamMap: { statusText: 'Submitting' } },
    });
  });

  it('keeps a refusal in a group chat private to the presser; in a 1:1 chat it is the card', () => {
    expect(callbackResponse({ kind: 'error', text: 'Not an approver' }, { inGroup: true })).toEqual({
      cardUpdateOptions: OPTIONS,
      userPrivateData: { cardParamMap: { statusText: 'Not an approver' } },
    });
    expect(callbackResponse({ kind: 'warning', text: 'Not an approver' }, { inGroup: false })).toEqual({
      cardUpdateOptions: OPTIONS,
      cardData: { cardParamMap: { statusText: 'Not an approver' } },
    });
  });

  it('ignores a Feishu card and an empty text', () => {
    expect(callbackResponse({ kind: 'info', text: '', card: { kind: 'feishu-card', card: {} } }, { inGroup: false })).toEqual({ cardUpdateOptions: OPTIONS });
  });
});

describe('retryDelayMs', () => {
  it('doubles from 1 s up to a minute', () => {
    expect([1, 2, 3, 7, 8, 50].map((n) => retryDelayMs(n, false))).toEqual([1000, 2000, 4000, 60_000, 60_000, 60_000]);
  });

  it('waits at least five minutes after an error retrying cannot fix', () => {
    expect(retryDelayMs(1, true)).toBe(DEFAULT_BACKOFF.permanentMs);
    expect(retryDelayMs(1, true, { baseMs: 10, maxMs: 100, permanentMs: 50 })).toBe(50);
  });
});
