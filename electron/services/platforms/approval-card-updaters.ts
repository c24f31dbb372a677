import type { PlatformProtocol } from '../../../shared/catalog/channels.js';
import type { CardUpdater } from './approval-cards.js';
import { updateDingtalkCard } from './dingtalk-card-update.js';
import { updateFeishuCard } from './feishu-card-update.js';

/** How each wire protocol changes a sent approval card; one line per protocol. */
export const CARD_UPDATERS: Partial<Record<PlatformProtocol, CardUpdater>> = {
  dingtalk: updateDingtalkCard,
  feishu: updateFeishuCard,
};
