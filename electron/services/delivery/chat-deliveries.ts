import { chatRecipient } from '../../../shared/chats.js';
import type { EventNote } from '../../../shared/contract/sender.js';
import type { NewDelivery } from './outbox/types.js';
import { SKIP_TEXT, type Plan } from '../rules/resolve.js';
import type { Settings } from '../settings/schema.js';

/**
 * The group chats of the deciding rule, one delivery each (uid and platform id `chat:<chatId>`, name the
 * chat's name for the Delivery log). A chat on a disabled channel, or of a rule that is off, is a note.
 */
export function chatDeliveries(plan: Plan, settings: Settings): { deliveries: NewDelivery[]; notes: EventNote[] } {
  const deliveries: NewDelivery[] = [];
  const notes: EventNote[] = [];
  const rule = plan.rule;
  for (const chat of rule?.chats ?? []) {
    const uid = chatRecipient(chat.chatId);
    const reason = !rule?.enabled ? 'rule-disabled' : !settings.channels[chat.channel].enabled ? 'channel-disabled' : null;
    if (reason) notes.push({ uid, name: chat.name, channel: chat.channel, reason, message: SKIP_TEXT[reason] });
    else deliveries.push({ channel: chat.channel, recipientUid: uid, recipientName: chat.name, platformUserId: uid });
  }
  return { deliveries, notes };
}
