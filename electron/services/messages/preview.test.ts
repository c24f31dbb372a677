import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../settings/schema.js';
import { messagesView } from './preview.js';

const byChannel = (s: Settings) => Object.fromEntries(messagesView(s).channels.map((c) => [c.channel, c]));

describe('message preview', () => {
  it('DingTalk without a card template: the robot sampleMarkdown body, in Chinese by default', () => {
    const dt = byChannel(defaultSettings()).dingtalk!;
    expect(dt).toMatchObject({ language: 'zh-CN', defaultLanguage: 'zh-CN', preview: { format: 'robot-markdown', title: '[DMS] 数据导出 · 待审批' } });
    const body = JSON.parse(dt.preview.body) as { msgKey: string; msgParam: string };
    expect(body.msgKey).toBe('sampleMarkdown');
    expect(JSON.parse(body.msgParam)).toMatchObject({ title: '[DMS] 数据导出 · 待审批' });
    // Rendered as DingTalk shows it: no Markdown markers.
    expect(dt.preview.readable).toContain('• 提交人: Zhang San');
    expect(dt.preview.readable).not.toContain('**');
  });

  it('a card template switches the preview to the card and its variables; the language setting applies', () => {
    const base = defaultSettings();
    const s: Settings = {
      ...base,
      notifyLanguage: { dingtalk: 'en-US' },
      channels: { ...base.channels, dingtalk: { ...base.channels.dingtalk, region: 'cn-hangzhou', values: { cardTemplateId: 'tpl-1.schema' } } },
    };
    const dt = byChannel(s).dingtalk!;
    expect(dt.preview.format).toBe('card');
    expect(JSON.parse(dt.preview.body)).toMatchObject({
      cardTemplateId: 'tpl-1.schema',
      cardData: { cardParamMap: { status: 'Pending Approval', taskId: '1234567' } },
    });
    expect(dt.preview.readable).toContain('businessType: Data Exporting');
    expect(dt.preview.readable).toContain(
      `url: dingtalk://dingtalkclient/page/link?url=${encodeURIComponent('https://dms-cn-hangzhou.alibabacloud.com')}&pc_slide=false`,
    );
    expect(dt.preview.readable).not.toContain('orderId');
  });

  it('Lark is English by default; Feishu posts carry the title', () => {
    const all = byChannel(defaultSettings());
    expect(all.lark).toMatchObject({ language: 'en-US', preview: { format: 'post', title: '[DMS] Data Exporting · Pending Approval' } });
    expect(JSON.parse(all.feishu!.preview.body)).toMatchObject({ msg_type: 'post', content: { zh_cn: { title: '[DMS] 数据导出 · 待审批' } } });
  });
});
