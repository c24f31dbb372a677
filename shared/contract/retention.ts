import { z } from 'zod';
import { method, type MethodDef } from './define.js';

export const RETENTION_MIN_DAYS = 1;
export const RETENTION_MAX_DAYS = 3650;
export const RETENTION_DEFAULT_DAYS = 30;

/** Days a finished event (every delivery sent or discarded) stays in the delivery log before it is pruned. */
export const sentEventDaysSchema = z.number().int().min(RETENTION_MIN_DAYS).max(RETENTION_MAX_DAYS);

const retentionViewSchema = z.object({ sentEventDays: sentEventDaysSchema });
export type RetentionView = z.output<typeof retentionViewSchema>;

export const retentionMethods = {
  'retention.get': method(z.object({}).default({}), retentionViewSchema),
  /** Applies from the next hourly prune on; dead letters and queued deliveries are never pruned. */
  'retention.save': method(retentionViewSchema, retentionViewSchema),
} satisfies Record<string, MethodDef>;
