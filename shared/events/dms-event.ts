import { z } from 'zod';
import { chatIdOf } from '../chats.js';

/** A DMS user id. `chat:` names a rule's group chat in the outbox, so no person may carry it. */
const uidSchema = z
  .union([z.string(), z.number()])
  .transform(String)
  .superRefine((uid, ctx) => {
    if (chatIdOf(uid) !== null) {
      ctx.addIssue({
        code: 'custom',
        message: 'A person\'s uid cannot start with "chat:": that prefix names group chats.',
        params: { zh: '人员的 uid 不能以“chat:”开头：该前缀表示群聊。' },
      });
    }
  });

const person = z.object({ uid: uidSchema, name: z.string().default('') });

/**
 * DMS's custom-webhook body (header `DMS-Event: Message Hook`). DMS's `category` / `module` / `event`
 * are our module / business type / status. Unknown extra fields are kept out, not rejected.
 */
export const dmsEventSchema = z.object({
  submitterUid: uidSchema,
  submitterName: z.string().default(''),
  category: z.string().min(1).max(200),
  module: z.string().min(1).max(200),
  event: z.string().min(1).max(200),
  taskId: z.union([z.string(), z.number()]).transform(String),
  taskName: z.string().max(2000).default(''),
  eventTime: z.string().min(1).max(100),
  message: z.string().max(100_000).default(''),
  targetUsers: z.array(person).max(1000).default([]),
  receivers: z.array(person).max(1000).default([]),
});

export type DmsEventInput = z.input<typeof dmsEventSchema>;
export type DmsEvent = z.output<typeof dmsEventSchema>;
