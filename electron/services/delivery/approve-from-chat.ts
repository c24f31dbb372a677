import { channelDef, type ChannelId } from '../../../shared/catalog/channels.js';
import type { Settings } from '../settings/schema.js';

/**
 * Whether a channel sends approvals as cards with Approve / Reject: it is enabled, has `approveFromChat`, and can send
 * such a card — Feishu/Lark always (built in code), DingTalk only with the admin's approval card template.
 */
export function approvalCardsOn(settings: Pick<Settings, 'channels'>, channel: ChannelId): boolean {
  const c = settings.channels[channel];
  if (!c.enabled || !c.approveFromChat) return false;
  return channelDef(channel).protocol === 'feishu' || c.approvalCardTemplateId.trim() !== '';
}
