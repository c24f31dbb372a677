import { chatIdOf } from '../../../shared/chats.js';
import { feishuApprovalCard } from './approval-card-content.js';
import type { CardRef } from './approval-cards.js';
import type { Core, Protocol } from './protocol.js';
import { sendInChunks, shortDedupKey } from './send-util.js';
import { retryAfterMs, isObject, type HttpAnswer } from './http.js';
import { FEISHU_CARD_MAX_BYTES, FEISHU_LOOKUP_MAX, FEISHU_TEXT_MAX_BYTES } from './limits.js';
import { escapeMarkdownFor } from './text-util.js';
import type { ApprovalCardRequest, Contact, LookupResult, OutgoingMessage, SendOutcome, SendRequest } from './types.js';

/** An address no tenant has: the permission probe must not match anyone. */
export const FEISHU_PROBE_EMAIL = 'channel-desk-probe@invalid.example';

/** `{"code":0,...}` is success; anything else (any HTTP status) is a failure with the body's code. */
export function check(core: Core, a: HttpAnswer): Record<string, unknown> {
  const body = a.data;
  if (isObject(body) && typeof body.code === 'number') {
    if (body.code === 0) return body;
    const error = isObject(body.error) ? body.error : {};
    const violations = Array.isArray(error.permission_violations) ? error.permission_violations.filter(isObject) : [];
    const msg = typeof body.msg === 'string' ? body.msg : '';
    const sub = body.code === 230099 ? /ErrCode:\s*(\d+)/.exec(msg)?.[1] : undefined;
    const logId = typeof error.log_id === 'string' ? error.log_id : undefined;
    throw core.fail({
      code: String(body.code),
      httpStatus: a.status,
      retryAfterMs: retryAfterMs(a.headers),
      missingScopes: violations.map((v) => v.subject).filter((s): s is string => typeof s === 'string'),
      detail: msg,
      ...(sub ? { sub } : {}),
      ...(logId ? { requestId: logId } : {}),
    });
  }
  if (a.status === 429) throw core.fail({ code: '99991400', httpStatus: 429, retryAfterMs: retryAfterMs(a.headers) });
  throw core.fail({ code: a.status >= 500 ? 'http5xx' : 'badResponse', httpStatus: a.status, retryAfterMs: retryAfterMs(a.headers) });
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Splits contacts into calls of ≤ 50 mobiles and ≤ 50 emails. */
function lookupBatches(contacts: readonly Contact[]): Contact[][] {
  const batches: Contact[][] = [];
  let current: Contact[] = [];
  let mobiles = 0;
  let emails = 0;
  for (const c of contacts) {
    const m = c.mobile ? 1 : 0;
    const e = c.email ? 1 : 0;
    if (mobiles + m > FEISHU_LOOKUP_MAX || emails + e > FEISHU_LOOKUP_MAX) {
      batches.push(current);
      current = [];
      mobiles = 0;
      emails = 0;
    }
    current.push(c);
    mobiles += m;
    emails += e;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

async function batchGetId(core: Core, contacts: readonly Contact[], opts: { signal?: AbortSignal; timeoutMs?: number }) {
  const mobiles = [...new Set(contacts.flatMap((c) => (c.mobile ? [c.mobile] : [])))];
  const emails = [...new Set(contacts.flatMap((c) => (c.email ? [c.email] : [])))];
  const body = await core.authed(
    (token) => ({
      method: 'POST',
      url: `${core.config.apiBaseUrl}/open-apis/contact/v3/users/batch_get_id`,
      params: { user_id_type: 'open_id' },
      headers: bearer(token),
      data: { mobiles, emails, include_resigned: false },
    }),
    (a) => check(core, a),
    opts,
  );
  const data = isObject(body.data) ? body.data : {};
  const list = Array.isArray(data.user_list) ? data.user_list.filter(isObject) : [];
  const byMobile = new Map<string, string>();
  const byEmail = new Map<string, string>();
  for (const entry of list) {
    if (typeof entry.user_id !== 'string' || entry.user_id === '') continue;
    if (typeof entry.mobile === 'string') byMobile.set(entry.mobile, entry.user_id);
    if (typeof entry.email === 'string') byEmail.set(entry.email.toLowerCase(), entry.user_id);
  }
  return { byMobile, byEmail };
}

type Rendered = { msg_type: string; content: string; limit: number };

/**
 * Card JSON 1.0: the title as the header, the markdown body, one button. Its `multi_url` sends PC to the web-page
 * AppLink and phones to the web-app AppLink (shared/dms-links.ts). JSON 1.0 markdown has no headings, so the body's
 * own `### title` line (the header shows it) is left out.
 */
/** The body without its leading "### <headline>": a card's header and a post's title already show it. */
function withoutHeading(msg: OutgoingMessage): string {
  const heading = `### ${escapeMarkdownFor('feishu')(msg.title)}\n`;
  return msg.markdown.startsWith(heading) ? msg.markdown.slice(heading.length) : msg.markdown;
}

function linkCard(msg: OutgoingMessage, link: string) {
  const body = withoutHeading(msg);
  const pc = msg.openUrls?.pc ?? link;
  const mobile = msg.openUrls?.mobile ?? link;
  return {
    config: { wide_screen_mode: true },
    header: { title: { tag: 'plain_text', content: msg.title } },
    elements: [
      { tag: 'markdown', content: body },
      {
        tag: 'action',
        actions: [
          {
            tag: 'button',
            text: { tag: 'plain_text', content: msg.linkLabel ?? link },
            type: 'primary',
            multi_url: { url: link, pc_url: pc, ios_url: mobile, android_url: mobile },
          },
        ],
      },
    ],
  };
}

/** The IM message body for a message (exported for the message preview). */
export function render(cardTemplateId: string | undefined, msg: OutgoingMessage, format: SendRequest['format']): Rendered {
  const f = format ?? 'auto';
  if (f === 'card' || (f === 'auto' && cardTemplateId)) {
    const variables = msg.cardParams ? { ...msg.cardParams } : { title: msg.title, content: msg.markdown, link: msg.link ?? '' };
    return {
      msg_type: 'interactive',
      content: JSON.stringify({ type: 'template', data: { template_id: cardTemplateId, template_variable: variables } }),
      limit: FEISHU_CARD_MAX_BYTES,
    };
  }
  if (f === 'text') {
    return { msg_type: 'text', content: JSON.stringify({ text: msg.link ? `${msg.text}\n${msg.link}` : msg.text }), limit: FEISHU_TEXT_MAX_BYTES };
  }
  // With a link and no template: a card, so "Open DMS" is a button that opens the right form on each client (`multi_url`).
  if (f === 'auto' && msg.link) return { msg_type: 'interactive', content: JSON.stringify(linkCard(msg, msg.link)), limit: FEISHU_CARD_MAX_BYTES };
  // Rich text ("post"): the `md` tag renders markdown; the link is a separate `a` element.
  const paragraphs: unknown[][] = [[{ tag: 'md', text: withoutHeading(msg) }]];
  if (msg.link) paragraphs.push([{ tag: 'a', text: msg.linkLabel ?? msg.link, href: msg.link }]);
  return { msg_type: 'post', content: JSON.stringify({ zh_cn: { title: msg.title, content: paragraphs } }), limit: FEISHU_CARD_MAX_BYTES };
}

/** One POST to a user (open_id) or a chat (`chat:<chat_id>`); returns the new message's id ('' if the answer had none). */
async function postMessage(core: Core, id: string, msgType: string, content: string, uuid: string, signal?: AbortSignal): Promise<string> {
  const chatId = chatIdOf(id);
  const body = await core.authed(
    (token) => ({
      method: 'POST',
      url: `${core.config.apiBaseUrl}/open-apis/im/v1/messages`,
      params: { receive_id_type: chatId ? 'chat_id' : 'open_id' },
      headers: bearer(token),
      data: { receive_id: chatId ?? id, msg_type: msgType, content, uuid },
    }),
    (a) => check(core, a),
    signal ? { signal } : {},
  );
  const data = isObject(body.data) ? body.data : {};
  return typeof data.message_id === 'string' ? data.message_id : '';
}

/** Approval cards: each copy its own card JSON 2.0 (its nonce in the buttons); the message_id is where it lives. */
async function sendApprovalCards(core: Core, req: SendRequest, approval: ApprovalCardRequest): Promise<SendOutcome> {
  const cards: { recipient: string; ref: CardRef }[] = [];
  const out = await sendInChunks(req.recipients, 1, async ([recipient]) => {
    const id = recipient!;
    const content = JSON.stringify(feishuApprovalCard({ body: approval.body, nonce: approval.nonceFor(id), state: approval.state, statusText: '' }));
    if (Buffer.byteLength(content, 'utf8') > FEISHU_CARD_MAX_BYTES)
      return { delivered: [], failed: [{ recipient: id, failure: core.fail({ code: 'messageTooLong' }).failure }] };
    const messageId = await postMessage(core, id, 'interactive', content, shortDedupKey(req.dedupKey(id)), req.signal);
    if (messageId) cards.push({ recipient: id, ref: { kind: 'feishu-message', messageId } });
    return { delivered: [id], failed: [] };
  });
  return { ...out, cards };
}

export const feishuProtocol: Protocol = {
  tokenRejectedCodes: new Set(['99991663']),

  async issueToken(core, opts) {
    const a = await core.raw(
      {
        method: 'POST',
        url: `${core.config.apiBaseUrl}/open-apis/auth/v3/tenant_access_token/internal`,
        data: { app_id: core.config.appKey, app_secret: core.config.appSecret },
      },
      opts,
    );
    const body = check(core, a);
    if (typeof body.tenant_access_token !== 'string') throw core.fail({ code: 'badResponse', httpStatus: a.status });
    return { token: body.tenant_access_token, expiresInSec: Number(body.expire ?? 7200), serverDate: a.headers.date ?? null };
  },

  async lookup(core, contacts, opts = {}) {
    const out: LookupResult[] = [];
    for (const batch of lookupBatches(contacts)) {
      const { byMobile, byEmail } = await batchGetId(core, batch, opts);
      for (const contact of batch) {
        const userId = (contact.mobile && byMobile.get(contact.mobile)) || (contact.email && byEmail.get(contact.email.toLowerCase()));
        out.push(userId ? { contact, status: 'found', userId } : { contact, status: 'not_found', failure: core.fail({ code: 'userNotFound' }).failure });
      }
    }
    return out;
  },

  async send(core, req) {
    if (req.approval) return sendApprovalCards(core, req, req.approval);
    const rendered = render(core.config.cardTemplateId, req.message, req.format);
    if (Buffer.byteLength(rendered.content, 'utf8') > rendered.limit) {
      const failure = core.fail({ code: 'messageTooLong' }).failure;
      return { delivered: [], failed: req.recipients.map((recipient) => ({ recipient, failure })) };
    }
    // One call per user or chat: im/v1/messages carries the per-recipient `uuid`, so a retry never posts twice.
    return sendInChunks(req.recipients, 1, async ([openId]) => {
      const id = openId!;
      await postMessage(core, id, rendered.msg_type, rendered.content, shortDedupKey(req.dedupKey(id)), req.signal);
      return { delivered: [id], failed: [] };
    });
  },

  async probe(core, opts = {}) {
    await batchGetId(core, [{ email: FEISHU_PROBE_EMAIL }], opts);
  },
};
