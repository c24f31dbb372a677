/**
 * Fake DingTalk (new API api.dingtalk.com + legacy oapi.dingtalk.com on one server), following
 * DingTalk's open platform API references: new API errors are non-200 `{code,message,requestid}`,
 * legacy errors are HTTP 200 `{errcode,errmsg}`; robot sends report per-user failures inside a 200 body;
 * card delivery reports per-target failures inside a 200 body. Group chats (§1.5, §1.7 group variant):
 * the refusal codes for an unknown / dissolved group or a robot outside it are not documented, so the ones
 * here are invented (unverified) and the client must not depend on them.
 */
import {
  byteLength,
  FakeState,
  type FakeApp,
  type FakeChat,
  isRecord,
  startFake,
  type FakeOptions,
  type FakeServer,
  type FakeUser,
  type IncomingCall,
  type Reply,
} from './common.js';

import { startStreamFake, type StreamFake, type StreamFakeOptions } from './dingtalk-stream.js';

export type { FakeApp, FakeChat, FakeUser, DeliveredMessage, Fault, FakeServer } from './common.js';
export type { StreamFake, StreamAck, CardCallbackInput } from './dingtalk-stream.js';

export const DINGTALK_SCOPES = {
  lookup: 'qyapi_get_member_by_mobile',
  robot: 'qyapi_robot_sendmsg',
  card: 'Card.Instance.Write',
} as const;

export interface DingtalkFakeOptions extends FakeOptions {
  /** userIds that the robot reports as flow-controlled (throttled) on the next sends. */
  readonly flowControlled?: readonly string[];
  /** Stream mode (gateway + WebSocket): apps that cannot use it, re-push timing. */
  readonly stream?: StreamFakeOptions;
}

/** A card instance as DingTalk holds it (created by createAndDeliver, changed by PUT /v1.0/card/instances or a callback answer). */
export interface FakeCard {
  readonly appId: string;
  readonly outTrackId: string;
  readonly callbackType: unknown;
  cardParamMap: Record<string, string>;
}

/** One change of a card: by `PUT /v1.0/card/instances` or by the answer to its callback. */
export interface CardUpdate {
  readonly appId: string;
  readonly outTrackId: string;
  readonly via: 'put' | 'callback';
  readonly cardParamMap: Readonly<Record<string, string>>;
  /** The presser's private data set by a callback answer (`userPrivateData.cardParamMap`), if any. */
  readonly privateParamMap?: Readonly<Record<string, string>>;
  readonly options: unknown;
  readonly at: number;
}

export interface DingtalkFake extends FakeServer {
  /** Users listed here come back in flowControlledStaffIdList until cleared. */
  setFlowControlled(userIds: readonly string[]): void;
  /** Stream mode: connections, callback pushes and their acknowledgements. */
  readonly stream: StreamFake;
  /** Card instances by `<appId>/<outTrackId>`. */
  readonly cards: ReadonlyMap<string, FakeCard>;
  readonly cardUpdates: readonly CardUpdate[];
}

const rid = (): string => Math.random().toString(16).slice(2, 18).toUpperCase();
const newErr = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): Reply => ({
  status,
  body: { code, requestid: rid(), message, ...extra },
});
const legacyErr = (errcode: number, errmsg: string, extra: Record<string, unknown> = {}): Reply => ({
  status: 200,
  body: { errcode, errmsg, request_id: rid(), ...extra },
});

export async function startDingtalkFake(opts: DingtalkFakeOptions): Promise<DingtalkFake> {
  const state = new FakeState(opts);
  let flowControlled = new Set(opts.flowControlled ?? []);
  const cardTracks = new Set<string>();
  const cards = new Map<string, FakeCard>();
  const cardUpdates: CardUpdate[] = [];
  const stream = await startStreamFake(state, opts.stream ?? {});
  const strings = (v: unknown): Record<string, string> | null =>
    isRecord(v) && Object.values(v).every((x) => typeof x === 'string') ? (v as Record<string, string>) : null;
  // A callback answer may change the card: `{response: {cardData: {cardParamMap}, userPrivateData: {cardParamMap}, cardUpdateOptions}}`.
  stream.onAck((ack) => {
    const card = cards.get(`${ack.appId}/${ack.outTrackId}`);
    const response = isRecord(ack.data) && isRecord(ack.data.response) ? ack.data.response : null;
    if (!card || !response) return;
    const pub = isRecord(response.cardData) ? strings(response.cardData.cardParamMap) : null;
    const priv = isRecord(response.userPrivateData) ? strings(response.userPrivateData.cardParamMap) : null;
    if (!pub && !priv) return;
    if (pub) card.cardParamMap = { ...card.cardParamMap, ...pub };
    cardUpdates.push({
      appId: ack.appId,
      outTrackId: ack.outTrackId,
      via: 'callback',
      cardParamMap: pub ?? {},
      ...(priv ? { privateParamMap: priv } : {}),
      options: response.cardUpdateOptions,
      at: Date.now(),
    });
  });

  const usersOf = (appId: string): readonly FakeUser[] => state.apps.get(appId)?.app.users ?? [];
  const userById = (appId: string, id: string): FakeUser | undefined => usersOf(appId).find((u) => u.id === id);

  /** New API auth: header x-acs-dingtalk-access-token only. */
  const authNew = (call: IncomingCall, scope: string): { appId: string } | Reply => {
    const header = call.headers['x-acs-dingtalk-access-token'];
    const checked = state.checkToken(typeof header === 'string' ? header : undefined);
    if (checked === 'invalid' || checked === 'expired') return newErr(400, 'InvalidAuthentication', '不合法的access_token');
    const app = state.apps.get(checked.appId)!;
    if (!app.scopes.has(scope)) {
      return newErr(
        403,
        'Forbidden.AccessDenied.AccessTokenPermissionDenied',
        `没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp/add-api-permission`,
        {
          accessdenieddetail: { requiredScopes: [scope] },
        },
      );
    }
    return checked;
  };

  /** Legacy auth: ?access_token= only. */
  const authLegacy = (call: IncomingCall, scope: string): { appId: string } | Reply => {
    const checked = state.checkToken(call.query.get('access_token') ?? undefined);
    if (checked === 'invalid') return legacyErr(40014, '不合法的access_token');
    if (checked === 'expired') return legacyErr(42001, 'access_token超时');
    const app = state.apps.get(checked.appId)!;
    if (!app.scopes.has(scope)) {
      return legacyErr(88, `ding talk error[subcode=60011,submsg=没有调用该接口的权限]`, { sub_code: '60011', sub_msg: '没有调用该接口的权限' });
    }
    return checked;
  };

  const isReply = (v: object): v is Reply => 'status' in v;

  /** The start of every robot send: token with the robot scope, a JSON body, this app's robotCode. */
  const robotCall = (call: IncomingCall): Reply | { auth: { appId: string }; app: FakeApp; b: Record<string, unknown> } => {
    const auth = authNew(call, DINGTALK_SCOPES.robot);
    if (isReply(auth)) return auth;
    const b = call.json;
    if (!isRecord(b)) return newErr(400, 'MissingParameter', 'body is mandatory');
    const app = state.apps.get(auth.appId)!.app;
    if (b.robotCode !== (app.robotCode ?? app.appId)) return newErr(400, 'robot.notFound', '机器人不存在');
    return { auth, app, b };
  };

  /** msgKey + msgParam of a robot send, validated like batchSend does. */
  const robotParam = (b: Record<string, unknown>): Reply | { value: Record<string, unknown> } => {
    if (typeof b.msgParam !== 'string') return newErr(400, 'InvalidParameter.MsgParam', 'msgParam 必须是 JSON 字符串');
    if (byteLength(b.msgParam) > 15_000) return newErr(400, 'InvalidParameter.MsgParam', 'msgParam 长度超过限制');
    let param: unknown;
    try {
      param = JSON.parse(b.msgParam);
    } catch {
      return newErr(400, 'InvalidParameter.MsgParam', 'msgParam 不是合法的 JSON');
    }
    const shapes: Record<string, string[]> = { sampleText: ['content'], sampleMarkdown: ['title', 'text'] };
    const need = typeof b.msgKey === 'string' ? shapes[b.msgKey] : undefined;
    if (!need) return newErr(400, 'InvalidParameter.MsgKey', 'msgKey 不合法');
    if (!isRecord(param) || need.some((k) => typeof param[k] !== 'string')) return newErr(400, 'InvalidParameter.MsgParam', 'msgParam 缺少字段');
    return { value: param };
  };

  /** Why a group send is refused (codes invented, see the header), or null. */
  const groupRefusal = (chats: readonly FakeChat[] | undefined, id: unknown): Reply | null => {
    const chat = typeof id === 'string' ? (chats ?? []).find((c) => c.chatId === id) : undefined;
    if (!chat) return newErr(400, 'invalidParameter.openConversationId', '群不存在或 openConversationId 无效');
    if (chat.dissolved) return newErr(400, 'resource.conversation.dissolved', '群已解散');
    if (chat.botMember === false) return newErr(400, 'robot.notInConversation', '机器人不在群内');
    if (chat.botCanPost === false) return newErr(403, 'Forbidden.Conversation.NoPermission', '机器人无权在该群发言');
    return null;
  };

  /** createAndDeliver to IM_GROUP.<openConversationId>: per-space failure inside a 200 body (§1.7). */
  const groupCard = (appId: string, b: Record<string, unknown>, chatId: string): Reply => {
    const app = state.apps.get(appId)!.app;
    const deliver = isRecord(b.imGroupOpenDeliverModel) ? b.imGroupOpenDeliverModel : null;
    if (!deliver || deliver.robotCode !== (app.robotCode ?? app.appId)) return newErr(400, 'param.openSpaceModelInvalid', 'openSpace 参数不合法');
    const data = isRecord(b.cardData) && isRecord(b.cardData.cardParamMap) ? b.cardData.cardParamMap : null;
    if (!data || Object.values(data).some((v) => typeof v !== 'string')) return newErr(400, 'param.cardParamMapInvalid', 'cardParamMap 的值必须是字符串');
    if (typeof b.cardTemplateId !== 'string' || (app.cardTemplates && !app.cardTemplates.includes(b.cardTemplateId))) {
      return newErr(400, 'param.cardTemplateNotExist', '创建卡片实例失败，先检查卡片模板是否已发布');
    }
    const trackKey = `${appId}/${String(b.outTrackId)}`;
    if (cardTracks.has(trackKey)) return newErr(400, 'param.outTrackIdExisted', 'outTrackId 已存在');
    const refused = groupRefusal(app.chats, chatId);
    if (!refused) {
      cardTracks.add(trackKey);
      cards.set(trackKey, { appId, outTrackId: String(b.outTrackId), callbackType: b.callbackType, cardParamMap: { ...(data as Record<string, string>) } });
      state.deliver({
        appId,
        recipient: chatId,
        userId: '',
        chatId,
        msgType: 'card',
        content: { cardTemplateId: b.cardTemplateId, cardParamMap: data, ...cardOptions(b) },
        dedupKey: String(b.outTrackId),
        at: state.now(),
      });
    }
    const errorMsg = refused && isRecord(refused.body) ? String(refused.body.message) : null;
    return {
      status: 200,
      body: {
        success: true,
        result: {
          outTrackId: b.outTrackId,
          deliverResults: [{ spaceType: 'IM_GROUP', spaceId: chatId, success: !refused, carrierId: refused ? null : state.nextId('car'), errorMsg }],
        },
      },
    };
  };

  const route = (call: IncomingCall): Reply => {
    const key = `${call.method} ${call.path}`;
    switch (key) {
      case 'POST /v1.0/oauth2/accessToken': {
        if (!isRecord(call.json)) return newErr(400, 'MissingParameter', 'body is mandatory');
        const { appKey, appSecret } = call.json;
        const app = typeof appKey === 'string' ? state.apps.get(appKey) : undefined;
        // The real code string for bad credentials is undocumented (§1.1); clients must not depend on it.
        if (!app || app.secret !== appSecret) return newErr(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
        const { token } = state.issueToken(app.app.appId, '');
        return { status: 200, body: { accessToken: token, expireIn: state.ttlSec } };
      }
      case 'GET /gettoken': {
        const app = state.apps.get(call.query.get('appkey') ?? '');
        if (!app || app.secret !== call.query.get('appsecret')) return legacyErr(40089, '不合法的corpId或corpSecret');
        // Inside the validity window the same token comes back and is extended (§1.2).
        for (const [token, t] of state.tokens) {
          if (t.appId === app.app.appId && t.expiresAt > state.now()) {
            t.expiresAt = state.now() + state.ttlSec * 1000;
            state.issued += 1;
            return { status: 200, body: { errcode: 0, errmsg: 'ok', access_token: token, expires_in: state.ttlSec } };
          }
        }
        const { token } = state.issueToken(app.app.appId, '');
        return { status: 200, body: { errcode: 0, errmsg: 'ok', access_token: token, expires_in: state.ttlSec } };
      }
      case 'POST /topapi/v2/user/getbymobile': {
        const auth = authLegacy(call, DINGTALK_SCOPES.lookup);
        if (isReply(auth)) return auth;
        if (!isRecord(call.json) || typeof call.json.mobile !== 'string') return legacyErr(400002, '参数错误');
        const mobile = call.json.mobile;
        if (!/^\+?[\d-]{5,20}$/.test(mobile)) return legacyErr(40104, '无效的手机号');
        const user = usersOf(auth.appId).find((u) => u.mobile === mobile);
        const exclusiveSearch = call.json.support_exclusive_account_search === true;
        if (!user || (user.exclusive && !exclusiveSearch)) return legacyErr(60121, '找不到该用户');
        const result = user.exclusive ? { exclusive_account_userid_list: [user.id] } : { userid: user.id };
        return { status: 200, body: { errcode: 0, errmsg: 'ok', request_id: rid(), result } };
      }
      case 'POST /v1.0/robot/oToMessages/batchSend': {
        const robot = robotCall(call);
        if (isReply(robot)) return robot;
        const { auth, b } = robot;
        if (!Array.isArray(b.userIds) || b.userIds.length === 0 || b.userIds.length > 20) {
          return newErr(400, 'InvalidParameter.UserIds', 'userIds 不能为空且最多 20 个');
        }
        const param = robotParam(b);
        if ('status' in param) return param;
        const invalid: string[] = [];
        const throttled: string[] = [];
        const content = param.value;
        for (const id of b.userIds) {
          const user = typeof id === 'string' ? userById(auth.appId, id) : undefined;
          if (!user || user.inAvailability === false) invalid.push(String(id));
          else if (flowControlled.has(user.id)) throttled.push(user.id);
          else state.deliver({ appId: auth.appId, recipient: user.id, userId: user.id, msgType: b.msgKey as string, content, at: state.now() });
        }
        return { status: 200, body: { processQueryKey: state.nextId('pqk'), invalidStaffIdList: invalid, flowControlledStaffIdList: throttled } };
      }
      case 'POST /v1.0/robot/groupMessages/send': {
        const robot = robotCall(call);
        if (isReply(robot)) return robot;
        const { auth, app, b } = robot;
        const param = robotParam(b);
        if ('status' in param) return param;
        const refused = groupRefusal(app.chats, b.openConversationId);
        if (refused) return refused;
        const chatId = b.openConversationId as string;
        state.deliver({ appId: auth.appId, recipient: chatId, userId: '', chatId, msgType: b.msgKey as string, content: param.value, at: state.now() });
        return { status: 200, body: { processQueryKey: state.nextId('pqk') } };
      }
      case 'POST /v1.0/card/instances/createAndDeliver': {
        const auth = authNew(call, DINGTALK_SCOPES.card);
        if (isReply(auth)) return auth;
        const b = call.json;
        if (!isRecord(b)) return newErr(400, 'MissingParameter', 'body is mandatory');
        const app = state.apps.get(auth.appId)!.app;
        if (typeof b.cardTemplateId !== 'string' || b.cardTemplateId === '') return newErr(400, 'param.cardTemplateIdEmpty', 'cardTemplateId 不能为空');
        if (typeof b.outTrackId !== 'string' || b.outTrackId === '') return newErr(400, 'param.outTrackIdEmpty', 'outTrackId 不能为空');
        const group = typeof b.openSpaceId === 'string' ? /^dtv1\.card\/\/IM_GROUP\.(.+)$/.exec(b.openSpaceId) : null;
        if (group) return groupCard(auth.appId, b, group[1]!);
        const space = typeof b.openSpaceId === 'string' ? /^dtv1\.card\/\/IM_ROBOT\.(.+)$/.exec(b.openSpaceId) : null;
        const deliver = isRecord(b.imRobotOpenDeliverModel) ? b.imRobotOpenDeliverModel : null;
        if (!space || !deliver || deliver.spaceType !== 'IM_ROBOT' || deliver.robotCode !== (app.robotCode ?? app.appId)) {
          return newErr(400, 'param.openSpaceModelInvalid', 'openSpace 参数不合法');
        }
        const data = isRecord(b.cardData) && isRecord(b.cardData.cardParamMap) ? b.cardData.cardParamMap : null;
        if (!data || Object.values(data).some((v) => typeof v !== 'string')) return newErr(400, 'param.cardParamMapInvalid', 'cardParamMap 的值必须是字符串');
        if (app.cardTemplates && !app.cardTemplates.includes(b.cardTemplateId)) {
          return newErr(400, 'param.cardTemplateNotExist', '创建卡片实例失败，先检查卡片模板是否已发布');
        }
        // A card instance per outTrackId: a second create is refused (code and wording unverified, §1.3).
        const trackKey = `${auth.appId}/${b.outTrackId}`;
        if (cardTracks.has(trackKey)) return newErr(400, 'param.outTrackIdExisted', 'outTrackId 已存在');
        const userId = space[1]!;
        const user = userById(auth.appId, userId);
        const ok = Boolean(user && user.inAvailability !== false);
        if (ok) {
          cardTracks.add(trackKey);
          cards.set(trackKey, {
            appId: auth.appId,
            outTrackId: b.outTrackId,
            callbackType: b.callbackType,
            cardParamMap: { ...(data as Record<string, string>) },
          });
          state.deliver({
            appId: auth.appId,
            recipient: userId,
            userId,
            msgType: 'card',
            content: { cardTemplateId: b.cardTemplateId, cardParamMap: data, ...cardOptions(b) },
            dedupKey: b.outTrackId,
            at: state.now(),
          });
        }
        return {
          status: 200,
          body: {
            success: true,
            result: {
              outTrackId: b.outTrackId,
              deliverResults: [
                {
                  spaceType: 'IM_ROBOT',
                  spaceId: userId,
                  success: ok,
                  carrierId: ok ? state.nextId('car') : null,
                  errorMsg: ok ? null : '用户不存在或不在可见范围',
                },
              ],
            },
          },
        };
      }
      case 'POST /v1.0/gateway/connections/open':
        return stream.open(call.json);
      case 'PUT /v1.0/card/instances': {
        const auth = authNew(call, DINGTALK_SCOPES.card);
        if (isReply(auth)) return auth;
        const b = call.json;
        if (!isRecord(b)) return newErr(400, 'param.empty', '入参为空');
        if (typeof b.outTrackId !== 'string' || b.outTrackId === '') return newErr(400, 'card.outTraceIdEmpty', '业务标识outTrackId为空');
        // Codes as documented for the IM card update (PUT /v1.0/im/interactiveCards); unverified for this API.
        const card = cards.get(`${auth.appId}/${b.outTrackId}`);
        if (!card) return newErr(400, 'cardInstance.notExist', '卡片实例不存在');
        const data = isRecord(b.cardData) ? strings(b.cardData.cardParamMap) : null;
        if (!data) return newErr(400, 'param.invalid', '请求参数无效');
        const byKey = isRecord(b.cardUpdateOptions) && b.cardUpdateOptions.updateCardDataByKey === true;
        card.cardParamMap = byKey ? { ...card.cardParamMap, ...data } : { ...data };
        cardUpdates.push({ appId: auth.appId, outTrackId: b.outTrackId, via: 'put', cardParamMap: { ...data }, options: b.cardUpdateOptions, at: Date.now() });
        return { status: 200, body: { success: true, result: true } };
      }
      default:
        return call.path.startsWith('/v1.0/') ? newErr(404, 'InvalidAction.NotFound', '请求的接口不存在') : legacyErr(404, '请求的URI地址不存在');
    }
  };

  // Platform-wide rate limit: 90002 at HTTP 200 on the legacy API; the new API's answer is undocumented (429).
  const rateLimited = (call: IncomingCall): Reply =>
    call.path.startsWith('/v1.0/')
      ? newErr(429, 'Throttling.Api', '接口调用超过限制')
      : legacyErr(90002, '您的服务器调用钉钉开放平台所有接口的请求都被暂时禁用了');

  const server = await startFake(state, route, rateLimited);
  return {
    ...server,
    setFlowControlled(userIds) {
      flowControlled = new Set(userIds);
    },
    stream: stream.fake,
    cards,
    cardUpdates,
    close: async () => {
      await stream.close();
      await server.close();
    },
  };
}

/** An approval card's delivery options, for tests to assert on: `callbackType` and, with it, `supportForward`. */
function cardOptions(b: Record<string, unknown>): Record<string, unknown> {
  if (b.callbackType === undefined) return {};
  const space = [b.imRobotOpenSpaceModel, b.imGroupOpenSpaceModel].find(isRecord);
  return { callbackType: b.callbackType, supportForward: space?.supportForward };
}
