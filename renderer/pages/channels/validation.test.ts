import { describe, expect, it } from 'vitest';
import { channelDef } from '../../../shared/catalog/channels';
import { isPlainHttpToRemote, isValidBaseUrl, matchesFormat } from './validation';

describe('isPlainHttpToRemote', () => {
  it.each(['http://api.dingtalk.com', 'http://10.0.0.8:8080', 'http://128.0.0.1'])('flags %s', (v) => expect(isPlainHttpToRemote(v)).toBe(true));
  it.each(['https://api.dingtalk.com', 'http://127.0.0.1:4010', 'http://127.9.8.7', 'http://[::1]:80', 'http://localhost:3000'])('allows %s', (v) =>
    expect(isPlainHttpToRemote(v)).toBe(false),
  );
});

describe('isValidBaseUrl', () => {
  it.each(['https://api.dingtalk.com', 'https://open.feishu.cn/', 'http://127.0.0.1:4010', 'https://oapi.corp.example:8443'])('accepts %s', (v) =>
    expect(isValidBaseUrl(v)).toBe(true),
  );
  it.each([
    'api.dingtalk.com',
    'ftp://api.dingtalk.com',
    'javascript:alert(1)',
    'https://user:pw@api.dingtalk.com',
    'https://api.dingtalk.com/v1',
    'https://api.dingtalk.com?x=1',
    'https://api.dingtalk.com#x',
    'https://',
    'not a url',
  ])('rejects %s', (v) => expect(isValidBaseUrl(v)).toBe(false));
});

describe('matchesFormat', () => {
  it('applies the catalog pattern of the field', () => {
    const appId = channelDef('feishu').fields.find((f) => f.id === 'appId');
    expect(appId).toBeDefined();
    expect(matchesFormat(appId!, 'cli_a1b2c3d4e5f6')).toBe(true);
    expect(matchesFormat(appId!, 'a1b2c3d4e5f6')).toBe(false);
  });
});
