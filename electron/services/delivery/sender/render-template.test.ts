import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANNEL_IDS } from '../../../../shared/catalog/channels.js';
import { dmsEventSchema, type DmsEvent } from '../../../../shared/events/dms-event.js';
import { FEISHU_CARD_MAX_BYTES, DINGTALK_MSGPARAM_MAX_BYTES } from '../../platforms/limits.js';
import { robotMessage } from '../../platforms/dingtalk.js';
import { render as feishuBody } from '../../platforms/feishu.js';
import { renderMessage } from './render.js';

const base = {
  submitterUid: '200001',
  submitterName: 'Zhang San',
  category: 'Ticket',
  module: 'Data Exporting',
  event: 'Pending Approval',
  taskId: '1234567',
  taskName: 'orders_2026',
  eventTime: '2026-12-01 09:30:00',
  message: "SELECT id, amount FROM orders WHERE created_at >= '2026-11-01'",
  targetUsers: [{ uid: '300001', name: 'Li Lei' }],
};

/**
 * Events whose default rendering is pinned in render-default.golden.json (regenerated when "Open DMS" became the
 * wrapped homepage link, issue 20; Feishu/Lark markdown re-pinned when values got `&`, `<`, `>` as entities).
 */
const GOLDEN_EVENTS: Record<string, DmsEvent> = {
  sample: dmsEventSchema.parse(base),
  markdownChars: dmsEventSchema.parse({ ...base, taskName: 'orders [prod] *x* _y_ `z` #1 | a > b', message: 'a\\b (c) "quoted"\nline 2' }),
  chineseNoName: dmsEventSchema.parse({ ...base, submitterName: '', category: '工单', module: '数据变更', event: '审批通过', taskName: '订单表变更' }),
  custom: dmsEventSchema.parse({ ...base, category: 'Ticket', module: 'Something New', event: 'Weird Status', message: '' }),
  long: dmsEventSchema.parse({ ...base, message: '请审批。'.repeat(2_500) }),
  huge: dmsEventSchema.parse({ ...base, message: 'x*'.repeat(50_000) }),
};

const golden = JSON.parse(readFileSync(new URL('./render-default.golden.json', import.meta.url), 'utf8')) as Record<string, string>;

describe('default messages (no template)', () => {
  it('are byte-identical to the rendering before templates existed, on every platform, language and region', () => {
    let n = 0;
    for (const [name, event] of Object.entries(GOLDEN_EVENTS))
      for (const channel of CHANNEL_IDS)
        for (const lang of ['zh-CN', 'en-US'] as const)
          for (const region of ['cn-hangzhou', null] as const) {
            const key = `${name}/${channel}/${lang}/${region ?? 'no-region'}`;
            const json = JSON.stringify(renderMessage(event, { channel, region, lang }));
            const hash = createHash('sha256').update(json).digest('hex');
            expect(hash, key).toBe(golden[key]);
            // No invented ticket URL: only a channel's own ticket link pattern may put one in a message.
            expect(json, key).not.toContain('orderId');
            n++;
          }
    expect(n).toBe(Object.keys(golden).length);
  });
});

describe('templated messages', () => {
  const event = GOLDEN_EVENTS.sample!;
  const template =
    '{{headline}}\n#{{ticket_id}} {{title}} by {{submitter}} for {{approvers}} ({{language}})\n{{#dms_link}}[open]({{{dms_link}}}){{/dms_link}}{{#reminder_count}} reminder {{reminder_count}}{{/reminder_count}}';

  it('fill the documented variables in the notification language; the card’s message is the template, title and other card variables stay', () => {
    const m = renderMessage(event, { channel: 'feishu', region: 'cn-hangzhou', lang: 'zh-CN', template });
    const plain = renderMessage(event, { channel: 'feishu', region: 'cn-hangzhou', lang: 'zh-CN' });
    // dms_link is the wrapped "Open DMS" link to the region's homepage (no App ID here: the web page form).
    const link = `https://applink.feishu.cn/client/web_url/open?mode=window&url=${encodeURIComponent('https://dms-cn-hangzhou.alibabacloud.com')}`;
    expect(m.text).toBe(`[DMS] 数据导出 · 待审批\n#1234567 orders_2026 by Zhang San for Li Lei (zh-CN)\n[open](${link})`);
    // Markdown escaping applies to {{x}} in the markdown body only; {{{x}}} is raw.
    expect(m.markdown).toContain('orders\\_2026');
    expect(m.markdown).toContain(`(${link})`);
    expect(m.title).toBe(plain.title);
    expect(m.cardParams).toEqual({ ...plain.cardParams, message: m.text });
    expect(m.link).toBe(plain.link);
  });

  it('show the reminder count only on reminders, and no link section without a region', () => {
    const m = renderMessage(event, { channel: 'dingtalk', region: null, lang: 'en-US', template, reminderCount: 2 });
    expect(m.text).toBe('[DMS] Data Exporting · Pending Approval\n#1234567 orders_2026 by Zhang San for Li Lei (en-US)\n reminder 2');
  });

  it('stay valid JSON in the platform request whatever the template and values contain', () => {
    const nasty = dmsEventSchema.parse({ ...event, taskName: 'a"b\\c\u2028d</script>', submitterName: '{"x":1}' });
    const t = '"{{title}}" \\ {{{submitter}}}\n\t}';
    const m = renderMessage(nasty, { channel: 'dingtalk', region: 'cn-hangzhou', lang: 'en-US', template: t });
    const robot = robotMessage(m, false);
    expect((JSON.parse(robot.msgParam) as { text: string }).text.startsWith(m.markdown)).toBe(true);
    const f = feishuBody(undefined, m, 'text');
    expect((JSON.parse(f.content) as { text: string }).text.startsWith(m.text)).toBe(true);
    expect(m.text).toContain('"a"b\\c');
  });

  it('shorten only the message to fit the platform, with the mark', () => {
    const long = GOLDEN_EVENTS.huge!;
    for (const channel of CHANNEL_IDS) {
      const m = renderMessage(long, { channel, region: 'cn-hangzhou', lang: 'en-US', template: '#{{ticket_id}}\n{{message}}' });
      expect(m.markdown.startsWith('#1234567\n')).toBe(true);
      expect(m.markdown).toContain('truncated');
      const robot = robotMessage(m, false);
      const post = feishuBody(undefined, m, 'auto');
      if (channel.startsWith('dingtalk')) expect(Buffer.byteLength(robot.msgParam)).toBeLessThanOrEqual(DINGTALK_MSGPARAM_MAX_BYTES);
      else expect(Buffer.byteLength(post.content)).toBeLessThanOrEqual(FEISHU_CARD_MAX_BYTES);
    }
  });
});
