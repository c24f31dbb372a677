import type { z } from 'zod';
import type { Simulation, simulateInputSchema } from '../../../shared/contract/rules.js';
import type { DmsEvent } from '../../../shared/events/dms-event.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { RecipientDirectory } from '../directory/recipients.js';
import { planWithLookups } from './plan-with-lookups.js';

export type SimulateInput = z.output<typeof simulateInputSchema>;

/**
 * Who would get an event, without storing or sending anything: a full DMS body as DMS sends it, or a
 * rule key with sample people standing in for the event's approvers / receivers. People not looked up
 * yet are looked up first, as the sender would.
 */
export async function simulateRules(input: SimulateInput, settings: SettingsStore, directory: RecipientDirectory, now = new Date()): Promise<Simulation> {
  const event: DmsEvent =
    'event' in input
      ? input.event
      : {
          submitterUid: input.submitterUid,
          submitterName: '',
          category: input.module,
          module: input.businessType,
          event: input.status,
          taskId: 'simulation',
          taskName: '',
          eventTime: now.toISOString(),
          message: '',
          targetUsers: input.eventUsers.map((uid) => ({ uid, name: '' })),
          receivers: [],
        };
  const current = settings.read();
  const plan = await planWithLookups(event, current, directory);
  const chats = (plan.rule?.chats ?? []).map((c) => ({
    channel: c.channel,
    chatId: c.chatId,
    name: c.name,
    reason: !plan.rule?.enabled ? ('rule-disabled' as const) : !current.channels[c.channel].enabled ? ('channel-disabled' as const) : null,
  }));
  return { ...plan, chats };
}
