import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { dmsUserInputSchema } from '../../../shared/contract/users';
import type { ChannelHealth } from '../../../shared/contract/health';
import { text } from '../../../shared/i18n-text';
import { CSV_TEMPLATE, failingAfterResolve, filterUsers, isEmailLike, isMobileLike } from './user-list';

const USERS = [
  { uid: '1001', name: 'Li Lei', mobile: '13800000000', email: 'lilei@example.com' },
  { uid: '1002', name: '王芳', mobile: '', email: 'wang.fang@example.com' },
  { uid: '2001', name: 'Han Meimei', mobile: '+86 139 0000 0001', email: '' },
];

describe('filterUsers', () => {
  it('matches every word anywhere in uid, name, mobile or e-mail, ignoring case', () => {
    expect(filterUsers(USERS, '').map((u) => u.uid)).toEqual(['1001', '1002', '2001']);
    expect(filterUsers(USERS, 'li').map((u) => u.uid)).toEqual(['1001']);
    expect(filterUsers(USERS, '王').map((u) => u.uid)).toEqual(['1002']);
    expect(filterUsers(USERS, 'EXAMPLE 100').map((u) => u.uid)).toEqual(['1001', '1002']);
    expect(filterUsers(USERS, '139').map((u) => u.uid)).toEqual(['2001']);
    expect(filterUsers(USERS, 'nobody')).toEqual([]);
  });
});

describe('format hints agree with the service', () => {
  it.each(['13800000000', '+86 139 0000 0001', 'phone?', '12', 'abc@def'])('mobile %s', (m) => {
    expect(isMobileLike(m)).toBe(dmsUserInputSchema.safeParse({ uid: '1', mobile: m }).success);
  });
  it.each(['a@b.co', 'no-at-sign', 'a@b', 'x y@z.com'])('e-mail %s', (e) => {
    expect(isEmailLike(e)).toBe(dmsUserInputSchema.safeParse({ uid: '1', email: e }).success);
  });
});

describe('CSV template', () => {
  it('is a valid import file: the documented header and a row the service accepts', () => {
    const rows = parse(CSV_TEMPLATE, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['uid', 'name', 'mobile', 'email']);
    expect(dmsUserInputSchema.safeParse(rows[0]).success).toBe(true);
  });
});

describe('failingAfterResolve', () => {
  const health = (channel: ChannelHealth['channel'], state: ChannelHealth['state'], enabled = true): ChannelHealth => ({
    channel,
    enabled,
    configured: true,
    state,
    lastSuccessAt: null,
    lastError: state === 'failing' ? { at: '2026-12-07T10:00:00Z', code: '10014', explanation: text('App Secret is wrong', 'App Secret 无效') } : null,
    queued: 0,
    deadLetters: 0,
    recipientProblems: 0,
    rateLimitWaits24h: 0,
    credentialTest: null,
  });

  it('is empty (a success) only when no enabled channel is failing and the resolve reported no channel error', () => {
    expect(failingAfterResolve({ channelErrors: [] }, [health('feishu', 'ok'), health('lark', 'failing', false)])).toEqual([]);
  });

  it("names a failing channel with its health cause, and a channel the resolve could not use with the resolve's message", () => {
    const report = { channelErrors: [{ channel: 'dingtalk' as const, message: text('token refused', '令牌被拒绝'), fix: null }] };
    expect(failingAfterResolve(report, [health('feishu', 'failing'), health('dingtalk', 'failing'), health('lark', 'idle')])).toEqual([
      { channel: 'dingtalk', cause: text('token refused', '令牌被拒绝') },
      { channel: 'feishu', cause: text('App Secret is wrong', 'App Secret 无效') },
    ]);
  });
});
