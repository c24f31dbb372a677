import { describe, expect, it } from 'vitest';
import { classifyEvent } from '../../../../shared/catalog/dms-events.js';
import { dmsEventSchema } from '../../../../shared/events/dms-event.js';
import { renderMessage } from './render.js';

const base = {
  submitterUid: '1',
  submitterName: 'Zhang San',
  taskId: '42',
  taskName: 'orders',
  eventTime: '2026-11-27 10:00:00',
  message: 'please approve',
};

const idsOf = (e: { category: string; module: string; event: string }) => {
  const k = classifyEvent(e.category, e.module, e.event);
  return { module: k.module.id, businessType: k.businessType.id, status: k.status.id };
};

describe('rendering from the kind stored at intake', () => {
  it.each([
    { category: 'Ticket', module: 'Data Exporting', event: 'Pending Approval' },
    { category: '工单', module: '数据导出', event: '待审批' },
    { category: 'Ticket', module: 'Some New Type', event: 'Odd Status' },
  ])('says the same as classifying the body ($module / $event)', (names) => {
    const event = dmsEventSchema.parse({ ...base, ...names });
    for (const lang of ['en-US', 'zh-CN'] as const) {
      const stored = renderMessage(event, { channel: 'feishu', region: null, lang, kind: idsOf(names) });
      expect(stored).toEqual(renderMessage(event, { channel: 'feishu', region: null, lang }));
    }
  });

  it('uses the stored kind, not the body, once the event is stored', () => {
    const event = dmsEventSchema.parse({ ...base, category: 'Ticket', module: 'Data Exporting', event: 'Pending Approval' });
    const kind = idsOf({ category: 'Ticket', module: 'Data Exporting', event: 'Approved' });
    const m = renderMessage(event, { channel: 'dingtalk', region: null, lang: 'en-US', kind });
    expect(m.cardParams?.status).toBe(renderMessage({ ...event, event: 'Approved' }, { channel: 'dingtalk', region: null, lang: 'en-US' }).cardParams?.status);
    expect(m.cardParams?.status).not.toBe(renderMessage(event, { channel: 'dingtalk', region: null, lang: 'en-US' }).cardParams?.status);
  });
});
