import { z } from 'zod';
import { CHANNEL_IDS } from '../catalog/channels.js';
import { localizedTextSchema } from '../errors.js';
import { TEMPLATE_MAX_CHARS } from '../template-variables.js';
import { method, type MethodDef } from './define.js';
import { messagePreviewSchema, notifyLanguageSchema } from './messages.js';

export const templateCheckSchema = z.object({
  /** What import and rules.save would refuse (unknown variable, unbalanced section, too long); empty = fine. */
  problems: z.array(localizedTextSchema),
  /** The channel's notification language, which the preview is in. */
  language: notifyLanguageSchema,
  /** The sample event as the channel would receive it with this template; null while there are problems. */
  preview: messagePreviewSchema.nullable(),
});
export type TemplateCheck = z.infer<typeof templateCheckSchema>;

export const templatesMethods = {
  /** Checks one channel's message template as import and save do, and previews it (blank = the default message). */
  'templates.check': method(
    // Longer than the limit still reaches the check, which says so in the admin's words.
    z.object({
      channel: z.enum(CHANNEL_IDS),
      template: z.string().max(TEMPLATE_MAX_CHARS * 2),
      /** The rule's event kind (catalogue ids, raw names or "*"): the sample event previewed is one of this kind. */
      kind: z.object({ module: z.string().max(200), businessType: z.string().max(200), status: z.string().max(200) }).optional(),
    }),
    templateCheckSchema,
  ),
} satisfies Record<string, MethodDef>;
