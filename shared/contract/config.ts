import { z } from 'zod';
import { channelIdSchema } from './channels.js';
import { emptyInput, method, type MethodDef } from './define.js';

/** The config file as text (format: shared/config-file.ts). */
export const configMethods = {
  /** Never contains a secret: secrets are "" and listed in `secretsSet`. */
  'config.export': method(emptyInput, z.object({ text: z.string(), fileName: z.string() })),
  /** Validates the whole file first; on any error nothing changes and the issues name the path. */
  'config.import': method(
    z.object({ text: z.string().max(1_000_000) }),
    z.object({
      channels: z.array(channelIdSchema),
      users: z.number().int().nullable(),
      rules: z.number().int().nullable(),
      secretsStored: z.number().int(),
    }),
  ),
} satisfies Record<string, MethodDef>;
