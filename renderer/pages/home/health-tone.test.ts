import { describe, expect, it } from 'vitest';
import type { ChannelHealth } from '../../../shared/contract/health';
import { channelTone } from './health-tone';

const base: ChannelHealth = {
  channel: 'feishu',
  enabled: true,
  configured: true,
  state: 'ok',
  lastSuccessAt: '2026-12-01T01:00:00.000Z',
  lastError: null,
  queued: 0,
  deadLetters: 0,
  recipientProblems: 0,
  rateLimitWaits24h: 0,
  credentialTest: { passed: true, at: '2026-12-01T00:00:00.000Z' },
};
const error = (at: string) => ({ at, code: '10014', explanation: { en: 'Wrong secret', zh: '密钥错误' } });

describe('channel tone on Home', () => {
  it('green only while delivering without a newer error', () => {
    expect(channelTone(base)).toBe('success');
    expect(channelTone({ ...base, lastError: error('2026-12-01T00:30:00.000Z') })).toBe('success');
  });
  it('an enabled channel whose newest attempt failed is red, whatever the state says', () => {
    expect(channelTone({ ...base, state: 'failing' })).toBe('error');
    expect(channelTone({ ...base, lastError: error('2026-12-01T02:00:00.000Z') })).toBe('error');
    expect(channelTone({ ...base, lastSuccessAt: null, lastError: error('2026-12-01T02:00:00.000Z') })).toBe('error');
  });
  it('dead letters are a warning; disabled and idle are neither green nor red', () => {
    expect(channelTone({ ...base, deadLetters: 2 })).toBe('warning');
    // A person the platform does not know: a warning, not a failing channel.
    expect(channelTone({ ...base, recipientProblems: 1 })).toBe('warning');
    expect(channelTone({ ...base, enabled: false, state: 'disabled' })).toBe('default');
    expect(channelTone({ ...base, state: 'idle', lastSuccessAt: null })).toBe('processing');
  });
});
