import { describe, expect, it } from 'vitest';
import { dmsEventSchema } from '../../../../shared/events/dms-event.js';
import { backoffMs } from './backoff.js';
import { SlidingWindow } from './rate-budget.js';
import { renderMessage, truncateUtf8 } from './render.js';

const event = dmsEventSchema.parse({
  submitterUid: '1',
  submitterName: 'Zhang San',
  category: 'Ticket',
  module: 'Data Exporting',
  event: 'Pending Approval',
  taskId: '42',
  taskName: 'orders [prod]',
  eventTime: '2026-11-27 10:00:00',
  message: '请审批。'.repeat(10_000),
});

describe('rendering', () => {
  it('links the region’s DMS homepage inside DingTalk (no invented ticket URL) and fits DingTalk’s byte limit with a visible mark', () => {
    const m = renderMessage(event, { channel: 'dingtalk', region: 'ap-southeast-1', lang: 'zh-CN' });
    expect(m.title).toBe('[DMS] 数据导出 · 待审批');
    expect(m.link).toBe('dingtalk://dingtalkclient/page/link?url=https%3A%2F%2Fdms-ap-southeast-1.alibabacloud.com&pc_slide=false');
    expect(m.linkLabel).toBe('打开 DMS');
    expect(JSON.stringify(m)).not.toContain('orderId');
    expect(m.text).toContain('工单: #42 orders [prod]');
    expect(m.text).toContain(`打开 DMS: ${m.link}`);
    expect(Buffer.byteLength(m.markdown)).toBeLessThanOrEqual(12_000);
    expect(Buffer.byteLength(m.text)).toBeLessThanOrEqual(12_000);
    expect(m.markdown).toContain('内容过长已截断');
    expect(m.markdown).toContain('orders \\[prod\\]');
    expect(m.cardParams?.url).toBe(m.link);
  });

  it('gives Feishu/Lark per-client links (PC web page, phone web app) and follows a ticket link pattern', () => {
    const links = { appId: 'cli_a1b2c3d4e5f6a7b8', ticketLinkPattern: 'https://dms-ap-southeast-1.alibabacloud.com/order/{{ticket_id}}' };
    const m = renderMessage({ ...event, message: 'ok' }, { channel: 'lark', region: 'ap-southeast-1', links, lang: 'en-US' });
    const target = encodeURIComponent('https://dms-ap-southeast-1.alibabacloud.com/order/42');
    expect(m.openUrls).toEqual({
      pc: `https://applink.larksuite.com/client/web_url/open?mode=window&url=${target}`,
      mobile: `https://applink.larksuite.com/client/web_app/open?appId=cli_a1b2c3d4e5f6a7b8&lk_target_url=${target}`,
    });
    expect(m.link).toBe(m.openUrls?.mobile);
    expect(m.text).toContain(`Open DMS: ${m.link}`);
  });

  it('keeps Feishu text whole when it fits, and has no link without a region', () => {
    const short = { ...event, message: 'ok' };
    const m = renderMessage(short, { channel: 'feishu', region: null, lang: 'en-US' });
    expect(m.link).toBeUndefined();
    expect(m.text).toContain('ok');
    expect(m.title).toBe('[DMS] Data Exporting · Pending Approval');
  });

  it('truncates UTF-8 on character boundaries', () => {
    expect(truncateUtf8('a审b', 3)).toBe('a');
    expect(truncateUtf8('a审b', 4)).toBe('a审');
    expect(truncateUtf8('😀😀', 5)).toBe('😀');
  });
});

describe('rate and retry arithmetic', () => {
  it('a sliding window never allows more than its limit in any window', () => {
    const w = new SlidingWindow({ limit: 3, windowMs: 1000 }, 0);
    let now = 0;
    const sent: number[] = [];
    while (sent.length < 9) {
      const wait = w.waitMs(now);
      now += wait;
      w.take(now);
      sent.push(now);
    }
    for (const t of sent) expect(sent.filter((s) => s >= t && s < t + 1000).length).toBeLessThanOrEqual(3);
    expect(sent.at(-1)).toBe(2000);
  });

  it('backoff doubles up to the cap and keeps at least half of the nominal delay', () => {
    const policy = { baseMs: 1000, maxMs: 8000, maxFailures: 5, maxAttempts: 10 };
    expect(backoffMs(1, policy, () => 0)).toBe(500);
    expect(backoffMs(3, policy, () => 1)).toBe(4000);
    expect(backoffMs(10, policy, () => 1)).toBe(8000);
  });
});
