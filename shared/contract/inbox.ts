import { z } from 'zod';
import { secretStateSchema } from './channels.js';
import { method, type MethodDef } from './define.js';

/** Shortest signing secret accepted: HMAC keys shorter than this are guessable. */
export const INBOX_SECRET_MIN_LENGTH = 16;
export const INBOX_SECRET_MAX_LENGTH = 256;

/** The DMS webhook inbox as the admin sees it. The signing secret itself is never returned. */
export const inboxViewSchema = z.object({
  /**
   * The full URL to paste into DMS (`<origin>/hooks/dms/<token>`), the same one `channel-desk inbox-url`
   * prints; null until the inbox has been served once (its address is not known before).
   */
  url: z.string().nullable(),
  /** Unsigned bodies are refused (401). */
  requireSignature: z.boolean(),
  signingSecret: secretStateSchema,
  /** Request header carrying `sha256=<hex HMAC-SHA256 of "<timestamp>.<Idempotency-Key or empty>.<raw body>">`. */
  signatureHeader: z.string(),
  /** Request header carrying the Unix time (seconds) the request was signed; at most 5 minutes off. */
  timestampHeader: z.string(),
});
export type InboxView = z.output<typeof inboxViewSchema>;

const saveInput = z.object({
  requireSignature: z.boolean().optional(),
  /** Write-only: absent or '' keeps the stored secret. */
  signingSecret: z.string().max(INBOX_SECRET_MAX_LENGTH).optional(),
});
export type InboxSaveInput = z.output<typeof saveInput>;

/**
 * The `"inbox"` section of the config file: `{"requireSignature", "signingSecret", "secretsSet"}`, with the
 * same rules as a save (`""` keeps the stored secret). Export writes `signingSecret: ""` and lists it in
 * `secretsSet` when stored (informational; ignored on import). The path token is deliberately not part of
 * the file: it is a per-install, secret-like value, rotated on the Settings page.
 */
export const inboxConfigSectionSchema = saveInput.extend({ secretsSet: z.array(z.string()).optional() }).strict();
export type InboxConfigSection = z.output<typeof inboxConfigSectionSchema>;

const empty = z.object({}).default({});

export const inboxMethods = {
  'inbox.get': method(empty, inboxViewSchema),
  /** Refuses requireSignature=true while no secret is set (BAD_INPUT, issue on `signingSecret`). */
  'inbox.save': method(saveInput, inboxViewSchema),
  /** Deletes the secret and stops requiring signatures. */
  'inbox.clearSigningSecret': method(empty, inboxViewSchema),
  /** A new path token: the old URL answers 404 from now on. */
  'inbox.rotateToken': method(empty, inboxViewSchema),
} satisfies Record<string, MethodDef>;
