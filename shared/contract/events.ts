import { z } from 'zod';

/**
 * Server push: the services say which kind of data changed, the UI refetches what depends on it.
 * The same messages travel as Server-Sent Events (`GET /events`, headless) and on the IPC event
 * channel (Electron). They carry no data, so nothing secret can leak through them and a missed one
 * costs only a refetch.
 */
export const SERVICE_EVENT_TYPES = [
  /** A delivery was queued, sent, failed, retried or discarded (outbox commit). */
  'outbox.changed',
  /** Users were added, edited or removed, or a platform lookup stored its answer. */
  'directory.changed',
  /** Something health shows changed outside the outbox: vault availability, the DMS watcher. */
  'health.changed',
  /** The settings file was written (channels, rules, DMS connection, credential test results...). */
  'settings.saved',
] as const;

export const serviceEventTypeSchema = z.enum(SERVICE_EVENT_TYPES);
export type ServiceEventType = z.infer<typeof serviceEventTypeSchema>;

/** One push message: every kind that changed since the previous message (changes are coalesced). */
export const serviceEventSchema = z.strictObject({ types: z.array(serviceEventTypeSchema).min(1) });
export type ServiceEvent = z.infer<typeof serviceEventSchema>;

/** The SSE `event:` names of `GET /events`: `change` carries a ServiceEvent, `ready` follows the connect. */
export const SSE_CHANGE = 'change';
export const SSE_READY = 'ready';
/** The headless event stream's path (same token, Host and Origin checks as `/api/`). */
export const EVENTS_PATH = '/events';
