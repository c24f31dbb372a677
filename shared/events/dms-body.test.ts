import { describe, expect, it } from 'vitest';
import { unwrapDmsBody } from './dms-body.js';
import { dmsEventSchema } from './dms-event.js';

describe('unwrapDmsBody', () => {
  const event = {
    submitterUid: '1003',
    category: '工单',
    module: '数据变更',
    event: '执行成功',
    taskId: '42',
    eventTime: 1625630049930,
    targetUsers: [{ uid: 1001, name: 'x' }],
  };

  it('reads the event out of DMS documented sample shape, eventTime (epoch ms) as ISO text', () => {
    const parsed = dmsEventSchema.parse(unwrapDmsBody({ messageEvent: event, signatureMethod: 'HMAC_SHA1', signatureText: '4mOdwflN1Cg=' }));
    expect(parsed).toMatchObject({ category: '工单', taskId: '42', eventTime: '2021-07-07T03:54:09.930Z', targetUsers: [{ uid: '1001', name: 'x' }] });
  });

  it('leaves a flat body and text times as they are; garbage stays garbage for the schema to refuse', () => {
    const flat = { ...event, eventTime: '2026-11-27 10:00:00' };
    expect(unwrapDmsBody(flat)).toBe(flat);
    expect(unwrapDmsBody({ ...event, eventTime: 1e20 })).toMatchObject({ eventTime: 1e20 });
    expect(unwrapDmsBody('x')).toBe('x');
    expect(dmsEventSchema.safeParse(unwrapDmsBody({ messageEvent: 'x' })).success).toBe(false);
  });
});
