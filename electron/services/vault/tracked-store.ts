import type { SettingsStore } from '../settings/settings-store.js';
import type { SecretStore } from './secret-store.js';

/**
 * Keeps `settings.secretsMeta` (set / changed at) in step with the vault, so the UI can say "set"
 * without reading a secret and even while the vault is unavailable. Values never touch settings.
 */
export function trackSecretsMeta(vault: SecretStore, settings: SettingsStore, now: () => Date = () => new Date()): SecretStore {
  return {
    backend: vault.backend,
    status: () => vault.status(),
    get: (key) => vault.get(key),
    has: (key) => vault.has(key),
    async set(key, value) {
      await vault.set(key, value);
      const changedAt = now().toISOString();
      settings.update((s) => ({ ...s, secretsMeta: { ...s.secretsMeta, [key]: { changedAt } } }));
    },
    async delete(key) {
      await vault.delete(key);
      settings.update((s) => {
        const { [key]: _removed, ...rest } = s.secretsMeta;
        return { ...s, secretsMeta: rest };
      });
    },
  };
}

/** "Set" and when, from settings alone. */
export function secretMeta(settings: SettingsStore, key: string): { set: boolean; changedAt: string | null } {
  const meta = settings.read().secretsMeta[key];
  return { set: meta !== undefined, changedAt: meta?.changedAt ?? null };
}
