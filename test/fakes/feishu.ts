/**
 * Fake Feishu / Lark open platform, following the Feishu / Lark server API references: token endpoint
 * errors at HTTP 200, IM v1 errors at HTTP 400 with `error.log_id`, 429 + 99991400 with
 * x-ogw-ratelimit-* headers, same tenant token until < 30 min are left (expire = remaining seconds),
 * and `uuid` dedup for an hour. One instance is one host: an app created on the other platform is
 * unknown here (token → 10003), as a Feishu app used against the Lark host would be.
 */
import { createHash } from 'node:crypto';
import {
  byteLength,
  FakeState,
  type FakeChat,
  isRecord,
  startFake,
  type FakeOptions,
  type FakeServer,
  type FakeUser,
  type IncomingCall,
  type Reply,
} from './common.js';

import { startLongConnectionGateway, type FeishuGateway, type LongConnectionOptions } from './feishu-long-connection.js';

export type { FakeApp, FakeChat, FakeUser, DeliveredMessage, Fault, FakeServer } from './common.js';
export type { CardActionPush, ClientConfig, FeishuGateway, RecordedAck, RecordedPush } from './feishu-long-connection.js';

export const FEISHU_SCOPES = {
  lookup: 'contact:user.id:readonly',
  employeeId: 'contact:user.employee_id:readonly',
  send: ['im:message', 'im:message:send_as_bot', 'im:message:send'],
  /** PATCH /open-apis/im/v1/messages/:message_id (any one). */
  update: ['im:message', 'im:message:send_as_bot', 'im:message:update'],
  /** Reading the bot's chat list (scope names as the Feishu console lists them; the API reference does not confirm them). */
  chats: ['im:chat:readonly', 'im:chat'],
} as const;

export interface FeishuFakeOptions extends FakeOptions {
  /** Which platform this host is (default 'feishu'). */
  readonly platform?: 'feishu' | 'lark';
  /** The same token is re-issued while at least this much is left (default 1800 s). */
  readonly reissueBelowSec?: number;
  /** The long connection (`/callback/ws/endpoint` and its WebSocket gateway). */
  readonly longConnection?: LongConnectionOptions;
}

/** A message the app sent, as PATCH /open-apis/im/v1/messages/:message_id finds it. */
export interface SentMessage {
  readonly messageId: string;
  readonly appId: string;
  readonly msgType: string;
  content: unknown;
  readonly sentAt: number;
  /** Successful PATCHes so far. */
  updates: number;
}

export interface FeishuFakeServer extends FakeServer {
  readonly longConnection: FeishuGateway;
  /** Messages by id (sent through im/v1/messages). */
  readonly messages: ReadonlyMap<string, SentMessage>;
  /** A message the app sent earlier (test setup); returns its id. */
  seedMessage(appId: string, msgType: string, content: unknown): string;
}

const HOUR_MS = 3_600_000;
const logId = (): string => `20${Date.now()}${Math.random().toString(16).slice(2, 10)}`.toUpperCase();
const troubleshooter = (code: number) => `https://open.feishu.cn/search?from=openapi&log_id=${logId()}&code=${code}&method_id=0`;

const ok = (data: Record<string, unknown>): Reply => ({ status: 200, body: { code: 0, msg: 'success', data } });
const fail = (status: number, code: number, msg: string, extra: Record<string, unknown> = {}): Reply => ({
  status,
  body: { code, msg, error: { log_id: logId(), troubleshooter: troubleshooter(code), ...extra } },
});

/** open_id is per app: derived from app id + user id, never equal across apps. */
export const openIdFor = (appId: string, userId: string): string => `ou_${createHash('sha256').update(`${appId}/${userId}`).digest('hex').slice(0, 32)}`;

export async function startFeishuFake(opts: FeishuFakeOptions): Promise<FeishuFakeServer> {
  const platform = opts.platform ?? 'feishu';
  const otherPlatformApps = new Set(opts.apps.filter((a) => (a.platform ?? platform) !== platform).map((a) => a.appId));
  const gateway = await startLongConnectionGateway(opts.longConnection);
  const messages = new Map<string, SentMessage>();
  const reissueBelowMs = (opts.reissueBelowSec ?? 1800) * 1000;
  // Only apps created on this platform exist on this host.
  const state = new FakeState({ ...opts, apps: opts.apps.filter((a) => (a.platform ?? platform) === platform) });
  const uuids = new Map<string, { at: number; messageId: string }>();

  const usersOf = (appId: string): readonly FakeUser[] => state.apps.get(appId)?.app.users ?? [];
  const userByOpenId = (appId: string, openId: string): FakeUser | undefined => usersOf(appId).find((u) => openIdFor(appId, u.id) === openId);
  const openIdOwnedByOtherApp = (appId: string, openId: string): boolean =>
    [...state.apps.keys()].some((other) => other !== appId && usersOf(other).some((u) => openIdFor(other, u.id) === openId));

  const missingScope = (scopes: readonly string[]): Reply =>
    fail(
      400,
      99991672,
      `Access denied. One of the following scopes is required: [${scopes.join(', ')}].应用尚未开通所需的应用身份权限：[${scopes.join(', ')}]，点击链接申请并开通任一权限即可：https://open.feishu.cn/app/`,
      {
        permission_violations: scopes.map((s) => ({ type: 'action_scope_required', subject: s })),
      },
    );

  /** `Authorization: Bearer t-…` exactly (§5). */
  const auth = (call: IncomingCall, anyOf: readonly string[]): { appId: string } | Reply => {
    const header = call.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header) : null;
    if (!m) return fail(400, 99991661, 'Missing access token for authorization. Please make a request with token attached.');
    const token = m[1]!;
    if (!/^[tu]-/.test(token)) return fail(400, 99991671, 'Invalid access token. The token must start with "t-" or "u-".');
    const checked = state.checkToken(token);
    if (checked === 'invalid' || checked === 'expired') {
      return fail(400, 99991663, 'Invalid access token for authorization. Please make a request with token attached.');
    }
    const granted = state.apps.get(checked.appId)!.scopes;
    if (!anyOf.some((s) => granted.has(s))) return missingScope(anyOf);
    return checked;
  };
  const isReply = (v: { appId: string } | Reply): v is Reply => 'status' in v;

  const tenantToken = (call: IncomingCall): Reply => {
    const b = isRecord(call.json) ? call.json : {};
    const app = typeof b.app_id === 'string' ? state.apps.get(b.app_id) : undefined;
    if (!app) return { status: 200, body: { code: 10003, msg: 'invalid param' } };
    if (app.secret !== b.app_secret) return { status: 200, body: { code: 10014, msg: 'app secret invalid' } };
    // Same token while ≥ 30 min are left; `expire` is the remaining lifetime (§3.1).
    const now = state.now();
    let best: { token: string; expiresAt: number } | undefined;
    for (const [token, t] of state.tokens) {
      if (t.appId === app.app.appId && (!best || t.expiresAt > best.expiresAt)) best = { token, expiresAt: t.expiresAt };
    }
    if (!best || best.expiresAt - now < reissueBelowMs) best = state.issueToken(app.app.appId, 't-');
    else state.issued += 1;
    return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: best.token, expire: Math.floor((best.expiresAt - now) / 1000) } };
  };

  const batchGetId = (call: IncomingCall): Reply => {
    const idType = call.query.get('user_id_type') ?? 'open_id';
    const a = auth(call, idType === 'user_id' ? [FEISHU_SCOPES.employeeId] : [FEISHU_SCOPES.lookup]);
    if (isReply(a)) return a;
    if (idType === 'user_id' && !state.apps.get(a.appId)!.scopes.has(FEISHU_SCOPES.lookup)) return missingScope([FEISHU_SCOPES.lookup]);
    const b = isRecord(call.json) ? call.json : {};
    const mobiles = Array.isArray(b.mobiles) ? b.mobiles.filter((x): x is string => typeof x === 'string') : [];
    const emails = Array.isArray(b.emails) ? b.emails.filter((x): x is string => typeof x === 'string') : [];
    if (mobiles.length > 50 || emails.length > 50) return fail(400, 99992402, 'field validation failed: mobiles/emails at most 50');
    const visible = usersOf(a.appId).filter((u) => u.inContactScope !== false);
    const idOf = (u: FakeUser) => (idType === 'user_id' ? u.id : openIdFor(a.appId, u.id));
    const list = [
      ...mobiles.map((mobile) => {
        const u = visible.find((x) => x.mobile === mobile);
        return u ? { user_id: idOf(u), mobile } : { mobile };
      }),
      ...emails.map((email) => {
        const u = visible.find((x) => x.email?.toLowerCase() === email.toLowerCase());
        return u ? { user_id: idOf(u), email } : { email };
      }),
    ];
    return ok({ user_list: list });
  };

  const sendMessage = (call: IncomingCall): Reply => {
    const a = auth(call, FEISHU_SCOPES.send);
    if (isReply(a)) return a;
    const app = state.apps.get(a.appId)!.app;
    const idType = call.query.get('receive_id_type');
    if (idType === 'chat_id') return sendToChat(call, a.appId);
    if (idType !== 'open_id' && idType !== 'user_id')
      return fail(400, 230001, 'Your request contains an invalid request parameter, ext=invalid receive_id_type.');
    const b = isRecord(call.json) ? call.json : {};
    const { receive_id: receiveId, msg_type: msgType, content, uuid } = b;
    if (typeof receiveId !== 'string' || receiveId === '')
      return fail(400, 230001, 'Your request contains an invalid request parameter, ext=invalid receive_id.');
    if (typeof msgType !== 'string' || !['text', 'post', 'interactive'].includes(msgType)) {
      return fail(400, 230001, 'Your request contains an invalid request parameter, ext=invalid msg_type.');
    }
    if (typeof content !== 'string') return fail(400, 230001, 'Your request contains an invalid request parameter, ext=content must be a JSON string.');
    if (uuid !== undefined && (typeof uuid !== 'string' || uuid.length > 50))
      return fail(400, 230001, 'Your request contains an invalid request parameter, ext=invalid uuid.');
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      return fail(400, 230001, 'Your request contains an invalid request parameter, ext=invalid content.');
    }
    if (app.bot === false) return fail(400, 230006, 'Bot ability is not activated.');
    const limit = msgType === 'text' ? 150 * 1024 : 30 * 1024;
    if (byteLength(content) > limit) return fail(400, 230025, 'The message content is too long.');
    if (msgType === 'text' && !(isRecord(parsed) && typeof parsed.text === 'string')) {
      return fail(400, 230001, 'Your request contains an invalid request parameter, ext=text content must have "text".');
    }
    if (msgType === 'interactive' && isRecord(parsed) && parsed.type === 'template') {
      const tid = isRecord(parsed.data) ? parsed.data.template_id : undefined;
      if (typeof tid !== 'string' || (app.cardTemplates && !app.cardTemplates.includes(tid))) {
        return fail(400, 230099, 'Failed to create card content, ext=ErrCode: 200380; ErrMsg: template is not exist or not published.');
      }
    }
    const user = idType === 'open_id' ? userByOpenId(a.appId, receiveId) : usersOf(a.appId).find((u) => u.id === receiveId);
    if (!user) {
      if (idType === 'open_id' && openIdOwnedByOtherApp(a.appId, receiveId)) return fail(400, 99992361, 'open_id cross app');
      if (idType === 'open_id' && !receiveId.startsWith('ou_'))
        return fail(400, 230001, 'Your request contains an invalid request parameter, ext=invalid receive_id.');
      return idType === 'open_id' ? fail(400, 99992351, 'The open_id does not exist.') : fail(400, 99992360, 'The user_id does not exist.');
    }
    if (user.inAvailability === false) return fail(400, 230013, 'Bot has NO availability to this user.');
    const now = state.now();
    const key = typeof uuid === 'string' ? `${a.appId}/${uuid}` : undefined;
    const seen = key ? uuids.get(key) : undefined;
    // Same uuid within an hour: answered, not delivered twice (§3.3).
    if (seen && now - seen.at < HOUR_MS) return ok(messageData(app.appId, seen.messageId, msgType, content, now));
    const messageId = state.nextId('om_');
    if (key) uuids.set(key, { at: now, messageId });
    messages.set(messageId, { messageId, appId: a.appId, msgType, content: parsed, sentAt: now, updates: 0 });
    state.deliver({
      appId: a.appId,
      recipient: receiveId,
      userId: user.id,
      msgType,
      content: parsed,
      ...(typeof uuid === 'string' ? { dedupKey: uuid } : {}),
      at: now,
    });
    return ok(messageData(app.appId, messageId, msgType, content, now));
  };

  /** Validates a message body like sendMessage does; a Reply on error, else the parsed content. */
  const parseBody = (b: Record<string, unknown>): Reply | { msgType: string; content: string; parsed: unknown; uuid: string | undefined } => {
    const { msg_type: msgType, content, uuid } = b;
    if (typeof msgType !== 'string' || !['text', 'post', 'interactive'].includes(msgType)) {
      return fail(400, 230001, 'Your request contains an invalid request parameter, ext=invalid msg_type.');
    }
    if (typeof content !== 'string') return fail(400, 230001, 'Your request contains an invalid request parameter, ext=content must be a JSON string.');
    if (uuid !== undefined && (typeof uuid !== 'string' || uuid.length > 50))
      return fail(400, 230001, 'Your request contains an invalid request parameter, ext=invalid uuid.');
    try {
      return { msgType, content, parsed: JSON.parse(content), uuid: uuid as string | undefined };
    } catch {
      return fail(400, 230001, 'Your request contains an invalid request parameter, ext=invalid content.');
    }
  };

  /** receive_id_type=chat_id: the bot must be in the chat (230002), the chat alive (232009), posting allowed (230027). */
  const sendToChat = (call: IncomingCall, appId: string): Reply => {
    const app = state.apps.get(appId)!.app;
    const b = isRecord(call.json) ? call.json : {};
    const chatId = b.receive_id;
    if (typeof chatId !== 'string' || !chatId.startsWith('oc_'))
      return fail(400, 230001, 'Your request contains an invalid request parameter, ext=invalid receive_id.');
    const body = parseBody(b);
    if ('status' in body) return body;
    if (app.bot === false) return fail(400, 230006, 'Bot ability is not activated.');
    const limit = body.msgType === 'text' ? 150 * 1024 : 30 * 1024;
    if (byteLength(body.content) > limit) return fail(400, 230025, 'The message content is too long.');
    const chat = (app.chats ?? []).find((c) => c.chatId === chatId);
    if (!chat) return fail(400, 230001, 'Your request contains an invalid request parameter, ext=chat not found.');
    if (chat.dissolved) return fail(400, 232009, 'Your request specified a chat that has been dissolved.');
    if (chat.botMember === false) return fail(400, 230002, 'The bot can not be outside the group.');
    if (chat.botCanPost === false) return fail(400, 230027, 'Lack of necessary permissions.');
    const now = state.now();
    const key = body.uuid !== undefined ? `${appId}/${body.uuid}` : undefined;
    const seen = key ? uuids.get(key) : undefined;
    if (seen && now - seen.at < HOUR_MS) return ok({ ...messageData(app.appId, seen.messageId, body.msgType, body.content, now), chat_id: chatId });
    const messageId = state.nextId('om_');
    if (key) uuids.set(key, { at: now, messageId });
    messages.set(messageId, { messageId, appId, msgType: body.msgType, content: body.parsed, sentAt: now, updates: 0 });
    state.deliver({
      appId,
      recipient: chatId,
      userId: '',
      chatId,
      msgType: body.msgType,
      content: body.parsed,
      ...(body.uuid !== undefined ? { dedupKey: body.uuid } : {}),
      at: now,
    });
    return ok({ ...messageData(app.appId, messageId, body.msgType, body.content, now), chat_id: chatId });
  };

  /** GET /open-apis/im/v1/chats: the live chats the bot is in, paged (page_size ≤ 100, default 20; opaque page_token). */
  const listChats = (call: IncomingCall): Reply => {
    const a = auth(call, FEISHU_SCOPES.chats);
    if (isReply(a)) return a;
    const size = Number(call.query.get('page_size') ?? '20');
    if (!Number.isInteger(size) || size < 1 || size > 100) return fail(400, 99992402, 'field validation failed: page_size');
    const token = call.query.get('page_token') ?? '';
    const start = token === '' ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^p/, ''));
    if (!Number.isInteger(start) || start < 0) return fail(400, 99992402, 'field validation failed: page_token');
    const mine: FakeChat[] = (state.apps.get(a.appId)!.app.chats ?? []).filter((c) => c.botMember !== false && !c.dissolved);
    const page = mine.slice(start, start + size);
    const more = start + size < mine.length;
    return ok({
      items: page.map((c) => ({
        chat_id: c.chatId,
        avatar: '',
        name: c.name,
        description: '',
        owner_id: 'ou_owner',
        owner_id_type: 'open_id',
        external: false,
        tenant_key: 'fake-tenant',
        chat_status: 'normal',
      })),
      page_token: more ? Buffer.from(`p${start + size}`).toString('base64url') : '',
      has_more: more,
    });
  };

  const messageData = (appId: string, messageId: string, msgType: string, content: string, now: number) => ({
    message_id: messageId,
    root_id: '',
    parent_id: '',
    msg_type: msgType,
    create_time: String(now),
    update_time: String(now),
    deleted: false,
    updated: false,
    chat_id: `oc_${createHash('sha256').update(messageId).digest('hex').slice(0, 24)}`,
    sender: { id: appId, id_type: 'app_id', sender_type: 'app', tenant_key: 'fake-tenant' },
    body: { content },
    mentions: [],
  });

  /**
   * POST /callback/ws/endpoint {AppID, AppSecret} (no token): every answer is HTTP 200 with `{code, msg, data}`
   * (feishu-long-connection.ts lists where each code comes from).
   */
  const wsEndpoint = (call: IncomingCall): Reply => {
    const b = isRecord(call.json) ? call.json : {};
    const appId = typeof b.AppID === 'string' ? b.AppID : '';
    const secret = typeof b.AppSecret === 'string' ? b.AppSecret : '';
    const refuse = (code: number, msg: string): Reply => ({ status: 200, body: { code, msg, data: { URL: '' } } });
    if (appId === '' || secret === '') return refuse(1000040344, 'app_id or app_secret is empty');
    if (otherPlatformApps.has(appId)) return refuse(1000040351, 'Incorrect domain name');
    const app = state.apps.get(appId);
    if (!app) return refuse(1000040346, 'app_id is invalid');
    if (app.secret !== secret) return refuse(1000040345, 'app_id or app_secret is invalid');
    return gateway.issue(appId);
  };

  /**
   * PATCH /open-apis/im/v1/messages/:message_id {content}: a card message this app sent within 14 days, shared
   * (`config.update_multi: true`) before and after. Codes: the API's error table and the 230001 troubleshooting
   * page ("ext=invalid message_id", "ext=bot or user is not the message`s sender", "ext=This message is NOT a
   * card"); 230031's text is from a public bug report. UNVERIFIED: the answer to a card without update_multi (no
   * public source names it; modelled as 230001 with an `ext` saying so).
   */
  const patchMessage = (call: IncomingCall, messageId: string): Reply => {
    const a = auth(call, FEISHU_SCOPES.update);
    if (isReply(a)) return a;
    const app = state.apps.get(a.appId)!.app;
    if (app.bot === false) return fail(400, 230006, 'Bot ability is not activated.');
    const b = isRecord(call.json) ? call.json : {};
    if (typeof b.content !== 'string' || b.content === '')
      return fail(400, 230001, 'Your request contains an invalid request parameter, ext=content cannot be empty.');
    const invalid = (ext: string) => fail(400, 230001, `Your request contains an invalid request parameter, ext=${ext}`);
    const message = messages.get(messageId);
    if (!message) return invalid('invalid message_id');
    if (message.appId !== a.appId) return invalid('bot or user is not the message`s sender');
    if (message.msgType !== 'interactive') return invalid('This message is NOT a card');
    if (state.now() - message.sentAt > 14 * 24 * HOUR_MS)
      return fail(400, 230031, 'Message has expired when updating message, ext=Message can only be updated within fourteen days.');
    if (byteLength(b.content) > 30 * 1024) return fail(400, 230025, 'The length of the message content reaches its limit.');
    let card: unknown;
    try {
      card = JSON.parse(b.content);
    } catch {
      return fail(
        400,
        230099,
        'Failed to create card content, ext=ErrCode: 200621; ErrMsg: parse card json err, please check whether the card json is correct.',
      );
    }
    if (!isShared(message.content) || !isShared(card)) return invalid('card is not a shared card, set config.update_multi to true');
    message.content = card;
    message.updates += 1;
    return ok({});
  };

  const route = (call: IncomingCall): Reply => {
    if (call.method === 'GET' && call.path === '/open-apis/im/v1/chats') return listChats(call);
    const patch = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(call.path);
    if (call.method === 'PATCH' && patch) return patchMessage(call, decodeURIComponent(patch[1]!));
    if (call.method !== 'POST') return fail(404, 404, 'not found');
    switch (call.path) {
      case '/callback/ws/endpoint':
        return wsEndpoint(call);
      case '/open-apis/auth/v3/tenant_access_token/internal':
        return tenantToken(call);
      case '/open-apis/contact/v3/users/batch_get_id':
        return batchGetId(call);
      case '/open-apis/im/v1/messages':
        return sendMessage(call);
      default:
        return fail(404, 404, '404 page not found');
    }
  };

  const rateLimited = (_call: IncomingCall, resetSec: number): Reply => ({
    ...fail(429, 99991400, 'request trigger frequency limit'),
    headers: { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': String(resetSec) },
  });

  const server = await startFake(state, route, rateLimited);
  return {
    ...server,
    longConnection: gateway,
    messages,
    seedMessage(appId, msgType, content) {
      const messageId = state.nextId('om_');
      messages.set(messageId, { messageId, appId, msgType, content, sentAt: state.now(), updates: 0 });
      return messageId;
    },
    close: async () => {
      await gateway.close();
      await server.close();
    },
  };
}

/** A shared card: the API asks for `config.update_multi: true` declared explicitly, before and after the update. */
function isShared(card: unknown): boolean {
  return isRecord(card) && isRecord(card.config) && card.config.update_multi === true;
}
