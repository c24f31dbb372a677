import type { PlatformProtocol } from '../../../../shared/catalog/channels.js';
import type { LongConnectionFactory } from '../../platforms/approval-cards.js';
import { dingtalkLongConnection } from './dingtalk.js';
import { feishuLongConnection } from './feishu.js';

/** The long connection of each wire protocol (Feishu/Lark WebSocket, DingTalk Stream); one line per protocol. */
export const LONG_CONNECTIONS: Partial<Record<PlatformProtocol, LongConnectionFactory>> = {
  dingtalk: dingtalkLongConnection,
  feishu: feishuLongConnection,
};
