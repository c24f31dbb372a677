import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../outbox/types.js';
import { renderStored } from '../sender/render-stored.js';
import { ageText } from './reminder-text.js';

const body = {
  submitterUid: '11',
  submitterName: 'Sam',
  category: 'ticket',
  module: 'DATA_EXPORT',
  event: 'pending_approval',
  taskId: '4242',
  taskName: 'Export orders',
  eventTime: '2026-12-01T02:00:00.000Z',
  message: 'stored text',
  targetUsers: [{ uid: '22', name: 'Alice' }],
  receivers: [],
};
const stored = (reminder: StoredEvent['reminder']): StoredEvent => ({
  id: 'e1',
  seq: 1,
  receivedAt: 0,
  source: 'reminder',
  kind: { module: 'ticket', businessType: 'data-export', status: 'pending-approval' },
  taskId: '4242',
  taskName: 'Export orders',
  body,
  notes: [],
  reminder,
});

describe('reminder messages are written in the channel’s notification language', () => {
  it('a reminder: the ticket’s message with the reminder line instead of the stored text', () => {
    const en = renderStored(stored({ kind: 'reminder', n: 2, minutes: 90 }), { channel: 'lark', region: 'ap-southeast-1', lang: 'en-US' });
    expect(en.text).toContain('⏰ Still waiting for you: pending approval for 90 min (reminder 2).');
    expect(en.text).toContain('#4242 Export orders');
    expect(en.text).not.toContain('stored text');
    const zh = renderStored(stored({ kind: 'reminder', n: 2, minutes: 180 }), { channel: 'feishu', region: 'cn-hangzhou', lang: 'zh-CN' });
    expect(zh.text).toContain('⏰ 仍在等待您审批：已等待 3 小时（第 2 次提醒）。');
    expect(zh.text).not.toMatch(/Still waiting/);
  });

  it('a rule’s template renders reminders too: {{message}} is the reminder line, {{reminder_count}} its number', () => {
    const template = '{{#reminder_count}}R{{reminder_count}}: {{/reminder_count}}{{message}} #{{ticket_id}}';
    const r = renderStored(stored({ kind: 'reminder', n: 3, minutes: 45 }), { channel: 'feishu', region: null, lang: 'en-US', template });
    expect(r.text).toBe('R3: ⏰ Still waiting for you: pending approval for 45 min (reminder 3). #4242');
    const esc = renderStored(stored({ kind: 'escalation', minutes: 45, notActed: [] }), { channel: 'feishu', region: null, lang: 'en-US', template });
    expect(esc.text).toBe('⚠ Escalation: pending approval for 45 min. Not acted yet: —. #4242');
  });

  it('an escalation names who has not acted', () => {
    const mark = {
      kind: 'escalation' as const,
      minutes: 120,
      notActed: [
        { uid: '22', name: 'Alice' },
        { uid: '44', name: '' },
      ],
    };
    expect(renderStored(stored(mark), { channel: 'feishu', region: null, lang: 'zh-CN' }).text).toContain('尚未处理：Alice、44。');
    expect(renderStored(stored(mark), { channel: 'feishu', region: null, lang: 'en-US' }).text).toContain('Not acted yet: Alice, 44.');
  });

  it('a digest lists every ticket with its age and one "Open DMS" link to the channel region’s homepage', () => {
    const at = Date.parse('2026-12-02T01:00:00Z');
    const mark = {
      kind: 'digest' as const,
      at,
      tickets: [
        { taskId: '1001', taskName: 'Export [orders]', since: at - 26 * 60 * 60_000 },
        { taskId: '1002', taskName: '', since: at - 45 * 60_000 },
      ],
    };
    const zh = renderStored(stored(mark), { channel: 'feishu', region: 'cn-hangzhou', lang: 'zh-CN' });
    expect(zh.title).toBe('[DMS] 待您审批：2 个工单');
    expect(zh.text).toContain('每日汇总');
    expect(zh.text).toContain('• #1001 Export [orders] · 已等待 26 小时\n• #1002 · 已等待 45 分钟');
    expect(zh.markdown).toContain('- \\#1001 Export \\[orders\\] · 已等待 26 小时');
    expect(zh.link).toBe(`https://applink.feishu.cn/client/web_url/open?mode=window&url=${encodeURIComponent('https://dms-cn-hangzhou.alibabacloud.com')}`);
    expect(zh.linkLabel).toBe('打开 DMS');
    expect(JSON.stringify(zh)).not.toContain('orderId');
    // With a ticket link pattern each ticket gets its own link (and the digest no homepage link).
    const links = { ticketLinkPattern: 'https://dms-cn-hangzhou.alibabacloud.com/t/{{ticket_id}}' };
    const deep = renderStored(stored(mark), { channel: 'dingtalk', region: 'cn-hangzhou', links, lang: 'zh-CN' });
    const t1001 = `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent('https://dms-cn-hangzhou.alibabacloud.com/t/1001')}&pc_slide=false`;
    expect(deep.text).toContain(`• #1001 Export [orders] · 已等待 26 小时\n  ${t1001}`);
    expect(deep.link).toBeUndefined();
    const en = renderStored(stored(mark), { channel: 'lark', region: null, lang: 'en-US' });
    expect(en.title).toBe('[DMS] Waiting for your approval: 2 tickets');
    expect(en.text).toContain('• #1001 Export [orders] · waiting 26 h');
    expect(en.text).not.toContain('http');
  });

  it('ages: minutes under two hours, hours under two days, then days', () => {
    expect(['en-US', 'zh-CN'].flatMap((l) => [1, 119, 120, 47 * 60, 48 * 60].map((m) => ageText(m, l as 'en-US' | 'zh-CN')))).toEqual([
      '1 min',
      '119 min',
      '2 h',
      '47 h',
      '2 d',
      '1 分钟',
      '119 分钟',
      '2 小时',
      '47 小时',
      '2 天',
    ]);
  });
});
