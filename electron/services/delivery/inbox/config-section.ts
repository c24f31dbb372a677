import type { InboxConfigSection } from '../../../../shared/contract/inbox.js';
import type { FieldIssue } from '../../../../shared/errors.js';
import type { Settings } from '../../settings/schema.js';
import { vaultKeys } from '../../vault/secret-store.js';
import { checkInboxSave } from './inbox-settings.js';

const SECRET_KEY = vaultKeys.inboxSigningSecret;

const secretStored = (s: Settings): boolean => s.secretsMeta[SECRET_KEY] !== undefined;

/**
 * The `"inbox"` section as exported: the signature policy, the secret always "" and `secretsSet` saying
 * whether it is stored. No path token: it is per install and secret-like (rotated on the Settings page).
 */
export function exportInboxSection(s: Settings): InboxConfigSection {
  return { requireSignature: s.inbox.requireSignature, signingSecret: '', secretsSet: secretStored(s) ? ['signingSecret'] : [] };
}

/** What an import may change in `settings.inbox`. */
export type InboxPolicy = Pick<Settings['inbox'], 'requireSignature'>;

export interface InboxSectionPlan {
  readonly policy: InboxPolicy;
  /** `[vault key, value]` when the file carries a new secret. */
  readonly secret: readonly [string, string] | null;
  readonly issues: FieldIssue[];
}

/** Same checks as a save on the Settings page; paths are the file's (`inbox.requireSignature`). */
export function planInboxSection(entry: InboxConfigSection, current: Settings): InboxSectionPlan {
  const { secret, problem } = checkInboxSave(entry, secretStored(current));
  return {
    policy: { requireSignature: entry.requireSignature ?? current.inbox.requireSignature },
    secret: secret !== '' ? [SECRET_KEY, secret] : null,
    issues: problem ? [{ path: `inbox.${problem.field}`, message: problem.message }] : [],
  };
}
