import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import type { CardUpdater } from './approval-cards.js';
import { createPlatformCore, type ClientOptions } from './client.js';
import { isPlatformError } from './errors.js';
import { bearer, check } from './feishu.js';
import type { HttpAnswer } from './http.js';
import type { Core } from './protocol.js';

/** 230001's `ext=` texts of a card update (Feishu's 230001 troubleshooting page), as explain.ts sub-codes. */
const EXT_SUBS: readonly (readonly [RegExp, string])[] = [
  [/invalid message_id/i, 'messageNotFound'],
  [/not the message.s sender/i, 'notSender'],
  [/NOT a card/i, 'notCard'],
  [/update_multi|shared card/i, 'notShared'],
];

/** `check` with the 230001 variants told apart, so each gets its own explanation. */
function checkUpdate(core: Core, answer: HttpAnswer): void {
  try {
    check(core, answer);
  } catch (err) {
    if (!isPlatformError(err) || err.failure.code !== '230001') throw err;
    const sub = EXT_SUBS.find(([re]) => re.test(err.failure.detail ?? ''))?.[1];
    if (!sub) throw err;
    throw core.fail({
      code: '230001',
      sub,
      httpStatus: err.failure.httpStatus,
      ...(err.failure.detail !== undefined ? { detail: err.failure.detail } : {}),
      ...(err.failure.requestId !== undefined ? { requestId: err.failure.requestId } : {}),
    });
  }
}

/**
 * Replaces a sent Feishu/Lark card for everyone: PATCH /open-apis/im/v1/messages/:message_id {content} with the
 * tenant token. Works on cards this app sent within 14 days that declare `config.update_multi: true` (the card and
 * its replacement both). Errors come as body codes (HTTP 400) and are explained like every other platform call.
 */
export function feishuCardUpdater(opts: ClientOptions = {}): CardUpdater {
  return async (config, ref, content) => {
    if (ref.kind !== 'feishu-message' || content.kind !== 'feishu-card') {
      throw new AppError('INTERNAL', text('A DingTalk card cannot be updated through Feishu/Lark.', '钉钉卡片不能通过飞书/Lark 更新。'));
    }
    const core = createPlatformCore(config, opts);
    await core.authed(
      (token) => ({
        method: 'PATCH',
        url: `${config.apiBaseUrl}/open-apis/im/v1/messages/${encodeURIComponent(ref.messageId)}`,
        headers: bearer(token),
        data: { content: JSON.stringify(content.card) },
      }),
      (a) => checkUpdate(core, a),
    );
  };
}

export const updateFeishuCard: CardUpdater = feishuCardUpdater();
