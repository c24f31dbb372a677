import type { z } from 'zod';
import type { simulateInputSchema } from '../../../shared/contract/rules.js';
import type { DmsEvent } from '../../../shared/events/dms-event.js';

/**
 * The event the rule simulator sends for real: a pasted event as pasted; a picked one built like the
 * simulation (same people) with a test ticket id and the current time, so each send is a new event.
 */
export function testEventFrom(input: z.output<typeof simulateInputSchema>, now: Date): DmsEvent {
  if ('event' in input) return input.event;
  return {
    submitterUid: input.submitterUid,
    submitterName: '',
    category: input.module,
    module: input.businessType,
    event: input.status,
    taskId: `test-${now.getTime()}`,
    taskName: 'Channel Desk test / 测试',
    eventTime: now.toISOString(),
    message: 'Test notification sent from the Channel Desk rule simulator. / 这是从 Channel Desk 规则模拟器发送的测试通知。',
    targetUsers: input.eventUsers.map((uid) => ({ uid, name: '' })),
    receivers: [],
  };
}
