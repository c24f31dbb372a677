import type { ChannelId } from '../../../shared/catalog/channels';
import { api, type QueryDef } from '../../api';
import type { ChannelSaveRequest, ChannelView } from './model';

export async function loadChannels(): Promise<ChannelView[]> {
  return (await api['channels.list']({})).channels;
}

/** The channel list as Home and the Channels page read it. */
export const channelsQuery: QueryDef<ChannelView[]> = { key: ['channels.list'], load: loadChannels };

/** Saves the form; then switches the channel on or off if the switch moved. */
export async function saveChannel(req: ChannelSaveRequest, before: ChannelView): Promise<ChannelView> {
  const saved = await api['channels.save'](req.save);
  if (req.enabled === before.enabled && req.enabled === saved.enabled) return saved;
  return setChannelEnabled(req.save.channel, req.enabled);
}

export function setChannelEnabled(channel: ChannelId, enabled: boolean): Promise<ChannelView> {
  return api['channels.setEnabled']({ channel, enabled });
}
