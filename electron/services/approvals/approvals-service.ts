import { text } from '../../../shared/i18n-text.js';
import type { ApprovalsPort } from '../platforms/approval-cards.js';

/**
 * Approve-from-chat before its long connections exist: no channel has a connection, and a test card cannot be
 * pressed, so it is not sent. (Issue 19 replaces this with the service that runs the connections.)
 */
export function createApprovalsService(): ApprovalsPort {
  return {
    connections: () => [],
    sendTestCard: async () => ({
      ok: false,
      message: text(
        'Approve from chat is not available in this version: no long connection receives the button.',
        '此版本尚不支持在聊天中审批：没有长连接接收按钮回调。',
      ),
    }),
  };
}
