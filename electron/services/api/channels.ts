import type { channelsMethods } from '../../../shared/contract/channels.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function channelsHandlers(_s: AppServices): Pick<Handlers, keyof typeof channelsMethods> {
  return {};
}
