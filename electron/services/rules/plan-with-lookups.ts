import type { DmsEvent } from '../../../shared/events/dms-event.js';
import type { RecipientNames, RecipientTargets } from '../directory/recipients.js';
import { planEvent, type Plan } from './resolve.js';
import type { Settings } from '../settings/schema.js';

/**
 * The simulator's plan: people not looked up yet are looked up first (as the sender would), so it
 * shows "no such person" / "outside availability" instead of a guess. A channel that cannot be asked
 * leaves them "looked up when sending".
 */
export async function planWithLookups(event: DmsEvent, settings: Settings, directory: RecipientNames & Pick<RecipientTargets, 'sendTargets'>): Promise<Plan> {
  const first = planEvent(event, settings, directory);
  const lookups = first.channels
    .filter((c) => c.used)
    .map((c) => ({ channel: c.channel, uids: c.missing.filter((m) => m.reason === 'lookup-pending').map((m) => m.uid) }))
    .filter((l) => l.uids.length > 0);
  if (lookups.length === 0) return first;
  for (const l of lookups) await directory.sendTargets(l.channel, l.uids).catch(() => undefined);
  return planEvent(event, settings, directory);
}
