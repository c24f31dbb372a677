import { z } from 'zod';
import { CHANNEL_IDS } from '../catalog/channels.js';
import { localizedTextSchema } from '../errors.js';
import { method, type MethodDef } from './define.js';

/** ListUsers roles (DMS OpenAPI). */
export const DMS_USER_ROLES = ['USER', 'DBA', 'ADMIN', 'SECURITY_ADMIN', 'STRUCT_READ_ONLY'] as const;

export const dmsImportInputSchema = z.object({
  /** Only users with one of these roles; none = everyone. */
  roles: z.array(z.enum(DMS_USER_ROLES)).max(DMS_USER_ROLES.length).optional(),
  /** Also replace users edited by hand. */
  overwrite: z.boolean().default(false),
});

const lookupCountsSchema = z.object({
  channel: z.enum(CHANNEL_IDS),
  found: z.number().int(),
  notFound: z.number().int(),
  failed: z.number().int(),
});

export const dmsImportReportSchema = z.object({
  /** Users DMS listed (with a mobile or an e-mail). */
  listed: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Edited by hand and different in DMS: kept (use overwrite to replace). */
  keptEdits: z.number().int(),
  /** Listed without mobile and e-mail: nobody could find them on a platform, so not imported. */
  skippedNoContact: z.array(z.object({ uid: z.string(), name: z.string() })),
  /** Listed with values the Users form refuses (too long, control characters, a `chat:` uid…): not imported. uid and name shortened, escaped. */
  skippedInvalid: z.array(z.object({ uid: z.string(), name: z.string(), problems: z.array(localizedTextSchema) })),
  /** Imported earlier from DMS, no longer listed (all roles only): kept, not deleted. */
  gone: z.array(z.object({ uid: z.string(), name: z.string() })),
  /** The imported users looked up on each enabled channel. */
  lookups: z.array(lookupCountsSchema),
  /** Channels that could not be asked (credentials, permission, network). */
  channelErrors: z.array(z.object({ channel: z.enum(CHANNEL_IDS), message: localizedTextSchema, fix: localizedTextSchema.nullable() })),
});
export type DmsImportReport = z.infer<typeof dmsImportReportSchema>;

export const usersDmsMethods = {
  /** Pages through DMS ListUsers, adds or updates users, then looks them up on every enabled channel. */
  'users.importFromDms': method(dmsImportInputSchema, dmsImportReportSchema),
} satisfies Record<string, MethodDef>;
