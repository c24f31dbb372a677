import { CHANNEL_IDS, type ChannelId } from '../../../../shared/catalog/channels.js';
import {
  DELIVERY_STATES,
  deliveryErrorSchema,
  type Delivery,
  type DeliveryError,
  type DeliveryState,
  type EventNote,
  type EventSource,
  type StateCounts,
} from '../../../../shared/contract/sender.js';
import { dmsEventSchema } from '../../../../shared/events/dms-event.js';
import { reminderMarkSchema, type ReminderMark } from '../../../../shared/reminders.js';
import type { StoredEvent } from './types.js';

// SQLite rows of the outbox and their mapping to the records the roles return.

export function emptyCounts(): StateCounts {
  return Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as StateCounts;
}

export interface DeliveryRow {
  id: number;
  event_id: string;
  channel: string;
  recipient_uid: string;
  recipient_name: string;
  platform_user_id: string | null;
  state: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface EventRow {
  seq: number;
  id: string;
  received_at: number;
  source: string;
  module: string;
  business_type: string;
  status: string;
  task_id: string;
  task_name: string;
  body: string;
  notes: string;
  reminder: string | null;
}

/** A stored error, or null when there is none or it is unreadable (health and metrics must still answer then). */
export const parseError = (json: string | null): DeliveryError | null => {
  if (json === null) return null;
  try {
    const r = deliveryErrorSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
};

export const toChannel = (v: string): ChannelId => {
  if (!(CHANNEL_IDS as readonly string[]).includes(v)) throw new Error(`outbox holds unknown channel ${v}`);
  return v as ChannelId;
};

export const toState = (v: string): DeliveryState => v as DeliveryState;

const parseMark = (json: string | null): ReminderMark | null => {
  if (json === null) return null;
  const r = reminderMarkSchema.safeParse(JSON.parse(json));
  return r.success ? r.data : null;
};

export function toStoredEvent(r: EventRow): StoredEvent {
  return {
    id: r.id,
    seq: r.seq,
    receivedAt: r.received_at,
    source: r.source as EventSource,
    kind: { module: r.module, businessType: r.business_type, status: r.status },
    taskId: r.task_id,
    taskName: r.task_name,
    body: dmsEventSchema.parse(JSON.parse(r.body)),
    notes: JSON.parse(r.notes) as EventNote[],
    reminder: parseMark(r.reminder),
  };
}

export function toDelivery(r: DeliveryRow): Delivery {
  return {
    id: r.id,
    eventId: r.event_id,
    channel: toChannel(r.channel),
    recipientUid: r.recipient_uid,
    recipientName: r.recipient_name,
    platformUserId: r.platform_user_id,
    state: toState(r.state),
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: parseError(r.last_error),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}
