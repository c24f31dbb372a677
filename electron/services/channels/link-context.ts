import type { ChannelId } from '../../../shared/catalog/channels.js';
import type { LinkContext } from '../../../shared/dms-links.js';
import type { Settings } from '../settings/schema.js';

/** What a channel's "Open DMS" links are built from: its region, link settings and the app ids the wrapped forms need. */
export function linkContext(s: Settings, channel: ChannelId): LinkContext {
  const c = s.channels[channel];
  return { region: c.region, ...c.links, appId: c.values.appId, agentId: c.values.agentId, corpId: c.values.corpId };
}
