import type { DmsEvent } from '../../../../shared/events/dms-event.js';
import { DEFAULT_DIGEST_TIME_ZONE, type ReminderConfig, type ReminderMark } from '../../../../shared/reminders.js';
import type { KeyValueStore } from '../outbox/types.js';
import type { DigestSlot, SqliteReminderStore } from './reminder-store.js';
import { nextLocalTime } from './timeline.js';
import type { QueueReminder } from './queue-reminder.js';

/** A rule's digest time and zone (the quiet-hours zone, else Asia/Shanghai); null = no digest. */
export const digestSlot = (c: ReminderConfig): DigestSlot | null =>
  c.digest ? { at: c.digest.at, timeZone: c.quietHours?.timeZone ?? DEFAULT_DIGEST_TIME_ZONE } : null;

const metaKey = (s: DigestSlot): string => `reminders.digest:${s.at}|${s.timeZone}`;

/** The local calendar day of `at` in `timeZone` (YYYY-MM-DD): a digest's idempotency is per local day. */
const localDay = (at: number, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

export interface DigestDeps {
  readonly store: SqliteReminderStore;
  readonly meta: KeyValueStore;
  readonly queue: QueueReminder;
}

/**
 * Daily digests: at each rule's `digest.at`, every approver gets one message listing the tickets still
 * waiting for them (age and link are written per channel when sent, from the stored digest mark).
 * A slot's last run is kept in the outbox's meta table and each approver's message has an idempotency
 * key per local day, so a restart neither repeats a digest nor sends one per missed day.
 */
export class DigestPlanner {
  constructor(private readonly deps: DigestDeps) {}

  /** When the next digest is due (epoch ms), or null when no waiting ticket asks for one. */
  nextDueAt(now: number): number | null {
    let next: number | null = null;
    for (const slot of this.deps.store.digestSlots()) {
      const at = this.dueAt(slot, now);
      if (next === null || at < next) next = at;
    }
    return next;
  }

  /** Sends the digests due at `now`; returns how many messages were queued. */
  fireDue(now: number): number {
    let queued = 0;
    for (const slot of this.deps.store.digestSlots()) {
      if (this.dueAt(slot, now) > now) continue;
      const byApprover = new Map<string, { name: string; tickets: { taskId: string; taskName: string; since: number }[]; first: DmsEvent }>();
      for (const t of this.deps.store.inDigest(slot)) {
        const e = JSON.parse(t.event) as DmsEvent;
        for (const p of e.targetUsers) {
          const entry = byApprover.get(p.uid) ?? { name: p.name, tickets: [], first: e };
          entry.tickets.push({ taskId: t.taskId, taskName: e.taskName, since: t.since });
          byApprover.set(p.uid, entry);
        }
      }
      const day = localDay(now, slot.timeZone);
      for (const [uid, { name, tickets, first }] of byApprover) {
        const mark: ReminderMark = { kind: 'digest', at: now, tickets };
        // The kind of the oldest ticket routes it (its rule's channels); the sender writes the list itself.
        const event: DmsEvent = {
          ...first,
          taskId: '',
          taskName: `Daily digest: ${tickets.length} waiting / 每日汇总：${tickets.length} 个待审批`,
          eventTime: new Date(now).toISOString(),
          message: tickets.map((t) => `#${t.taskId} ${t.taskName}`).join('\n'),
          targetUsers: [{ uid, name }],
          receivers: [],
        };
        this.deps.queue(event, mark, `digest:${slot.at}|${slot.timeZone}:${day}:${uid}`);
        queued++;
      }
      // The run is recorded as `now`: after a long stop the next one is the next local time, not each missed day.
      this.deps.meta.setMeta(metaKey(slot), String(now));
    }
    return queued;
  }

  /** The slot's next run after its last one. A slot never run counts from when it was first seen (kept, so the time does not move on). */
  private dueAt(slot: DigestSlot, now: number): number {
    let last = Number(this.deps.meta.getMeta(metaKey(slot)) ?? Number.NaN);
    if (!Number.isFinite(last)) {
      last = now;
      this.deps.meta.setMeta(metaKey(slot), String(now));
    }
    return nextLocalTime(last, slot.at, slot.timeZone);
  }
}
