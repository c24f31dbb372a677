import { bearer, check } from './feishu.js';
import { isObject } from './http.js';
import type { Core } from './protocol.js';
import type { CallOptions, PlatformChat } from './types.js';

/** Page size of GET /open-apis/im/v1/chats (the API's maximum). */
const PAGE_SIZE = 100;
/** Enough for any bot's groups; stops a paging loop that never ends. */
const MAX_PAGES = 50;

/** The group chats the app's bot is a member of (GET /open-apis/im/v1/chats with the tenant token), every page. */
export async function listFeishuChats(core: Core, opts: CallOptions = {}): Promise<PlatformChat[]> {
  const out: PlatformChat[] = [];
  let pageToken = '';
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = await core.authed(
      (token) => ({
        method: 'GET',
        url: `${core.config.apiBaseUrl}/open-apis/im/v1/chats`,
        params: { page_size: String(PAGE_SIZE), ...(pageToken ? { page_token: pageToken } : {}) },
        headers: bearer(token),
      }),
      (a) => check(core, a),
      opts,
    );
    const data = isObject(body.data) ? body.data : {};
    const items = Array.isArray(data.items) ? data.items.filter(isObject) : [];
    for (const item of items) {
      if (typeof item.chat_id !== 'string' || item.chat_id === '') continue;
      out.push({ chatId: item.chat_id, name: typeof item.name === 'string' ? item.name : '' });
    }
    pageToken = typeof data.page_token === 'string' ? data.page_token : '';
    if (data.has_more !== true || pageToken === '') break;
  }
  return out;
}
