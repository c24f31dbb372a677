import { describe, expect, it } from 'vitest';
import { issuePathToName } from './issue-path';

describe('issuePathToName', () => {
  it('splits dotted paths into antd Form names, indexes as numbers', () => {
    expect(issuePathToName('values.appKey')).toEqual(['values', 'appKey']);
    expect(issuePathToName('users.3.mobile')).toEqual(['users', 3, 'mobile']);
  });
  it('drops a prefix the form does not have', () => {
    expect(issuePathToName('channels.feishu.baseUrls.apiBaseUrl', 'channels.feishu')).toEqual(['baseUrls', 'apiBaseUrl']);
    expect(issuePathToName('region', 'channels.feishu')).toEqual(['region']);
  });
});
