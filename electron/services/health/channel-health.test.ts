import { describe, expect, it } from 'vitest';
import { text } from '../../../shared/i18n-text.js';
import { channelModel, errorScope, type ChannelSignal } from './channel-health.js';

const fail = (at: number, code = '10014', source: ChannelSignal['source'] = 'lookup'): ChannelSignal => ({
  ok: false,
  at,
  source,
  code,
  explanation: text(`Failed ${code}.`, `失败 ${code}。`),
});
const ok = (at: number, source: ChannelSignal['source'] = 'send'): ChannelSignal => ({ ok: true, at, source });

describe('channel health model', () => {
  it('idle before anything happened, ok after a success, disabled whatever the signals', () => {
    expect(channelModel({ enabled: true, credentialsChangedAt: null, signals: [] }).state).toBe('idle');
    expect(channelModel({ enabled: true, credentialsChangedAt: null, signals: [ok(5)] })).toEqual({ state: 'ok', lastSuccessAt: 5, lastFailure: null });
    expect(channelModel({ enabled: false, credentialsChangedAt: null, signals: [fail(9)] }).state).toBe('disabled');
  });

  it('failing while the newest channel-level failure of any source is not followed by a success', () => {
    const m = channelModel({ enabled: true, credentialsChangedAt: null, signals: [ok(5, 'send'), fail(9, '10014', 'lookup')] });
    expect(m.state).toBe('failing');
    expect(m.lastFailure).toMatchObject({ code: '10014', source: 'lookup', at: 9 });
    expect(m.lastSuccessAt).toBe(5);
    // A later success ends it; the failure stays as the last error.
    expect(channelModel({ enabled: true, credentialsChangedAt: null, signals: [fail(9), ok(12, 'lookup')] })).toMatchObject({
      state: 'ok',
      lastSuccessAt: 12,
      lastFailure: { at: 9 },
    });
    // A passed credential test ends it too, but nothing was delivered or looked up yet.
    expect(channelModel({ enabled: true, credentialsChangedAt: null, signals: [fail(9), ok(12, 'credential-test')] })).toMatchObject({
      state: 'idle',
      lastSuccessAt: null,
    });
  });

  it('failures from before the credentials last changed do not count', () => {
    expect(channelModel({ enabled: true, credentialsChangedAt: 10, signals: [fail(9)] })).toEqual({ state: 'idle', lastSuccessAt: null, lastFailure: null });
    expect(channelModel({ enabled: true, credentialsChangedAt: 10, signals: [fail(9), fail(11, '99991672')] }).lastFailure?.code).toBe('99991672');
  });

  it('sorts codes: channel setup and outages are the channel; missing people, availability and chats are recipients; throttling neither', () => {
    expect(['10014', '99991672', '99991403', 'timeout', 'http5xx', 'BAD_INPUT'].map((c) => errorScope('feishu', c))).toEqual(Array(6).fill('channel'));
    expect(errorScope('dingtalk', 'ServiceUnavailable', 503)).toBe('channel');
    expect(errorScope('dingtalk-enterprise', 'badCredentials')).toBe('channel');
    expect(['userNotFound', '230013', '230002', 'PLATFORM_NO_SUCH_PERSON', 'NOT_IN_USERS', 'OUTSIDE_AVAILABILITY'].map((c) => errorScope('lark', c))).toEqual(
      Array(6).fill('recipient'),
    );
    expect(['60121', 'invalidStaffIdList', 'chatRefused', 'noMobile'].map((c) => errorScope('dingtalk', c))).toEqual(Array(4).fill('recipient'));
    expect(['99991400', '230020', 'VAULT_UNAVAILABLE', 'no-answer', '99991663'].map((c) => errorScope('feishu', c))).toEqual(Array(5).fill('neither'));
    expect(errorScope('dingtalk', 'Throttling.Api', 429)).toBe('neither');
  });
});
