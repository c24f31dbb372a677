import { z } from 'zod';
import { localizedTextSchema } from '../errors.js';
import { emptyInput, method, type MethodDef } from './define.js';

export const languageSchema = z.enum(['en-US', 'zh-CN']);

export const vaultStatusSchema = z.object({
  backend: z.enum(['keychain', 'encrypted-file']),
  available: z.boolean(),
  /** Keychain service name, or the encrypted file's path. */
  location: z.string(),
  problem: z.object({ reason: z.string(), message: localizedTextSchema, fix: localizedTextSchema }).optional(),
});
export type VaultStatusView = z.infer<typeof vaultStatusSchema>;

export const settingsRecoverySchema = z.object({
  backupPath: z.string(),
  reason: z.enum(['invalid-json', 'invalid-settings', 'newer-version']),
  message: localizedTextSchema,
  at: z.string(),
});

export const appInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'headless', 'cli']),
  dataDir: z.string(),
  settingsFile: z.string(),
  /** null = not chosen yet: the UI follows the OS locale. */
  language: languageSchema.nullable(),
  vault: vaultStatusSchema,
  /** Set when the settings file was unusable at start and was moved aside; the UI shows a banner. */
  settingsRecovery: settingsRecoverySchema.nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appMethods = {
  'app.info': method(emptyInput, appInfoSchema),
  'app.setLanguage': method(z.object({ language: languageSchema }), z.object({ language: languageSchema })),
  /**
   * Checks a link against the allowlist (shared/external-links.ts). The transport opens `url` (the
   * normalised form) when `allowed`: Electron via shell.openExternal, the browser itself.
   */
  'app.openExternal': method(z.object({ url: z.string().max(4096) }), z.object({ allowed: z.boolean(), url: z.string() })),
} satisfies Record<string, MethodDef>;
