import type { ChannelId } from '../../../../shared/catalog/channels.js';
import { text, type LocalizedText } from '../../../../shared/i18n-text.js';
import { explain } from '../../platforms/explain.js';

/** Why the long connection is not up, as far as the client can see it. */
export type ConnectionProblem =
  /** The endpoint's body code (1000040345 …) or a transport code of platforms/explain.ts (ECONNREFUSED, http5xx …). */
  | { readonly kind: 'code'; readonly code: string; readonly httpStatus?: number | null; readonly detail?: string }
  /** The SDK connects only with `cli_` + 16 hex digits and otherwise silently does nothing. */
  | { readonly kind: 'appIdFormat' }
  /** The endpoint gave a WebSocket address but the socket did not open. */
  | { readonly kind: 'socketOpen' }
  /** An open connection dropped; the client is reconnecting. */
  | { readonly kind: 'dropped' };

export const APP_ID_PATTERN = /^cli_[0-9a-fA-F]{16}$/;

const APP_ID_FORMAT = text(
  'The App ID is not a Feishu/Lark App ID ("cli_" and 16 hexadecimal digits), so no long connection can be opened. Copy the App ID again from Credentials and Basic Information.',
  'App ID 格式不对（应为 "cli_" 加 16 位十六进制数字），无法建立长连接。请从“凭证与基础信息”页面重新复制 App ID。',
);
const SOCKET_OPEN = text(
  'The long-connection address was issued but the WebSocket did not open (a firewall or proxy may block WebSocket traffic). Channel Desk retries automatically.',
  '已获取长连接地址，但 WebSocket 未能建立（防火墙或代理可能拦截了 WebSocket）。Channel Desk 会自动重试。',
);
const DROPPED = text('The long connection dropped; Channel Desk is reconnecting.', '长连接已断开，Channel Desk 正在重新连接。');

/** One text for the state (what happened, then what to do), in both languages. */
export function describeProblem(channel: ChannelId, appId: string, problem: ConnectionProblem): LocalizedText {
  switch (problem.kind) {
    case 'appIdFormat':
      return APP_ID_FORMAT;
    case 'socketOpen':
      return SOCKET_OPEN;
    case 'dropped':
      return DROPPED;
    case 'code': {
      const { message, fix } = explain(channel, problem.code, {
        appId,
        httpStatus: problem.httpStatus ?? null,
        ...(problem.detail !== undefined ? { platformMessage: problem.detail } : {}),
      });
      return text(`${message.en} ${fix.en}`, `${message.zh}${fix.zh}`);
    }
  }
}
