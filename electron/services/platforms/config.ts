import { channelDef, type BaseUrlId, type ChannelId, type CredentialField } from '../../../shared/catalog/channels.js';
import type { Settings } from '../settings/schema.js';
import type { SecretStore } from '../vault/secret-store.js';
import type { PlatformConfig } from './protocol.js';

export interface ConfigProblem {
  readonly field: CredentialField;
  readonly problem: 'missing' | 'format';
}

export interface LoadedConfig {
  /** Null when a required field is missing (then `problems` says which). */
  readonly config: PlatformConfig | null;
  readonly problems: readonly ConfigProblem[];
  /** Base URLs in effect, defaults filled in. */
  readonly baseUrls: Readonly<Record<BaseUrlId, string>>;
}

export const vaultKey = (channel: ChannelId, field: string): string => `channel/${channel}/${field}`;

/** The base URL in effect: the channel's override, else the catalog default. */
export function baseUrlOf(settings: Settings, channel: ChannelId, id: BaseUrlId): string {
  const def = channelDef(channel);
  const override = settings.channels[channel].baseUrls[id];
  const url = override && override.trim() !== '' ? override : (def.baseUrls.find((b) => b.id === id) ?? def.baseUrls[0]!).defaultUrl;
  return url.replace(/\/+$/, '');
}

/**
 * A channel's platform config from settings (non-secret values, base URLs) and the vault (secrets),
 * with every required field checked for presence and (loosely) for format.
 */
export async function loadPlatformConfig(settings: Settings, vault: SecretStore, channel: ChannelId): Promise<LoadedConfig> {
  const def = channelDef(channel);
  const stored = settings.channels[channel].values as Partial<Record<string, string>>;
  const values: Record<string, string> = {};
  const problems: ConfigProblem[] = [];
  for (const field of def.fields) {
    const value = field.secret ? ((await vault.get(vaultKey(channel, field.id))) ?? '') : (stored[field.id] ?? '').trim();
    if (value === '') {
      if (field.required) problems.push({ field, problem: 'missing' });
      continue;
    }
    if (!field.pattern.test(value)) problems.push({ field, problem: 'format' });
    values[field.id] = value;
  }
  const baseUrls = { apiBaseUrl: baseUrlOf(settings, channel, 'apiBaseUrl'), oapiBaseUrl: baseUrlOf(settings, channel, 'oapiBaseUrl') };
  const appKey = def.protocol === 'dingtalk' ? values.appKey : values.appId;
  const appSecret = values.appSecret;
  if (problems.some((p) => p.problem === 'missing') || !appKey || !appSecret) return { config: null, problems, baseUrls };
  return {
    config: {
      channel,
      ...baseUrls,
      appKey,
      appSecret,
      ...(values.robotCode ? { robotCode: values.robotCode } : {}),
      ...(values.cardTemplateId ? { cardTemplateId: values.cardTemplateId } : {}),
      ...(values.corpId ? { corpId: values.corpId } : {}),
      ...(settings.channels[channel].approvalCardTemplateId.trim() !== ''
        ? { approvalCardTemplateId: settings.channels[channel].approvalCardTemplateId.trim() }
        : {}),
    },
    problems,
    baseUrls,
  };
}
