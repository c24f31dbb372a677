import type { SkipReason } from '../../../shared/contract/rules.js';
import type { EventNote } from '../../../shared/contract/sender.js';
import { recipientError } from '../directory/recipient-errors.js';
import type { NewDelivery } from './outbox/types.js';
import { SKIP_TEXT, type Plan } from '../rules/resolve.js';

const UNREACHABLE = new Set<SkipReason>(['not-in-users', 'not-found', 'outside-availability']);

/**
 * Turns a plan into outbox rows. Someone not looked up yet is queued without an id: the sender looks
 * them up first. People reached on no channel at all get a dead letter on every channel in use saying
 * why (not in Users / no such person / outside availability), so the admin sees them and can retry;
 * people reached on another channel, or skipped by choice (channel or rule off), are kept as notes.
 */
export function deliveriesFor(plan: Plan, opts: { unreachableAsNotes?: boolean } = {}): { deliveries: NewDelivery[]; notes: EventNote[] } {
  const deliveries: NewDelivery[] = [];
  const notes: EventNote[] = [];
  const unreachable = new Set(opts.unreachableAsNotes ? [] : plan.nobody.filter((n) => UNREACHABLE.has(n.reason)).map((n) => n.uid));
  for (const c of plan.channels) {
    for (const r of c.recipients) {
      deliveries.push({ channel: c.channel, recipientUid: r.uid, recipientName: r.name, platformUserId: r.platformUserId });
    }
    for (const m of c.missing) {
      if (c.used && m.reason === 'lookup-pending') {
        deliveries.push({ channel: c.channel, recipientUid: m.uid, recipientName: m.name, platformUserId: null });
      } else if (c.used && unreachable.has(m.uid) && UNREACHABLE.has(m.reason)) {
        const reason = m.reason as 'not-in-users' | 'not-found' | 'outside-availability';
        deliveries.push({
          channel: c.channel,
          recipientUid: m.uid,
          recipientName: m.name,
          platformUserId: null,
          error: recipientError(reason, m.uid, c.channel),
        });
      } else {
        notes.push({ uid: m.uid, name: m.name, channel: c.channel, reason: m.reason, message: SKIP_TEXT[m.reason] });
      }
    }
  }
  for (const n of plan.nobody) {
    if ((opts.unreachableAsNotes || !UNREACHABLE.has(n.reason)) && !notes.some((x) => x.uid === n.uid && x.reason === n.reason)) {
      notes.push({ uid: n.uid, name: n.name, channel: null, reason: n.reason, message: n.message });
    }
  }
  return { deliveries, notes };
}
