import type { SqliteDb } from '../../sqlite/database.js';

export interface TrackedTicket {
  readonly taskId: string;
  /** When the pending-approval event was received (epoch ms). */
  readonly since: number;
  /** The rule's reminders section, JSON. */
  readonly config: string;
  /** The pending-approval event as accepted, JSON. */
  readonly event: string;
  /** Index of the next timeline step. */
  readonly step: number;
  readonly nextAt: number | null;
}

/** One daily digest time: `HH:MM` in an IANA time zone. */
export interface DigestSlot {
  readonly at: string;
  readonly timeZone: string;
}

const slotText = (s: DigestSlot | null | undefined): string | null => (s ? `${s.at}|${s.timeZone}` : null);
const slotOf = (v: string): DigestSlot => {
  const [at = '', timeZone = ''] = v.split('|');
  return { at, timeZone };
};

interface Row {
  task_id: string;
  since: number;
  config: string;
  event: string;
  step: number;
  next_at: number | null;
}

const toTicket = (r: Row): TrackedTicket => ({ taskId: r.task_id, since: r.since, config: r.config, event: r.event, step: r.step, nextAt: r.next_at });

/** The `reminder_tickets` table of the outbox file: one row per ticket waiting for approval. */
export class SqliteReminderStore {
  constructor(private readonly sql: SqliteDb) {}

  /** Starts tracking; a ticket already tracked and not ended keeps its clock (a repeated event changes nothing). */
  track(t: { taskId: string; since: number; config: string; event: string; nextAt: number | null; digest?: DigestSlot | null }): void {
    this.sql.write(() =>
      this.sql
        .prepared(
          `INSERT INTO reminder_tickets (task_id, since, config, event, step, next_at, ended_at, digest_slot) VALUES (?, ?, ?, ?, 0, ?, NULL, ?)
           ON CONFLICT(task_id) DO UPDATE SET since = excluded.since, config = excluded.config, event = excluded.event,
             step = 0, next_at = excluded.next_at, ended_at = NULL, digest_slot = excluded.digest_slot
           WHERE reminder_tickets.ended_at IS NOT NULL`,
        )
        .run(t.taskId, t.since, t.config, t.event, t.nextAt, slotText(t.digest)),
    );
  }

  /** The digest times of tickets still waiting (one indexed DISTINCT, cheap with 10,000 tickets). */
  digestSlots(): DigestSlot[] {
    return this.sql
      .prepared<[], { s: string }>('SELECT DISTINCT digest_slot AS s FROM reminder_tickets WHERE digest_slot IS NOT NULL AND ended_at IS NULL')
      .all()
      .map((r) => slotOf(r.s));
  }

  /** Tickets still waiting whose rule asks for this digest, oldest first. */
  inDigest(slot: DigestSlot): TrackedTicket[] {
    return this.sql
      .prepared<[string], Row>('SELECT * FROM reminder_tickets WHERE digest_slot = ? AND ended_at IS NULL ORDER BY since, task_id')
      .all(slotText(slot) ?? '')
      .map(toTicket);
  }

  /** Ends a ticket's reminders (approved, rejected, cancelled…). Returns whether one was active. */
  end(taskId: string, now: number): boolean {
    return (
      this.sql.write(() =>
        this.sql.prepared('UPDATE reminder_tickets SET next_at = NULL, ended_at = ? WHERE task_id = ? AND ended_at IS NULL').run(now, taskId),
      ).changes > 0
    );
  }

  nextDueAt(): number | null {
    return this.sql.prepared<[], { at: number | null }>('SELECT MIN(next_at) AS at FROM reminder_tickets WHERE next_at IS NOT NULL').get()?.at ?? null;
  }

  due(now: number, limit: number): TrackedTicket[] {
    return this.sql
      .prepared<[number, number], Row>('SELECT * FROM reminder_tickets WHERE next_at IS NOT NULL AND next_at <= ? ORDER BY next_at LIMIT ?')
      .all(now, limit)
      .map(toTicket);
  }

  /**
   * Claims step `step` of a ticket and runs `enqueue` in the same transaction: the step advances only if
   * nobody advanced it since it was read, and the message is stored only if the step advanced. Returns
   * whether this call fired it.
   */
  claimStep(taskId: string, step: number, nextAt: number | null, enqueue: () => void, event?: string): boolean {
    return this.sql.write(() => {
      // `event`: the ticket with the approvers DMS named just now, so the digest lists the current ones.
      const advanced = this.sql
        .prepared('UPDATE reminder_tickets SET step = step + 1, next_at = ?, event = COALESCE(?, event) WHERE task_id = ? AND step = ? AND ended_at IS NULL')
        .run(nextAt, event ?? null, taskId, step).changes;
      if (advanced === 0) return false;
      enqueue();
      return true;
    });
  }

  /** Moves a step later without firing it (quiet hours of a changed rule, a DMS check that failed). */
  postpone(taskId: string, step: number, nextAt: number): void {
    this.sql.write(() => this.sql.prepared('UPDATE reminder_tickets SET next_at = ? WHERE task_id = ? AND step = ?').run(nextAt, taskId, step));
  }
}
