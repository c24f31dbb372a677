import { channelDef, type ChannelId } from '../../../../shared/catalog/channels.js';
import { AppError } from '../../../../shared/errors.js';
import { text } from '../../../../shared/i18n-text.js';
import { createPlatformClient } from '../../platforms/client.js';
import { loadPlatformConfig } from '../../platforms/config.js';
import type { PlatformClient } from '../../platforms/types.js';
import type { SettingsStore } from '../../settings/settings-store.js';
import type { SecretStore } from '../../vault/secret-store.js';

/**
 * The sender's platform clients, built from settings + vault and rebuilt when either changes
 * (the cache key is the whole config; it stays in memory only).
 */
export function platformClients(settings: SettingsStore, vault: SecretStore): (channel: ChannelId) => Promise<PlatformClient> {
  const cache = new Map<ChannelId, { key: string; client: PlatformClient }>();
  return async (channel) => {
    const { config, problems } = await loadPlatformConfig(settings.read(), vault, channel);
    if (!config) {
      const def = channelDef(channel);
      const fields = problems.map((p) => p.field.label).join(', ');
      throw new AppError('BAD_INPUT', text(`${def.name.en} credentials are incomplete (${fields}).`, `${def.name.zh} 的凭据不完整（${fields}）。`), {
        fix: text(`Complete the ${def.name.en} credentials on the Channels page, then retry.`, `请在“渠道”页面补全${def.name.zh}的凭据后重试。`),
      });
    }
    const key = JSON.stringify(config);
    const hit = cache.get(channel);
    if (hit && hit.key === key) return hit.client;
    const client = createPlatformClient(config);
    cache.set(channel, { key, client });
    return client;
  };
}
