import type { channelsMethods } from '../../../shared/contract/channels.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function channelsHandlers(s: AppServices): Pick<Handlers, keyof typeof channelsMethods> {
  return {
    'channels.list': async () => ({ channels: s.channels.list() }),
    'channels.get': async ({ channel }) => s.channels.get(channel),
    'channels.save': async (input) => s.channels.save(input),
    'channels.setEnabled': async ({ channel, enabled }) => s.channels.setEnabled(channel, enabled),
    'channels.clearSecret': async ({ channel, field }) => s.channels.clearSecret(channel, field),
  };
}
