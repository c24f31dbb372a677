import { z } from 'zod';
import { localizedTextSchema } from '../errors.js';
import { emptyInput, method, type MethodDef } from './define.js';

/** The real setup flow, in order; the Home page shows one row per step. */
export const CHECKLIST_STEP_IDS = ['guide', 'credentials', 'credtest', 'users', 'rule', 'delivered'] as const;
export type ChecklistStepId = (typeof CHECKLIST_STEP_IDS)[number];

export const checklistStepSchema = z.object({
  id: z.enum(CHECKLIST_STEP_IDS),
  /** done: proven by stored state; failed: tried and the last try failed; todo: not yet. */
  status: z.enum(['done', 'failed', 'todo']),
  /** What the services know about this step right now (counts, the failing channel, ...). */
  detail: localizedTextSchema,
  /** The route where the step is done, e.g. `/channels`. */
  link: z.string(),
});
export type ChecklistStep = z.infer<typeof checklistStepSchema>;

export const checklistSchema = z.object({
  steps: z.array(checklistStepSchema),
  done: z.number().int(),
  total: z.number().int(),
  /** The first step not done, or null when all are. */
  next: z.enum(CHECKLIST_STEP_IDS).nullable(),
});
export type Checklist = z.infer<typeof checklistSchema>;

export const homeMethods = {
  /** Computed from live state (guide, channels, credential tests, users, rules, outbox) on every call. */
  'home.checklist': method(emptyInput, checklistSchema),
} satisfies Record<string, MethodDef>;
