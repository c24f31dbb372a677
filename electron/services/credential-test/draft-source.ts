import { createHash } from 'node:crypto';
import { channelDef, type ChannelId } from '../../../shared/catalog/channels.js';
import { movedSecretIssues, validateChannelDraft, type ChannelDraft, type DraftIssue } from '../../../shared/channel-validation.js';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { applyDraft, formPath, withStoredLinks } from '../channels/channels-service.js';
import type { PlatformConfig } from '../platforms/client.js';
import type { Settings } from '../settings/schema.js';
import { vaultKeys, type SecretStore } from '../vault/secret-store.js';
import { StepFailure } from '../diagnostics/runner.js';

/** Where a credential test reads the channel's config from: the stored one, or the form's typed values. */
export interface ConfigSource {
  readonly settings: Settings;
  readonly vault: SecretStore;
  /** True for typed values. */
  readonly typed: boolean;
  /** Typed values that fail validation: the config step fails with this, naming the fields. */
  readonly invalid?: StepFailure;
}

const readOnly = (): never => {
  // A test must never store what it tests.
  throw new AppError('INTERNAL', text('A credential test tried to change the vault.', '凭据测试试图修改密钥库。'));
};

/** The config step's failure for typed values that cannot be tested, naming the fields. */
function draftProblem(issues: readonly DraftIssue[]): StepFailure {
  const paths = issues.map((i) => formPath(i.at));
  return new StepFailure(
    text(`Please correct: ${issues.map((i) => i.message.en).join('; ')}`, `请更正：${issues.map((i) => i.message.zh).join('；')}`),
    text(`Fix the marked fields (${paths.join(', ')}) and test again.`, `请修改标出的字段（${paths.join('、')}）后重新测试。`),
    { code: 'config' },
  );
}

/**
 * The typed values over the stored ones, in memory only: the settings copy is never written and the
 * vault view answers the typed secret for this channel and refuses every write. A draft that moves a
 * base URL to another origin must carry its secrets typed (the rule of save and import): a stored
 * secret is never sent to an address it was not entered for, so the test fails before any request.
 */
export function draftConfigSource(stored: Settings, vault: SecretStore, channel: ChannelId, draft: ChannelDraft): ConfigSource {
  const checked = validateChannelDraft(channel, { ...draft, links: withStoredLinks(stored, channel, draft.links) });
  if (!checked.ok) return { settings: stored, vault, typed: true, invalid: draftProblem(checked.issues) };
  // Every secret field counts as stored here: whatever is not typed would be read from the vault.
  const moved = movedSecretIssues(channel, {
    before: stored.channels[channel].baseUrls,
    after: checked.draft.baseUrls,
    storedSecrets: new Set(
      channelDef(channel)
        .fields.filter((f) => f.secret)
        .map((f) => f.id),
    ),
    newSecrets: checked.draft.secrets,
  });
  if (moved.length > 0) return { settings: stored, vault, typed: true, invalid: draftProblem(moved) };
  const typedSecrets = new Map(Object.entries(checked.draft.secrets).map(([field, value]) => [vaultKeys.channel(channel, field), value]));
  const view: SecretStore = {
    backend: vault.backend,
    status: () => vault.status(),
    get: async (key) => typedSecrets.get(key) ?? vault.get(key),
    has: async (key) => typedSecrets.has(key) || vault.has(key),
    set: readOnly,
    delete: readOnly,
  };
  return { settings: applyDraft(stored, channel, checked.draft), vault: view, typed: true };
}

/** Identifies a platform config without keeping its secret readable (in memory only). */
export const fingerprint = (config: PlatformConfig): string => createHash('sha256').update(JSON.stringify(config)).digest('hex');
