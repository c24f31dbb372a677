import { z } from 'zod';
import { CHANNEL_IDS } from '../catalog/channels.js';
import { dmsEventSchema } from '../events/dms-event.js';
import { localizedTextSchema } from '../errors.js';
import { emptyInput, method, type MethodDef } from './define.js';

export const DELIVERY_STATES = ['queued', 'sending', 'sent', 'retrying', 'dead', 'discarded'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** 'test': sent from the rule simulator ("Send this event for real"); 'reminder': an approval reminder or escalation. */
export const EVENT_SOURCES = ['webhook', 'cli', 'api', 'watcher', 'test', 'reminder'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** One failed attempt, explained (stored as JSON in the outbox; never carries a secret). */
export const deliveryErrorSchema = z.object({
  code: z.string(),
  httpStatus: z.number().int().nullable(),
  retryable: z.boolean(),
  retryAfterMs: z.number().nullable(),
  missingScopes: z.array(z.string()),
  message: localizedTextSchema,
  fix: localizedTextSchema,
  consoleUrl: z.string().nullable(),
});
export type DeliveryError = z.infer<typeof deliveryErrorSchema>;

export const stateCountsSchema = z.object(Object.fromEntries(DELIVERY_STATES.map((s) => [s, z.number().int()])) as Record<DeliveryState, z.ZodNumber>);
export type StateCounts = z.infer<typeof stateCountsSchema>;

const noteSchema = z.object({ uid: z.string(), name: z.string(), channel: z.enum(CHANNEL_IDS).nullable(), reason: z.string(), message: localizedTextSchema });
export type EventNote = z.infer<typeof noteSchema>;

export const eventSummarySchema = z.object({
  id: z.string(),
  receivedAt: z.number(),
  source: z.enum(EVENT_SOURCES),
  module: z.string(),
  businessType: z.string(),
  status: z.string(),
  names: z.object({ module: localizedTextSchema, businessType: localizedTextSchema, status: localizedTextSchema }),
  taskId: z.string(),
  taskName: z.string(),
  counts: stateCountsSchema,
  /** Attempts of all its deliveries: more than the deliveries sent means retries happened. */
  attempts: z.number().int(),
  notes: z.array(noteSchema),
});
export type EventSummary = z.infer<typeof eventSummarySchema>;

export const attemptSchema = z.object({
  at: z.number(),
  durationMs: z.number(),
  ok: z.boolean(),
  error: deliveryErrorSchema.nullable(),
});

export const deliverySchema = z.object({
  id: z.number().int(),
  eventId: z.string(),
  channel: z.enum(CHANNEL_IDS),
  recipientUid: z.string(),
  recipientName: z.string(),
  platformUserId: z.string().nullable(),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int(),
  nextAttemptAt: z.number(),
  lastError: deliveryErrorSchema.nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const eventFilterSchema = z.object({
  /** Events with at least one delivery in one of these states. */
  states: z.array(z.enum(DELIVERY_STATES)).default([]),
  channel: z.enum(CHANNEL_IDS).optional(),
  /** Matches task id, task name, module, business type or status text. */
  search: z.string().max(200).default(''),
  from: z.number().optional(),
  to: z.number().optional(),
});
export type EventFilter = z.infer<typeof eventFilterSchema>;

export const statsBucketSchema = z.object({ start: z.number(), sent: z.number().int(), failed: z.number().int(), dead: z.number().int() });

export const ALERT_LEVELS = ['ok', 'sending', 'failures'] as const;
export const alertStateSchema = z.object({
  level: z.enum(ALERT_LEVELS),
  /** Dead letters waiting for the admin (retry or discard). */
  failureCount: z.number().int(),
  /** Deliveries still to go (queued, sending, retrying). */
  pendingCount: z.number().int(),
  paused: z.boolean(),
  banner: z.object({ message: localizedTextSchema }).nullable(),
});
export type AlertState = z.infer<typeof alertStateSchema>;

export const senderStatusSchema = z.object({ paused: z.boolean(), counts: stateCountsSchema, alerts: alertStateSchema });

const idsInput = z.object({ deliveryIds: z.array(z.number().int().positive()).min(1).max(10_000) });
const countOutput = z.object({ count: z.number().int() });

export const notifyOutputSchema = z.object({ eventId: z.string(), duplicate: z.boolean(), deliveries: z.number().int() });
export type NotifyOutput = z.infer<typeof notifyOutputSchema>;

export const senderMethods = {
  /** The same intake as the webhook and the CLI (idempotent). */
  'events.notify': method(z.object({ event: dmsEventSchema, idempotencyKey: z.string().min(1).max(200).optional() }), notifyOutputSchema),
  'sender.status': method(emptyInput, senderStatusSchema),
  'sender.pause': method(emptyInput, senderStatusSchema),
  'sender.resume': method(emptyInput, senderStatusSchema),
  'sender.events': method(
    eventFilterSchema.extend({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(200).default(50) }),
    z.object({ total: z.number().int(), items: z.array(eventSummarySchema) }),
  ),
  'sender.deliveries': method(
    z.object({ eventId: z.string().min(1) }),
    z.object({ event: eventSummarySchema.extend({ body: dmsEventSchema }), deliveries: z.array(deliverySchema.extend({ history: z.array(attemptSchema) })) }),
  ),
  'sender.stats': method(
    z.object({ from: z.number().optional(), to: z.number().optional(), buckets: z.number().int().min(1).max(200).default(24) }),
    z.object({ bucketMs: z.number(), buckets: z.array(statsBucketSchema) }),
  ),
  'sender.retry': method(idsInput, countOutput),
  'sender.discard': method(idsInput, countOutput),
  'sender.retryAllFailed': method(emptyInput, countOutput),
  'sender.exportCsv': method(eventFilterSchema, z.object({ filename: z.string(), csv: z.string() })),
} satisfies Record<string, MethodDef>;
