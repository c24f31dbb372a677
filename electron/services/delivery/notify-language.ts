import type { ChannelId } from '../../../shared/catalog/channels.js';
import type { Language } from '../../../shared/i18n-text.js';
import type { Settings } from '../settings/schema.js';
import type { SettingsStore } from '../settings/settings-store.js';

/** Lark is Feishu's international edition: its users read English; DingTalk and Feishu users Chinese. */
export const defaultNotifyLanguage = (channel: ChannelId): Language => (channel === 'lark' ? 'en-US' : 'zh-CN');

/** The language approvers receive on a channel. Never the UI language: switching the UI changes no message. */
export const notifyLanguage = (s: Settings, channel: ChannelId): Language => s.notifyLanguage[channel] ?? defaultNotifyLanguage(channel);

/** The one writer of `settings.notifyLanguage`; null = back to the platform's default. */
export function saveNotifyLanguage(settings: SettingsStore, channel: ChannelId, language: Language | null): void {
  settings.update((cur) => {
    const next = { ...cur.notifyLanguage };
    if (language === null) delete next[channel];
    else next[channel] = language;
    return { ...cur, notifyLanguage: next };
  });
}
