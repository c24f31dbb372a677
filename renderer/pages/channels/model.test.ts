import { describe, expect, it } from 'vitest';
import type { ChannelView } from '../../../shared/contract/channels';
import { toFormValues, toSaveRequest } from './model';

const view: ChannelView = {
  channel: 'dingtalk',
  enabled: true,
  region: 'cn-hangzhou',
  values: { appKey: 'dingabc123' },
  secrets: { appSecret: { set: true, changedAt: '2026-01-01T00:00:00.000Z' } },
  baseUrls: {
    apiBaseUrl: { url: 'https://api.corp.example', defaultUrl: 'https://api.dingtalk.com', overridden: true },
    oapiBaseUrl: { url: 'https://oapi.dingtalk.com', defaultUrl: 'https://oapi.dingtalk.com', overridden: false },
  },
  links: { dmsHomepageUrl: '', defaultDmsHomepageUrl: 'https://dms-cn-hangzhou.alibabacloud.com', ticketLinkPattern: '', dingtalkOpen: 'micro-app' },
  status: 'enabled',
  missing: [],
  lastTest: null,
  approval: { approveFromChat: true, approvalCardTemplateId: 'tpl-approve.schema' },
};

describe('channel form model', () => {
  it('shows overrides only and never a secret value', () => {
    const f = toFormValues(view);
    expect(f.baseUrls).toEqual({ apiBaseUrl: 'https://api.corp.example', oapiBaseUrl: '' });
    expect(f.secrets).toEqual({});
    expect(f.region).toBe('cn-hangzhou');
  });

  it('sends an empty secret as "keep" and trims plain values, not secrets', () => {
    const keep = toSaveRequest('dingtalk', { ...toFormValues(view), values: { appKey: ' dingabc123 ' }, secrets: { appSecret: '' } });
    expect(keep.save.secrets).toEqual({});
    expect(keep.save.values).toEqual({ appKey: 'dingabc123' });
    const replace = toSaveRequest('dingtalk', { ...toFormValues(view), secrets: { appSecret: 'new-secret ' } });
    expect(replace.save.secrets).toEqual({ appSecret: 'new-secret ' });
    expect(replace.enabled).toBe(true);
  });

  it('sends the link settings trimmed, the DingTalk open mode on DingTalk channels only', () => {
    const f = toFormValues(view);
    expect(f.links).toEqual({ dmsHomepageUrl: '', ticketLinkPattern: '', dingtalkOpen: 'micro-app' });
    const save = toSaveRequest('dingtalk', { ...f, links: { ...f.links, dmsHomepageUrl: ' https://dms.aliyun.com ' } }).save;
    expect(save.links).toEqual({ dmsHomepageUrl: 'https://dms.aliyun.com', ticketLinkPattern: '', dingtalkOpen: 'micro-app' });
    expect(toSaveRequest('feishu', { ...f, links: { dmsHomepageUrl: '', dingtalkOpen: 'micro-app' } }).save.links).toEqual({ dmsHomepageUrl: '' });
  });

  it('approve from chat: shown and sent; the template id (trimmed) on DingTalk channels only', () => {
    const f = toFormValues(view);
    expect(f.approval).toEqual({ approveFromChat: true, approvalCardTemplateId: 'tpl-approve.schema' });
    const save = toSaveRequest('dingtalk', { ...f, approval: { approveFromChat: true, approvalCardTemplateId: ' tpl-2.schema ' } }).save;
    expect(save.approval).toEqual({ approveFromChat: true, approvalCardTemplateId: 'tpl-2.schema' });
    expect(toSaveRequest('feishu', { ...f, approval: { approvalCardTemplateId: 'x' } }).save.approval).toEqual({ approveFromChat: false });
  });

  it('a cleared region is sent as null', () => {
    expect(toSaveRequest('dingtalk', { ...toFormValues(view), region: undefined }).save.region).toBeNull();
  });
});
