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
  it('links the ticket in the channel region and fits DingTalk’s byte limit with a visible mark', () => {
    const m = renderMessage(event, { channel: 'dingtalk', region: 'ap-southeast-1', lang: 'zh-CN' });
    expect(m.title).toBe('[DMS] 数据导出 · 待审批');
    expect(m.link).toBe('https://dms-ap-southeast-1.alibabacloud.com/?orderId=42');
    expect(Buffer.byteLength(m.markdown)).toBeLessThanOrEqual(12_000);
    expect(Buffer.byteLength(m.text)).toBeLessThanOrEqual(12_000);
    expect(m.markdown).toContain('内容过长已截断');
    expect(m.markdown).toContain('orders \\[prod\\]');
    expect(m.cardParams?.url).toBe(m.link);
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
