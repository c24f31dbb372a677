import { z } from 'zod';
import { localizedTextSchema } from '../errors.js';
import { channelIdSchema, regionIdSchema } from './channels.js';
import { method, type MethodDef } from './define.js';

const stepSchema = z.object({
  id: z.string(),
  title: localizedTextSchema,
  detail: localizedTextSchema,
  consoleUrl: z.string().nullable(),
  regionUrls: z.array(z.enum(['homepage', 'redirectUrl', 'trustedH5Domain'])),
  listsPermissions: z.boolean(),
  checked: z.boolean(),
});

const permissionSchema = z.object({
  id: z.string(),
  name: z.string(),
  nameZh: z.string(),
  scope: z.string().nullable(),
  /** Set for a permission Channel Desk needs beyond the guide's list: what it is for. */
  why: localizedTextSchema.nullable(),
  checked: z.boolean(),
});

export const guideViewSchema = z.object({
  channel: channelIdSchema,
  /** The region the URLs are for: the one picked in the guide, else the channel's, else the first. */
  region: regionIdSchema,
  regions: z.array(z.object({ id: regionIdSchema, name: localizedTextSchema })),
  usSiteNotice: localizedTextSchema,
  urls: z.object({
    homepage: z.string(),
    /** Feishu/Lark only. */
    redirectUrl: z.string().nullable(),
    trustedH5Domain: z.string().nullable(),
  }),
  steps: z.array(stepSchema),
  permissions: z.array(permissionSchema),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
});
export type GuideView = z.infer<typeof guideViewSchema>;

export const guideMethods = {
  'guide.get': method(z.object({ channel: channelIdSchema }), guideViewSchema),
  'guide.setRegion': method(z.object({ channel: channelIdSchema, region: regionIdSchema }), guideViewSchema),
  /** `id` is a step id or a permission id of that channel's guide. */
  'guide.setChecked': method(z.object({ channel: channelIdSchema, id: z.string().min(1).max(100), checked: z.boolean() }), guideViewSchema),
} satisfies Record<string, MethodDef>;
