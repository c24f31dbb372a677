import { chatIdOf } from '../../../shared/chats.js';
import { dingtalkApprovalParams } from './approval-card-content.js';
import type { CardRef } from './approval-cards.js';
import { asChatFailure } from './dingtalk-chats.js';
import type { Core, Protocol } from './protocol.js';
import { sendInChunks, shortDedupKey } from './send-util.js';
import { isPlatformError } from './errors.js';
import { isObject, retryAfterMs, type HttpAnswer } from './http.js';
import { outTrackIdAlreadyExists } from './dingtalk-card-duplicate.js';
import { DINGTALK_BATCH_MAX, DINGTALK_MSGPARAM_MAX_BYTES } from './limits.js';
import type { Contact, LookupResult, OutgoingMessage, PlatformFailure, SendOutcome, SendRequest } from './types.js';

/** A mobile number no organization has: the permission probe must not match anyone. */
export const DINGTALK_PROBE_MOBILE = '10000000000';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** `应用尚未开通所需的权限：[qyapi_robot_sendmsg]` — the scope named in the message when no detail is given. */
function scopesFromMessage(message: string): string[] {
  const m = /权限[：:]\s*\[([^\]]+)\]/.exec(message);
  return m?.[1]
    ? m[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/** New API (api.dingtalk.com): 2xx bare object is success; anything else is `{code,message,requestid}`. */
export function checkNew(core: Core, a: HttpAnswer): Record<string, unknown> {
  const body = a.data;
  if (a.status >= 200 && a.status < 300 && isObject(body)) return body;
  if (isObject(body) && body.status === 1111) {
    const wait = Number(body.wait ?? 300);
    throw core.fail({ code: 'ipBlocked', httpStatus: a.status, retryAfterMs: wait * 1000 });
  }
  if (isObject(body) && typeof body.code === 'string') {
    const message = str(body.message) ?? '';
    const detail = isObject(body.accessdenieddetail) ? body.accessdenieddetail : {};
    const required = Array.isArray(detail.requiredScopes) ? detail.requiredScopes.filter((s): s is string => typeof s === 'string') : [];
    const requestId = str(body.requestid);
    throw core.fail({
      code: body.code,
      httpStatus: a.status,
      retryAfterMs: retryAfterMs(a.headers),
      missingScopes: required.length > 0 ? required : scopesFromMessage(message),
      detail: message,
      ...(requestId ? { requestId } : {}),
    });
  }
  throw core.fail({
    code: a.status >= 500 ? 'http5xx' : a.status === 429 ? 'rateLimited' : 'badResponse',
    httpStatus: a.status,
    retryAfterMs: retryAfterMs(a.headers),
  });
}

/** Legacy API (oapi.dingtalk.com): HTTP 200 with `errcode` 0 or an error code (88 wraps a sub_code). */
function checkLegacy(core: Core, a: HttpAnswer): Record<string, unknown> {
  const body = a.data;
  if (isObject(body) && body.status === 1111) {
    throw core.fail({ code: 'ipBlocked', httpStatus: a.status, retryAfterMs: Number(body.wait ?? 300) * 1000 });
  }
  if (!isObject(body) || body.errcode === undefined) {
    // Legacy errors come at 200 with errcode; a failed status with a new-style `{code}` is the gateway's (throttle / outage).
    if (isObject(body) && typeof body.code === 'string' && (a.status < 200 || a.status >= 300)) checkNew(core, a);
    throw core.fail({
      code: a.status >= 500 ? 'http5xx' : a.status === 429 ? 'rateLimited' : 'badResponse',
      httpStatus: a.status,
      retryAfterMs: retryAfterMs(a.headers),
    });
  }
  if (Number(body.errcode) === 0) return body;
  const sub = str(body.sub_code);
  const requestId = str(body.request_id);
  throw core.fail({
    code: String(body.errcode),
    httpStatus: a.status,
    ...(sub ? { sub } : {}),
    detail: str(body.sub_msg) ?? str(body.errmsg) ?? '',
    ...(requestId ? { requestId } : {}),
  });
}

const newApi = (core: Core, path: string, data: unknown) => (token: string) => ({
  method: 'POST' as const,
  url: `${core.config.apiBaseUrl}${path}`,
  headers: { 'x-acs-dingtalk-access-token': token },
  data,
});

async function lookupOne(core: Core, contact: Contact, enterprise: boolean, opts: { signal?: AbortSignal; timeoutMs?: number }): Promise<LookupResult> {
  if (!contact.mobile) return { contact, status: 'not_found', failure: core.fail({ code: 'noMobile' }).failure };
  try {
    const body = await core.authed(
      (token) => ({
        method: 'POST',
        url: `${core.config.oapiBaseUrl}/topapi/v2/user/getbymobile`,
        params: { access_token: token },
        data: { mobile: contact.mobile, ...(enterprise ? { support_exclusive_account_search: true } : {}) },
      }),
      (a) => checkLegacy(core, a),
      opts,
    );
    const result = isObject(body.result) ? body.result : {};
    const exclusive = Array.isArray(result.exclusive_account_userid_list) ? result.exclusive_account_userid_list : [];
    const userId = str(result.userid) ?? (enterprise ? str(exclusive[0]) : undefined);
    return userId ? { contact, status: 'found', userId } : { contact, status: 'not_found', failure: core.fail({ code: '60121' }).failure };
  } catch (err) {
    if (isPlatformError(err) && (err.failure.code === '60121' || err.failure.code === '40104')) {
      return { contact, status: 'not_found', failure: err.failure };
    }
    throw err;
  }
}

/** The robot message body for a message (exported for the message preview). */
export function robotMessage(msg: OutgoingMessage, plain: boolean): { msgKey: string; msgParam: string } {
  if (plain) return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: msg.link ? `${msg.text}\n${msg.link}` : msg.text }) };
  const link = msg.link ? `\n\n[${msg.linkLabel ?? msg.link}](${msg.link})` : '';
  return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: msg.title, text: `${msg.markdown}${link}` }) };
}

export function cardParams(msg: OutgoingMessage): Record<string, string> {
  return msg.cardParams ? { ...msg.cardParams } : { title: msg.title, content: msg.markdown, link: msg.link ?? '' };
}

async function sendRobot(core: Core, req: SendRequest, plain: boolean) {
  const robotCode = core.config.robotCode ?? core.config.appKey;
  const { msgKey, msgParam } = robotMessage(req.message, plain);
  if (Buffer.byteLength(msgParam, 'utf8') > DINGTALK_MSGPARAM_MAX_BYTES) {
    const failure = core.fail({ code: 'messageTooLong' }).failure;
    return { delivered: [], failed: req.recipients.map((recipient) => ({ recipient, failure })) };
  }
  const { users, chats } = splitChats(req.recipients);
  // A group gets one robot group message per call (robot/groupMessages/send, by openConversationId).
  const inChats = await sendInChunks(chats, 1, async ([recipient]) => {
    const id = recipient!;
    try {
      await core.authed(
        newApi(core, '/v1.0/robot/groupMessages/send', { robotCode, openConversationId: chatIdOf(id), msgKey, msgParam }),
        (a) => checkNew(core, a),
        req.signal ? { signal: req.signal } : {},
      );
      return { delivered: [id], failed: [] };
    } catch (err) {
      return { delivered: [], failed: [{ recipient: id, failure: asChatFailure(core, err) }] };
    }
  });
  const toUsers = await sendInChunks(users, DINGTALK_BATCH_MAX, async (userIds) => {
    const body = await core.authed(
      newApi(core, '/v1.0/robot/oToMessages/batchSend', { robotCode, userIds, msgKey, msgParam }),
      (a) => checkNew(core, a),
      req.signal ? { signal: req.signal } : {},
    );
    // A 200 with a user in one of these lists means that user did not get the message (robot batchSend documentation).
    const listed = (name: string): Set<string> =>
      new Set(Array.isArray(body[name]) ? (body[name] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
    const lists = ['invalidStaffIdList', 'flowControlledStaffIdList', 'filteredStaffIdList'] as const;
    const failed: { recipient: string; failure: PlatformFailure }[] = [];
    const delivered: string[] = [];
    const sets = lists.map((l) => [l, listed(l)] as const);
    for (const id of userIds) {
      const hit = sets.find(([, set]) => set.has(id));
      if (hit) failed.push({ recipient: id, failure: core.fail({ code: hit[0], httpStatus: 200 }).failure });
      else delivered.push(id);
    }
    return { delivered, failed };
  });
  return { delivered: [...inChats.delivered, ...toUsers.delivered], failed: [...inChats.failed, ...toUsers.failed] };
}

/** Chat recipients (`chat:<openConversationId>`) apart from users. */
function splitChats(recipients: readonly string[]): { users: string[]; chats: string[] } {
  return { users: recipients.filter((r) => chatIdOf(r) === null), chats: recipients.filter((r) => chatIdOf(r) !== null) };
}

/** The approval card of a request with `approval`: the approval template, callbacks over Stream, no forwarding. */
interface CardKind {
  readonly templateId: string | undefined;
  readonly paramsFor: (recipient: string) => Record<string, string>;
  /**
   * Approval cards: the button callback comes over the Stream connection (`callbackType: STREAM`), and a forwarded
   * copy would let people outside the ticket see (and press) it (`supportForward: false`).
   */
  readonly approval: boolean;
}

async function sendCard(core: Core, req: SendRequest, kind: CardKind): Promise<SendOutcome> {
  const robotCode = core.config.robotCode ?? core.config.appKey;
  const supportForward = !kind.approval;
  const cards: { recipient: string; ref: CardRef }[] = [];
  const out = await sendInChunks(req.recipients, 1, async ([userId]) => {
    const id = userId!;
    const chatId = chatIdOf(id);
    const outTrackId = shortDedupKey(req.dedupKey(id), 64);
    // A group card goes to IM_GROUP.<openConversationId> (DingTalk card/instances/createAndDeliver, group variant).
    const space = chatId
      ? { openSpaceId: `dtv1.card//IM_GROUP.${chatId}`, imGroupOpenSpaceModel: { supportForward }, imGroupOpenDeliverModel: { robotCode } }
      : {
          openSpaceId: `dtv1.card//IM_ROBOT.${id}`,
          imRobotOpenSpaceModel: { supportForward },
          imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode },
          userIdType: 1,
        };
    let body: Record<string, unknown> | null;
    try {
      body = await core.authed(
        newApi(core, '/v1.0/card/instances/createAndDeliver', {
          cardTemplateId: kind.templateId,
          outTrackId,
          cardData: { cardParamMap: kind.paramsFor(id) },
          ...space,
          ...(kind.approval ? { callbackType: 'STREAM' } : {}),
        }),
        (a) => (outTrackIdAlreadyExists(a) ? null : checkNew(core, a)),
        req.signal ? { signal: req.signal } : {},
      );
    } catch (err) {
      if (!chatId || (isPlatformError(err) && err.failure.code.startsWith('param.card'))) throw err;
      return { delivered: [], failed: [{ recipient: id, failure: asChatFailure(core, err) }] };
    }
    // A retry of a card already created (outTrackId exists): it is there, under the same outTrackId.
    if (body === null) {
      if (kind.approval) cards.push({ recipient: id, ref: { kind: 'dingtalk-card', outTrackId } });
      return { delivered: [id], failed: [] };
    }
    const result = isObject(body.result) ? body.result : {};
    const results = Array.isArray(result.deliverResults) ? result.deliverResults.filter(isObject) : [];
    const bad = results.find((r) => r.success !== true);
    if (body.success === false || results.length === 0 || bad) {
      const detail = bad ? str(bad.errorMsg) : undefined;
      return {
        delivered: [],
        failed: [
          { recipient: id, failure: core.fail({ code: chatId ? 'chatRefused' : 'cardDeliverFailed', httpStatus: 200, ...(detail ? { detail } : {}) }).failure },
        ],
      };
    }
    if (kind.approval) cards.push({ recipient: id, ref: { kind: 'dingtalk-card', outTrackId } });
    return { delivered: [id], failed: [] };
  });
  return kind.approval ? { ...out, cards } : out;
}

export const dingtalkProtocol: Protocol = {
  tokenRejectedCodes: new Set(['InvalidAuthentication', '40014', '42001']),

  async issueToken(core, opts) {
    const a = await core.raw(
      {
        method: 'POST',
        url: `${core.config.apiBaseUrl}/v1.0/oauth2/accessToken`,
        data: { appKey: core.config.appKey, appSecret: core.config.appSecret },
      },
      opts,
    );
    const body = a.data;
    if (a.status === 200 && isObject(body) && typeof body.accessToken === 'string') {
      return { token: body.accessToken, expiresInSec: Number(body.expireIn ?? 7200), serverDate: a.headers.date ?? null };
    }
    // The code for a wrong key/secret is not documented (token endpoint): any 4xx here is a credential problem.
    if (a.status >= 400 && a.status < 500 && a.status !== 429 && isObject(body) && typeof body.code === 'string') {
      // Codes we can explain better keep their own explanation (checkNew throws for any 4xx).
      if (body.code === 'invalid.client' || body.code.startsWith('Forbidden.')) checkNew(core, a);
      throw core.fail({ code: 'badCredentials', httpStatus: a.status, detail: `${body.code}: ${str(body.message) ?? ''}` });
    }
    checkNew(core, a);
    throw core.fail({ code: 'badResponse', httpStatus: a.status });
  },

  async lookup(core, contacts, opts = {}) {
    const enterprise = core.config.channel === 'dingtalk-enterprise';
    const out: LookupResult[] = [];
    for (const contact of contacts) out.push(await lookupOne(core, contact, enterprise, opts));
    return out;
  },

  async send(core, req) {
    const approval = req.approval;
    if (approval) {
      const templateId = core.config.approvalCardTemplateId;
      return sendCard(core, req, {
        templateId,
        paramsFor: (id) => dingtalkApprovalParams({ body: approval.body, nonce: approval.nonceFor(id), state: approval.state, statusText: '' }),
        approval: true,
      });
    }
    const format = req.format ?? 'auto';
    const useCard = format === 'card' || (format === 'auto' && Boolean(core.config.cardTemplateId));
    // People and groups alike: the card (IM_ROBOT / IM_GROUP) when a template is set, else the robot
    // message (oToMessages / groupMessages). The card's outTrackId also keeps a restart from posting twice.
    const params = cardParams(req.message);
    return useCard
      ? sendCard(core, req, { templateId: core.config.cardTemplateId, paramsFor: () => params, approval: false })
      : sendRobot(core, req, format === 'text');
  },

  async probe(core, opts = {}) {
    // getbymobile needs the lookup scope; a number nobody has answers 60121/40104, which proves access.
    await lookupOne(core, { mobile: DINGTALK_PROBE_MOBILE }, core.config.channel === 'dingtalk-enterprise', opts);
  },
};
