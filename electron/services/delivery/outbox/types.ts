import type { ChannelId } from '../../../../shared/catalog/channels.js';
import type { Delivery, DeliveryError, EventFilter, EventNote, EventSource, StateCounts } from '../../../../shared/contract/sender.js';
import type { DmsEvent } from '../../../../shared/events/dms-event.js';
import type { ReminderMark } from '../../../../shared/reminders.js';

// The outbox's records and its roles. Each consumer depends on the role it needs: the intake and the
// sender on QueueStore, the Delivery log page on DeliveryLogReader, the admin actions on OutboxAdmin.

export interface EventKindIds {
  readonly module: string;
  readonly businessType: string;
  readonly status: string;
}

export interface NewDelivery {
  readonly channel: ChannelId;
  readonly recipientUid: string;
  readonly recipientName: string;
  /** Null: looked up when sending, or (with `error`) nobody to send to, stored dead so the admin sees it. */
  readonly platformUserId: string | null;
  readonly error?: DeliveryError;
}

export interface EnqueueInput {
  readonly event: DmsEvent;
  readonly kind: EventKindIds;
  readonly source: EventSource;
  readonly idempotencyKey: string | null;
  readonly notes: readonly EventNote[];
  readonly deliveries: readonly NewDelivery[];
  readonly now: number;
  /** Set on reminders, escalations and digests. */
  readonly reminder?: ReminderMark | null;
}

export interface EnqueueResult {
  readonly eventId: string;
  readonly duplicate: boolean;
  readonly deliveries: number;
}

/** A delivery the sender may work on now. */
export interface DueDelivery {
  readonly id: number;
  readonly eventId: string;
  readonly channel: ChannelId;
  readonly recipientUid: string;
  readonly platformUserId: string;
  readonly dedupKey: string;
  readonly attempts: number;
  readonly failures: number;
}

export type DeliveryResult =
  | { readonly id: number; readonly at: number; readonly durationMs: number; readonly ok: true }
  | {
      readonly id: number;
      readonly at: number;
      readonly durationMs: number;
      readonly ok: false;
      readonly error: DeliveryError;
      /** Null = dead letter. */
      readonly nextAttemptAt: number | null;
      /** Whether this failure counts toward the dead-letter bound (throttling does not). */
      readonly countsAsFailure: boolean;
    };

export interface StoredEvent {
  readonly id: string;
  readonly seq: number;
  readonly receivedAt: number;
  readonly source: EventSource;
  readonly kind: EventKindIds;
  readonly taskId: string;
  readonly taskName: string;
  readonly body: DmsEvent;
  readonly notes: EventNote[];
  /** What the reminder scheduler sent this as; null for DMS's own events. */
  readonly reminder: ReminderMark | null;
}

export interface EventRowWithCounts extends StoredEvent {
  readonly counts: StateCounts;
}

export interface StatsBucket {
  readonly start: number;
  readonly sent: number;
  readonly failed: number;
  readonly dead: number;
}

export interface OutboxChange {
  /** Deliveries that became dead letters in this commit. */
  readonly newDead: number;
}

/** The queue the intake writes and the sender works: store an event, take due deliveries, record outcomes. */
export interface QueueStore {
  enqueue(input: EnqueueInput): EnqueueResult;
  due(channel: ChannelId, now: number, limit: number): DueDelivery[];
  nextDueAt(channels: readonly ChannelId[]): number | null;
  claim(ids: readonly number[], now: number): Set<number>;
  record(results: readonly DeliveryResult[]): void;
  requeueInFlight(now: number): number;
  makeRetriesDue(now: number): number;
  /** Platform ids the sender looked up for deliveries queued without one. */
  assignPlatformIds(ids: readonly { id: number; platformUserId: string }[]): void;
}

/** What the Delivery log page, the CSV export and the alerts read. */
export interface DeliveryLogReader {
  counts(): StateCounts;
  getEvent(id: string): StoredEvent | null;
  listEvents(f: EventFilter, offset: number, limit: number): { total: number; items: EventRowWithCounts[] };
  iterateEvents(f: EventFilter): Generator<StoredEvent>;
  deliveriesOf(eventId: string): Delivery[];
  attemptsOf(deliveryId: number): DeliveryAttempt[];
  attemptsPerEvent(eventIds: readonly string[]): Map<string, number>;
  stats(from: number, to: number, buckets: number): { bucketMs: number; buckets: StatsBucket[] };
}

export interface DeliveryAttempt {
  readonly at: number;
  readonly durationMs: number;
  readonly ok: boolean;
  readonly error: DeliveryError | null;
}

/** The admin's actions on dead letters. */
export interface OutboxAdmin {
  retry(ids: readonly number[] | 'all-dead', now: number, platformIdFor: (uid: string, channel: ChannelId) => string | null): number;
  discard(ids: readonly number[], now: number): number;
  deadRecipients(ids: readonly number[] | 'all-dead'): { uid: string; channel: ChannelId; code: string | null }[];
}

/** Pruning of old, finished events (retention). */
export interface RetentionStore {
  /** Deletes up to `limit` events received before `cutoff` whose every delivery is sent or discarded; returns how many. */
  deleteFinishedEvents(cutoff: number, limit: number): number;
  /** Deletes up to `limit` finished approval presses made before `cutoff`; returns how many. */
  deleteFinishedApprovals(cutoff: number, limit: number): number;
  /** Deletes up to `limit` approval cards created before `cutoff` that are decided or expired; returns how many. */
  deleteOldCards(cutoff: number, limit: number): number;
  /** Truncates the WAL so the file shrinks on disk after a prune. */
  truncateWal(): void;
}

/** Small durable values beside the queue (e.g. the sender's paused flag). */
export interface KeyValueStore {
  getMeta(key: string): string | null;
  setMeta(key: string, value: string): void;
}

/** One recorded send attempt, as health and metrics read them incrementally by id. */
export interface AttemptFact {
  readonly id: number;
  readonly channel: string;
  readonly at: number;
  /** When the attempt finished (at + duration). */
  readonly end: number;
  readonly ok: boolean;
  /** Failed attempts only. */
  readonly error: DeliveryError | null;
  readonly code: string | null;
  readonly httpStatus: number | null;
  readonly retryAfterMs: number | null;
}

export interface DeadLetterFact {
  readonly channel: string;
  readonly uid: string;
  readonly finishedAt: number | null;
  readonly error: DeliveryError | null;
  readonly code: string | null;
  readonly httpStatus: number | null;
}

/** Aggregate reads for the health summary, Prometheus metrics and the CLI's delivery list. */
export interface OutboxStats {
  /** Attempts with an id above `afterId`, oldest first. */
  attemptsAfter(afterId: number): Generator<AttemptFact>;
  deadLetters(): DeadLetterFact[];
  /** Deliveries queued, sending or waiting for a retry, per channel (channels with none are absent). */
  activePerChannel(): Map<string, number>;
  /** Deliveries per channel and state (`channel|state` → n). */
  countsPerChannelState(): Map<string, number>;
  queueDepth(): number;
  deadLetterCount(): number;
  /** The newest event DMS posted to the webhook inbox (reminders, tests and CLI calls are not DMS reaching us). */
  lastWebhookEvent(): { readonly at: number; readonly source: string } | null;
  /** A delivery's state, or null when there is no such delivery. */
  deliveryState(id: number): string | null;
  /** Deliveries in the given states joined with their event's task, most recently changed first (rows as stored). */
  deliveriesWithTask(states: readonly string[], limit: number): unknown[];
}
