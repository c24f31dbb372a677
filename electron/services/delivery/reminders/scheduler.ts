import type { EventSource } from '../../../../shared/contract/sender.js';
import type { DmsEvent } from '../../../../shared/events/dms-event.js';
import { reminderConfigSchema, type ReminderConfig } from '../../../../shared/reminders.js';
import type { Clock } from '../../clock.js';
import type { SqliteReminderStore, TrackedTicket } from './reminder-store.js';
import { firstReminderStep, reminderTimeline } from './timeline.js';
import { digestSlot, type DigestPlanner } from './digest.js';
import { bodyText, type Person, type TicketMark } from './reminder-text.js';
import type { QueueReminder } from './queue-reminder.js';

/** What DMS says now about a ticket (the watcher's calls); null = it cannot tell (then the stored approvers are used). */
export interface LiveTicket {
  readonly pending: boolean;
  readonly approvers: readonly Person[];
}
export type LiveCheck = (taskId: string) => Promise<LiveTicket | null>;

export interface ReminderSchedulerDeps {
  readonly store: SqliteReminderStore;
  readonly queue: QueueReminder;
  readonly clock: Clock;
  /** Daily digests (optional: the benchmark and unit tests run without). */
  readonly digests?: DigestPlanner;
}

const BATCH = 500;
/**
 * The timer counts elapsed time, due times are wall-clock: after a resume from sleep or an NTP step the
 * armed timer would fire hours late. Sleeping at most a minute re-reads the wall clock (one indexed query).
 */
const MAX_SLEEP_MS = 60_000;
/** A failed DMS check is tried again this much later (never reminds on a ticket it could not check). */
const RECHECK_MS = 60_000;

/**
 * Reminds approvers of tickets still pending. One timer sleeps until the earliest due step (no polling),
 * each step is claimed and enqueued in one outbox transaction (at most once, also across SIGKILL), and
 * the message is queued as a delivery of the ticket's stored event with its mark (source `reminder`).
 */
export class ReminderScheduler {
  private cancel: (() => void) | null = null;
  private running = false;
  private firing: Promise<void> | null = null;
  private liveCheck: LiveCheck | null = null;
  /** The due time the armed timer waits for (null: none armed). */
  private armedFor: number | null = null;
  /** Digest slots (`at|zone`) of tickets tracked since the timer was armed, which it has planned for. */
  private readonly slotsPlanned = new Set<string>();

  constructor(private readonly deps: ReminderSchedulerDeps) {}

  /** The DMS watcher's view of a ticket, while it is on; null = decide from webhook events alone. */
  setLiveCheck(check: LiveCheck | null): void {
    this.liveCheck = check;
  }

  /**
   * Called by the intake for every stored event: a pending approval under a rule with reminders starts them; any other status of the ticket ends them.
   * A test send does neither: its ticket is not real (or, pasted, is a real one whose reminders it must not touch).
   */
  observe(event: DmsEvent, status: string, reminders: ReminderConfig | undefined, source: EventSource): void {
    if (source === 'reminder' || source === 'test' || event.taskId === '') return;
    const now = this.deps.clock.now();
    if (status === 'pending-approval' && reminders) {
      const first = firstReminderStep(reminders, now);
      const digest = digestSlot(reminders);
      this.deps.store.track({
        taskId: event.taskId,
        since: now,
        config: JSON.stringify(reminders),
        event: JSON.stringify(event),
        nextAt: first?.firesAt ?? null,
        digest,
      });
      // Re-arming reads the store and plans the digests: on the intake path, only when this ticket's
      // first step or its digest time may come before what the armed timer waits for.
      const slot = digest ? `${digest.at}|${digest.timeZone}` : null;
      if (this.armedFor === null || (first !== undefined && first.firesAt < this.armedFor) || (slot !== null && !this.slotsPlanned.has(slot))) {
        this.wake();
        if (slot !== null) this.slotsPlanned.add(slot);
      }
    } else if (status !== 'pending-approval' && this.deps.store.end(event.taskId, now)) {
      this.wake();
    }
  }

  start(): void {
    this.running = true;
    this.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cancel?.();
    this.cancel = null;
    this.armedFor = null;
    await this.firing;
  }

  /**
   * Re-arms the timer for the clock's now and resolves once nothing armed is due and nothing is being fired: what
   * was due has been enqueued (tests and the benchmark wait for this after moving the clock, instead of sleeping).
   */
  async whenIdle(): Promise<void> {
    this.wake();
    for (;;) {
      if (this.firing) {
        await this.firing;
        continue;
      }
      if (!this.running || this.armedFor === null || this.armedFor > this.deps.clock.now()) return;
      // Armed for now: the timer fires on the next turn of the event loop.
      await new Promise<void>((r) => setImmediate(r));
    }
  }

  /** Re-arms the one timer for the earliest due step. */
  wake(): void {
    if (!this.running || this.firing) return;
    this.cancel?.();
    const steps = this.deps.store.nextDueAt();
    const digest = this.deps.digests?.nextDueAt(this.deps.clock.now()) ?? null;
    const next = steps === null ? digest : digest === null ? steps : Math.min(steps, digest);
    this.armedFor = next;
    // Planned from the store just now; the intake adds the slots of tickets it tracks from here on.
    this.slotsPlanned.clear();
    if (next === null) {
      this.cancel = null;
      return;
    }
    const ms = Math.min(Math.max(0, next - this.deps.clock.now()), MAX_SLEEP_MS);
    this.cancel = this.deps.clock.setTimer(() => {
      this.cancel = null;
      this.armedFor = null;
      this.firing = this.fireDue()
        .catch(() => undefined)
        .finally(() => {
          this.firing = null;
          this.wake();
        });
    }, ms);
  }

  /** Fires every step due now (tests and the benchmark call it through the timer). */
  private async fireDue(): Promise<void> {
    this.deps.digests?.fireDue(this.deps.clock.now());
    for (;;) {
      const due = this.deps.store.due(this.deps.clock.now(), BATCH);
      for (const t of due) await this.fireOne(t);
      if (due.length < BATCH || !this.running) return;
    }
  }

  private async fireOne(t: TrackedTicket): Promise<void> {
    const { store, clock } = this.deps;
    const parsed = reminderConfigSchema.safeParse(JSON.parse(t.config));
    const steps = parsed.success ? reminderTimeline(parsed.data, t.since) : [];
    const step = steps[t.step];
    if (!step) {
      store.end(t.taskId, clock.now());
      return;
    }
    const event = JSON.parse(t.event) as DmsEvent;
    let approvers: readonly Person[] = event.targetUsers;
    let fromDms = false;
    if (this.liveCheck) {
      let live: LiveTicket | null;
      try {
        live = await this.liveCheck(t.taskId);
      } catch {
        store.postpone(t.taskId, t.step, clock.now() + RECHECK_MS);
        return;
      }
      if (live && !live.pending) {
        store.end(t.taskId, clock.now());
        return;
      }
      if (live) {
        approvers = live.approvers;
        fromDms = true;
      }
    }
    const now = clock.now();
    const minutes = Math.max(1, Math.round((now - t.since) / 60_000));
    const escalation = step.kind === 'escalation';
    const to: Person[] = escalation ? (parsed.success ? (parsed.data.escalateTo ?? []) : []).map((uid) => ({ uid, name: '' })) : [...approvers];
    const mark: TicketMark = escalation
      ? { kind: 'escalation', minutes, notActed: approvers.map((p) => ({ uid: p.uid, name: p.name })) }
      : { kind: 'reminder', n: step.n, minutes };
    const reminder: DmsEvent = { ...event, eventTime: new Date(now).toISOString(), message: bodyText(mark), targetUsers: to, receivers: [] };
    const nextAt = steps[t.step + 1]?.firesAt ?? null;
    store.claimStep(
      t.taskId,
      t.step,
      nextAt,
      () => {
        this.deps.queue(reminder, mark, `reminder:${t.taskId}:${t.since}:${t.step}`);
      },
      fromDms ? JSON.stringify({ ...event, targetUsers: approvers }) : undefined,
    );
  }
}
