import { z } from 'zod';
import { CHANNEL_IDS } from '../catalog/channels.js';
import { localizedTextSchema } from '../errors.js';
import { method, type MethodDef } from './define.js';

// Approve / Reject from the chat card (issue 19): the audit of presses and the long connections' state.

export const APPROVAL_OUTCOMES = ['approved', 'rejected', 'refused', 'failed', 'duplicate'] as const;

/** One press as the audit keeps it (outbox `approvals` table). `outcome` null = still being settled with DMS. */
export const approvalEntrySchema = z.object({
  id: z.number().int(),
  /** ISO time. */
  pressedAt: z.string(),
  channel: z.enum(CHANNEL_IDS).nullable(),
  platform: z.string(),
  /** Feishu/Lark open_id or DingTalk userId of the presser. */
  presserId: z.string(),
  /** The users-directory person the presser maps to (name or UID), null when unmapped. */
  presserName: z.string().nullable(),
  dmsUid: z.string().nullable(),
  orderId: z.string(),
  action: z.enum(['approve', 'reject']),
  comment: z.string(),
  state: z.enum(['claimed', 'done']),
  outcome: z.enum(APPROVAL_OUTCOMES).nullable(),
  reason: z.string().nullable(),
  message: localizedTextSchema.nullable(),
  /** DMS RequestId of ApproveOrder, when DMS was called. */
  requestId: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ApprovalEntry = z.output<typeof approvalEntrySchema>;

export const approvalsListInputSchema = z
  .object({
    /** Newest first; pass the last id seen to page on. */
    beforeId: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(500).default(100),
    orderId: z.string().max(64).optional(),
  })
  .default({ limit: 100 });

export const LONG_CONNECTION_PHASES = ['off', 'connecting', 'connected', 'failing'] as const;

/** A channel's long connection (Feishu/Lark WebSocket, DingTalk Stream) as Home, the channel card and `status` show it. */
export const longConnectionViewSchema = z.object({
  channel: z.enum(CHANNEL_IDS),
  phase: z.enum(LONG_CONNECTION_PHASES),
  /** ISO time of the last phase change. */
  since: z.string(),
  lastCallbackAt: z.string().nullable(),
  lastError: localizedTextSchema.nullable(),
  reconnects: z.number().int().nonnegative(),
});
export type LongConnectionView = z.output<typeof longConnectionViewSchema>;

export const approvalsMethods = {
  'approvals.list': method(approvalsListInputSchema, z.object({ entries: z.array(approvalEntrySchema), hasMore: z.boolean() })),
  /** One entry per channel with approve-from-chat switched on (enabled channels only). */
  'approvals.connections': method(z.object({}).default({}), z.object({ connections: z.array(longConnectionViewSchema) })),
  /**
   * Sends a test approval card to one person of the users directory on this channel. Pressing its button round-trips
   * through the long connection and is answered, without touching DMS; `approvals.connections` then shows the callback.
   */
  'approvals.sendTestCard': method(
    z.object({ channel: z.enum(CHANNEL_IDS), uid: z.string().trim().min(1).max(200) }),
    z.object({ ok: z.boolean(), message: localizedTextSchema }),
  ),
} satisfies Record<string, MethodDef>;
