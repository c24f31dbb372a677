import { CHANNEL_IDS, channelDef, type BaseUrlId, type ChannelId, type CredentialFieldId } from '../../../shared/catalog/channels.js';
import {
  missingForEnable,
  movedSecretIssues,
  validateChannelDraft,
  type ApprovalSettings,
  type ChannelDraft,
  type DraftIssue,
  type DraftLocation,
  type NormalizedDraft,
} from '../../../shared/channel-validation.js';
import { homepageUrl } from '../../../shared/catalog/regions.js';
import type { ChannelView } from '../../../shared/contract/channels.js';
import type { LastTest } from './last-test-result.js';
import { AppError, type FieldIssue } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import type { Settings } from '../settings/schema.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { vaultKeys, type SecretStore } from '../vault/secret-store.js';

export interface ChannelSaveInput extends Omit<ChannelDraft, 'approval'> {
  readonly channel: ChannelId;
  /** Absent keys keep the stored value. */
  readonly approval?: Partial<ApprovalSettings> | undefined;
}

export interface ChannelsService {
  list(): ChannelView[];
  get(channel: ChannelId): ChannelView;
  save(input: ChannelSaveInput): Promise<ChannelView>;
  setEnabled(channel: ChannelId, enabled: boolean): Promise<ChannelView>;
  clearSecret(channel: ChannelId, field: CredentialFieldId): Promise<ChannelView>;
}

/** The base URL a client must use: the override, else the platform default. */
export function effectiveBaseUrl(settings: Settings, channel: ChannelId, id: BaseUrlId): string {
  const def = channelDef(channel).baseUrls.find((b) => b.id === id);
  if (!def) throw new Error(`${channel} has no ${id}`);
  return settings.channels[channel].baseUrls[id] ?? def.defaultUrl;
}

/** Secret fields currently set, from settings.secretsMeta (kept in step with the vault). */
export function secretsSetFor(settings: Settings, channel: ChannelId): Set<CredentialFieldId> {
  return new Set(
    channelDef(channel)
      .fields.filter((f) => f.secret && settings.secretsMeta[vaultKeys.channel(channel, f.id)] !== undefined)
      .map((f) => f.id),
  );
}

/** Link settings a draft leaves out keep their stored values. */
export function withStoredLinks(s: Settings, channel: ChannelId, links: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const stored = Object.entries(s.channels[channel].links).filter((e): e is [string, string] => typeof e[1] === 'string');
  return { ...Object.fromEntries(stored), ...links };
}

/** Approve-from-chat settings a draft leaves out keep their stored values (both are checked together). */
export function withStoredApproval(s: Settings, channel: ChannelId, approval: Partial<ApprovalSettings> | undefined): ApprovalSettings {
  const c = s.channels[channel];
  return {
    approveFromChat: approval?.approveFromChat ?? c.approveFromChat,
    approvalCardTemplateId: approval?.approvalCardTemplateId ?? c.approvalCardTemplateId,
  };
}

/** When a channel's secret last changed (ISO), from the vault metadata; null while none is set. */
export function credentialsChangedAt(view: Pick<ChannelView, 'secrets'>): string | null {
  const times = Object.values(view.secrets).flatMap((m) => (m?.changedAt ? [m.changedAt] : []));
  return times.length === 0 ? null : times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

/** `values.appKey`-style paths for the channel form. */
export const formPath = (at: DraftLocation): string => {
  switch (at.kind) {
    case 'region':
    case 'enabled':
      return at.kind;
    case 'value':
      return `values.${at.key}`;
    case 'secret':
      return `secrets.${at.key}`;
    case 'baseUrl':
      return `baseUrls.${at.key}`;
    case 'link':
      return `links.${at.key}`;
    case 'approval':
      return `approval.${at.key}`;
  }
};

export function invalidChannel(
  issues: readonly DraftIssue[],
  pathOf: (at: DraftLocation) => string,
  what = text('Nothing was saved', '未保存任何内容'),
): AppError {
  const fieldIssues: FieldIssue[] = issues.map((i) => ({ path: pathOf(i.at), message: i.message }));
  const where = fieldIssues.map((i) => i.path).join(', ');
  return new AppError('BAD_INPUT', text(`Please correct: ${where}. ${what.en}.`, `请更正：${where}。${what.zh}。`), { issues: fieldIssues });
}

/** Applies a validated draft to a channel's settings (values and base URLs replaced as a whole). */
export function applyDraft(s: Settings, channel: ChannelId, draft: NormalizedDraft, enabled?: boolean): Settings {
  const current = s.channels[channel];
  return {
    ...s,
    channels: {
      ...s.channels,
      [channel]: {
        ...current,
        enabled: enabled ?? current.enabled,
        region: draft.region,
        values: draft.values,
        baseUrls: draft.baseUrls,
        links: draft.links,
        ...(draft.approval ?? {}),
      },
    },
  };
}

export interface ChannelsServiceDeps {
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
  /** The last credential test result per channel (issue 4 fills this in). */
  readonly lastTest?: (channel: ChannelId) => LastTest | null;
  /** After a save (a credential test of exactly these typed values becomes the last test). */
  readonly onSaved?: (channel: ChannelId) => Promise<void>;
}

export function createChannelsService(deps: ChannelsServiceDeps): ChannelsService {
  const { settings, vault } = deps;

  const view = (channel: ChannelId): ChannelView => {
    const s = settings.read();
    const c = s.channels[channel];
    const def = channelDef(channel);
    const secretsSet = secretsSetFor(s, channel);
    const missing = missingForEnable(channel, { region: c.region, values: c.values, secretsSet }).map((i) => formPath(i.at));
    const secrets: ChannelView['secrets'] = {};
    for (const f of def.fields.filter((x) => x.secret)) {
      const meta = s.secretsMeta[vaultKeys.channel(channel, f.id)];
      secrets[f.id] = { set: meta !== undefined, changedAt: meta?.changedAt ?? null };
    }
    const baseUrls: ChannelView['baseUrls'] = {};
    for (const b of def.baseUrls) {
      const override = c.baseUrls[b.id];
      baseUrls[b.id] = { url: override ?? b.defaultUrl, defaultUrl: b.defaultUrl, overridden: override !== undefined };
    }
    return {
      channel,
      enabled: c.enabled,
      region: c.region,
      values: { ...c.values },
      secrets,
      baseUrls,
      links: {
        dmsHomepageUrl: c.links.dmsHomepageUrl ?? '',
        defaultDmsHomepageUrl: c.region ? homepageUrl(c.region) : null,
        ticketLinkPattern: c.links.ticketLinkPattern ?? '',
        dingtalkOpen: c.links.dingtalkOpen ?? 'page-link',
      },
      status: c.enabled ? 'enabled' : missing.length === 0 ? 'configured' : 'not-configured',
      missing,
      lastTest: deps.lastTest?.(channel) ?? null,
      approval: { approveFromChat: c.approveFromChat, approvalCardTemplateId: c.approvalCardTemplateId },
    };
  };

  return {
    list: () => CHANNEL_IDS.map(view),
    get: view,

    async save(input) {
      const stored = settings.read();
      const result = validateChannelDraft(input.channel, {
        ...input,
        links: withStoredLinks(stored, input.channel, input.links),
        approval: withStoredApproval(stored, input.channel, input.approval),
      });
      if (!result.ok) throw invalidChannel(result.issues, formPath);
      const draft = result.draft;
      const s = settings.read();
      const moved = movedSecretIssues(input.channel, {
        before: s.channels[input.channel].baseUrls,
        after: draft.baseUrls,
        storedSecrets: secretsSetFor(s, input.channel),
        newSecrets: draft.secrets,
      });
      if (moved.length > 0) throw invalidChannel(moved, formPath);
      if (s.channels[input.channel].enabled) {
        const secretsSet = secretsSetFor(s, input.channel);
        for (const k of Object.keys(draft.secrets)) secretsSet.add(k as CredentialFieldId);
        const missing = missingForEnable(input.channel, { region: draft.region, values: draft.values, secretsSet });
        if (missing.length > 0) {
          throw invalidChannel(
            missing,
            formPath,
            text('The channel is enabled: disable it before clearing required settings', '渠道已启用：清除必填项前请先停用渠道'),
          );
        }
      }
      // Secrets first: if the vault is unavailable, nothing at all is saved.
      for (const [field, value] of Object.entries(draft.secrets)) await vault.set(vaultKeys.channel(input.channel, field), value);
      settings.update((cur) => applyDraft(cur, input.channel, draft));
      // The save has happened; failing to adopt a typed test result (vault hiccup) must not report it as failed.
      await deps.onSaved?.(input.channel).catch(() => undefined);
      return view(input.channel);
    },

    async setEnabled(channel, enabled) {
      if (enabled) {
        const s = settings.read();
        const c = s.channels[channel];
        const secretsSet = secretsSetFor(s, channel);
        // Metadata says "set"; make sure the vault really still has it (a wiped keyring, another machine).
        for (const field of [...secretsSet]) {
          if (!(await vault.has(vaultKeys.channel(channel, field)))) secretsSet.delete(field);
        }
        const missing = missingForEnable(channel, { region: c.region, values: c.values, secretsSet });
        if (missing.length > 0) {
          throw invalidChannel(missing, formPath, text('The channel was not enabled', '渠道未启用'));
        }
      }
      settings.update((s) => ({ ...s, channels: { ...s.channels, [channel]: { ...s.channels[channel], enabled } } }));
      return view(channel);
    },

    async clearSecret(channel, field) {
      const def = channelDef(channel).fields.find((f) => f.id === field && f.secret);
      if (!def) {
        throw new AppError('BAD_INPUT', text(`${field} is not a secret of this channel`, `${field} 不是此渠道的密钥`), {
          issues: [{ path: 'field', message: text('not a secret of this channel', '不是此渠道的密钥') }],
        });
      }
      await vault.delete(vaultKeys.channel(channel, field));
      // A channel cannot stay enabled without a required secret.
      if (def.required && settings.read().channels[channel].enabled) {
        settings.update((s) => ({ ...s, channels: { ...s.channels, [channel]: { ...s.channels[channel], enabled: false } } }));
      }
      return view(channel);
    },
  };
}
