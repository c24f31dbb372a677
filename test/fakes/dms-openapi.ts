/**
 * A fake DMS OpenAPI (dms-enterprise 2018-11-01, RPC style) on 127.0.0.1 for tests. It verifies the V1
 * signature exactly as Alibaba Cloud's RPC (V1) signature mechanism describes (decode, re-encode, sort,
 * HMAC-SHA1 with secret + "&"), rejects stale timestamps (15 min) and reused nonces, answers the
 * documented gateway error bodies, and keeps tickets whose status tests change over time.
 *
 * Not reproduced: V3 (ACS3-HMAC-SHA256) signing (our client sends V1 only; V3 requests get
 * IncompleteSignature), STS tokens, real RAM policy evaluation (a per-key action list instead), real
 * rate limits (throttling is injected), DMS's exact Success:false codes for a wrong Tid (unverified;
 * "InvalidTid" here), the real time zone of StartTime/LastModifyTime (UTC+8 here), and ticket kinds'
 * own detail calls (GetDataExportOrderDetail etc.).
 *
 * ApproveOrder (DMS API reference, ApproveOrder): acts on the ticket's current workflow node as the user named by RealLoginUserUid
 * (or the key's own user without it). Approving a node moves CurrentHandlers to the next node's approvers; approving
 * the last one sets StatusCode `approved`, rejecting any node sets `reject`. INVENTED here, because DMS documents none
 * of them: the codes `NoPermission` (RealLoginUserUid without AssumeUser), `UserNotCurrentHandler`,
 * `WorkflowAlreadyFinished`, and the final status after the last AGREE.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeDmsKey {
  readonly id: string;
  readonly secret: string;
  /** RAM actions granted, e.g. ['ListOrders']; '*' = all. Others get Forbidden.RAM. */
  readonly actions?: readonly string[] | '*';
  readonly inactive?: boolean;
  /** The DMS user id behind the key (AS_COMMITTER / AS_HANDLER filters). */
  readonly userId?: string;
  /** May act for another user with RealLoginUserUid (DMS's AssumeUser permission; admins have it). */
  readonly assumeUser?: boolean;
}

export interface FakeDmsUser {
  readonly userId: string;
  readonly uid?: string;
  readonly nickName: string;
  readonly mobile?: string;
  readonly email?: string;
  /** ListUsers roles (default ['USER']). */
  readonly roles?: readonly string[];
  /** NORMAL (default), DISABLE or DELETE. */
  readonly state?: string;
}

export interface FakeDmsOrderInit {
  readonly orderId?: number;
  readonly pluginType: string;
  readonly statusCode?: string;
  readonly committerId: string;
  readonly comment?: string;
  readonly approvers?: readonly string[];
  /** A multi-node flow: each node's approvers, in order (default: one node of `approvers`). */
  readonly nodes?: readonly (readonly string[])[];
}

export interface FakeDmsOrder {
  readonly orderId: number;
  pluginType: string;
  statusCode: string;
  committerId: string;
  comment: string;
  /** The current node's approvers (CurrentHandlers while `toaudit`). */
  approvers: string[];
  /** Every node's approvers; `node` is the current one. */
  nodes: string[][];
  node: number;
  /** Who decided each finished node. */
  decisions: { operatorId: string; code: 'APPROVED' | 'REJECT'; comment: string; time: string }[];
  createTime: string;
  lastModifyTime: string;
}

/** One ApproveOrder call as the fake saw it (after the signature check). */
export interface FakeDmsApproveCall {
  readonly workflowInstanceId: string;
  readonly approvalType: string;
  readonly comment: string;
  readonly realLoginUserUid: string | null;
  /** The DMS user the call acted as, when known. */
  readonly actingUserId: string | null;
  /** The error code answered, or null when the ticket moved. */
  readonly answered: string | null;
}

export interface FakeDmsRequest {
  readonly method: string;
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  /** The error code answered, or null for success. */
  readonly answered: string | null;
}

export interface FakeDmsOptions {
  readonly keys: readonly FakeDmsKey[];
  readonly tid: number;
  readonly users?: readonly FakeDmsUser[];
  readonly orders?: readonly FakeDmsOrderInit[];
  /** The server's clock (tickets' times, timestamp window). Default: the real clock. */
  readonly now?: () => Date;
}

export interface FakeDms {
  /** `http://127.0.0.1:<port>`: pass as the endpoint override. */
  readonly endpoint: string;
  readonly requests: FakeDmsRequest[];
  /** Every signed ApproveOrder call, in order. */
  readonly approveCalls: FakeDmsApproveCall[];
  createOrder(init: FakeDmsOrderInit): number;
  setStatus(orderId: number, statusCode: string): void;
  setApprovers(orderId: number, userIds: readonly string[]): void;
  addUser(user: FakeDmsUser): void;
  removeUser(userId: string): void;
  order(orderId: number): FakeDmsOrder;
  /** The next `count` signed calls (any action, or only `action`) answer Throttling.User. */
  throttleNext(count: number, action?: string): void;
  /** The next `count` signed calls answer this status and body instead of the real answer. */
  failNext(count: number, status: number, body: Record<string, unknown>): void;
  /** The next `count` requests get no answer for `ms` (client timeouts). */
  stallNext(count: number, ms: number): void;
  /**
   * The next `action` request gets no answer until its caller goes away (a process killed mid-call); with `applied`
   * DMS acts on it first (the answer is lost), without it DMS never sees it. Resolves once the request has arrived.
   */
  holdNext(action: string, o: { readonly applied: boolean }): Promise<void>;
  close(): Promise<void>;
}

const VERSION = '2018-11-01';
const WINDOW_MS = 15 * 60_000;
const FINISHED = new Set(['success', 'fail', 'cancel', 'reject', 'closed']);
const ACTIONS = new Set(['ListOrders', 'GetOrderBaseInfo', 'GetApprovalDetail', 'GetUser', 'ListUsers', 'ApproveOrder']);
const WORKFLOW_BASE = 900_000;
const ROLES = new Set(['USER', 'DBA', 'ADMIN', 'SECURITY_ADMIN', 'STRUCT_READ_ONLY']);
const USER_STATES = new Set(['NORMAL', 'DISABLE', 'DELETE']);
const USER_PAGE_SIZES = new Set([10, 20, 50, 100]);

/** RFC 3986, the same rule the reference gives; written out here so the fake does not share the client's code. */
const pe = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function serverStringToSign(method: string, params: Readonly<Record<string, string>>): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map((k) => `${pe(k)}=${pe(params[k] ?? '')}`)
    .join('&');
  return `${method}&${pe('/')}&${pe(canonical)}`;
}

/** `YYYY-MM-DD hh:mm:ss` in UTC+8, like the console's Beijing time. */
export function dmsTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

class Reject extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly msg: string,
  ) {
    super(code);
  }
}

export async function startFakeDms(opts: FakeDmsOptions): Promise<FakeDms> {
  const now = opts.now ?? (() => new Date());
  const keys = new Map(opts.keys.map((k) => [k.id, k]));
  const users = new Map((opts.users ?? []).map((u) => [u.userId, u]));
  const orders = new Map<number, FakeDmsOrder>();
  const nonces = new Set<string>();
  const requests: FakeDmsRequest[] = [];
  const approveCalls: FakeDmsApproveCall[] = [];
  let nextOrderId = 100_001;
  const throttles: { action: string | undefined }[] = [];
  const failures: { status: number; body: Record<string, unknown> }[] = [];
  const stalls: number[] = [];
  const holds: { action: string; applied: boolean; arrived: () => void }[] = [];

  const createOrder = (init: FakeDmsOrderInit): number => {
    const orderId = init.orderId ?? nextOrderId++;
    const t = dmsTime(now());
    const nodes = (init.nodes ?? [init.approvers ?? []]).map((n) => [...n]);
    orders.set(orderId, {
      orderId,
      pluginType: init.pluginType,
      statusCode: init.statusCode ?? 'new',
      committerId: init.committerId,
      comment: init.comment ?? '',
      approvers: [...(nodes[0] ?? [])],
      nodes,
      node: 0,
      decisions: [],
      createTime: t,
      lastModifyTime: t,
    });
    return orderId;
  };
  for (const o of opts.orders ?? []) createOrder(o);

  const mustOrder = (orderId: number): FakeDmsOrder => {
    const o = orders.get(orderId);
    if (!o) throw new Error(`fake DMS: no order ${orderId}`);
    return o;
  };

  function authenticate(method: string, params: Record<string, string>): FakeDmsKey {
    for (const p of ['AccessKeyId', 'Signature', 'SignatureNonce', 'Timestamp', 'Action', 'Version']) {
      if (!params[p])
        throw new Reject(
          400,
          p === 'Signature' ? 'IncompleteSignature' : 'MissingParameter',
          `The input parameter "${p}" that is mandatory for processing this request is not supplied.`,
        );
    }
    if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0') {
      throw new Reject(400, 'InvalidParameter', 'The specified SignatureMethod or SignatureVersion is not supported.');
    }
    const key = keys.get(params.AccessKeyId ?? '');
    if (!key) throw new Reject(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    if (key.inactive) throw new Reject(400, 'InvalidAccessKeyId.Inactive', 'Specified access key is disabled.');
    const ts = params.Timestamp ?? '';
    const t = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(ts) ? Date.parse(ts) : Number.NaN;
    if (Number.isNaN(t)) throw new Reject(400, 'InvalidTimeStamp.Format', 'Specified time stamp is not in the correct format.');
    if (Math.abs(now().getTime() - t) > WINDOW_MS) {
      throw new Reject(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
    const sts = serverStringToSign(method, params);
    const expected = createHmac('sha1', `${key.secret}&`).update(sts).digest('base64');
    if (expected !== params.Signature) {
      throw new Reject(400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${sts}`);
    }
    const nonce = params.SignatureNonce ?? '';
    if (nonces.has(nonce)) throw new Reject(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    nonces.add(nonce);
    if (params.Version !== VERSION) throw new Reject(400, 'InvalidVersion', `Specified parameter Version is not valid.`);
    if (!ACTIONS.has(params.Action ?? '')) throw new Reject(400, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    const granted = key.actions ?? '*';
    if (granted !== '*' && !granted.includes(params.Action ?? '')) {
      throw new Reject(
        403,
        'Forbidden.RAM',
        `User not authorized to operate on the specified resource, or this API doesn't support RAM. (action: dms:${params.Action})`,
      );
    }
    return key;
  }

  const ok = (body: Record<string, unknown>): Record<string, unknown> => ({ Success: true, ...body });
  const dmsFail = (code: string, message: string): Record<string, unknown> => ({ Success: false, ErrorCode: code, ErrorMessage: message });

  function answer(key: FakeDmsKey, params: Record<string, string>): Record<string, unknown> {
    if (params.Tid !== undefined && Number(params.Tid) !== opts.tid) {
      return dmsFail('InvalidTid', `The tenant ${params.Tid} does not exist or the current user is not a member of this tenant.`);
    }
    switch (params.Action) {
      case 'ListOrders':
        return listOrders(key, params);
      case 'ListUsers':
        return listUsers(params);
      case 'GetOrderBaseInfo': {
        const o = orders.get(Number(params.OrderId));
        if (!o) return dmsFail('InvalidOrderId', `Order ${params.OrderId ?? ''} does not exist.`);
        return ok({
          OrderBaseInfo: {
            ...orderView(o),
            RelatedUserList: [o.committerId, ...o.approvers],
            RelatedUserNickList: [o.committerId, ...o.approvers].map((u) => users.get(u)?.nickName ?? u),
            WorkflowInstanceId: o.orderId + WORKFLOW_BASE,
            WorkflowStatusDesc: o.statusCode,
          },
        });
      }
      case 'GetApprovalDetail': {
        if (!params.WorkflowInstanceId) return dmsFail('MissingWorkflowInstanceId', 'WorkflowInstanceId is mandatory.');
        const o = orders.get(Number(params.WorkflowInstanceId) - WORKFLOW_BASE);
        if (!o) return dmsFail('InvalidWorkflowInstanceId', `Workflow ${params.WorkflowInstanceId} does not exist.`);
        const auditing = o.statusCode.toLowerCase() === 'toaudit';
        return ok({
          ApprovalDetail: {
            AuditId: o.orderId + 500_000,
            OrderId: o.orderId,
            OrderType: o.pluginType,
            Title: o.comment,
            Description: `<p>${o.comment}</p>`,
            CreateTime: o.createTime,
            WorkflowInsCode: auditing ? 'AUDITING' : o.statusCode.toUpperCase(),
            CurrentHandlers: { CurrentHandler: auditing ? o.approvers.map((id) => ({ Id: Number(id), NickName: users.get(id)?.nickName ?? '' })) : [] },
            WorkflowNodes: { WorkflowNode: o.nodes.map((ids, i) => nodeView(o, ids, i, auditing)) },
          },
        });
      }
      case 'ApproveOrder':
        return approveOrder(key, params);
      default: {
        const u = users.get(params.UserId ?? '') ?? [...users.values()].find((x) => x.uid !== undefined && x.uid === params.Uid);
        if (!u) return dmsFail('UserNotExist', `User ${params.UserId ?? params.Uid ?? ''} does not exist.`);
        return ok({ User: userView(u) });
      }
    }
  }

  function nodeView(o: FakeDmsOrder, ids: readonly string[], i: number, auditing: boolean): Record<string, unknown> {
    const d = o.decisions[i];
    return {
      NodeName: `Node ${i + 1}`,
      AuditUserIdList: ids.join(','),
      ...(d ? { OperatorId: Number(d.operatorId), OperateTime: d.time, OperateComment: d.comment } : {}),
      WorkflowInsCode: d?.code ?? (auditing && i === o.node ? 'AUDITING' : 'START'),
    };
  }

  const uidOf = (u: FakeDmsUser): string => u.uid ?? `2${u.userId.padStart(15, '0')}`;

  /** AGREE moves the flow to the next node (or ends it approved), REJECT ends it; only a current handler may act. */
  function approveOrder(key: FakeDmsKey, p: Record<string, string>): Record<string, unknown> {
    const call = (answered: string | null, actingUserId: string | null): void => {
      approveCalls.push({
        workflowInstanceId: p.WorkflowInstanceId ?? '',
        approvalType: p.ApprovalType ?? '',
        comment: p.Comment ?? '',
        realLoginUserUid: p.RealLoginUserUid ?? null,
        actingUserId,
        answered,
      });
    };
    const refuse = (code: string, message: string, actingUserId: string | null = null): Record<string, unknown> => {
      call(code, actingUserId);
      return dmsFail(code, message);
    };
    if (!p.WorkflowInstanceId) return refuse('MissingWorkflowInstanceId', 'WorkflowInstanceId is mandatory.');
    if (p.ApprovalType !== 'AGREE' && p.ApprovalType !== 'REJECT')
      return refuse('InvalidParameter', `The fake supports AGREE and REJECT, not ${p.ApprovalType ?? ''}.`);
    let actingUserId = key.userId ?? null;
    if (p.RealLoginUserUid !== undefined) {
      if (!key.assumeUser) return refuse('NoPermission', 'The caller has no AssumeUser permission to act for another user.');
      const u = [...users.values()].find((x) => uidOf(x) === p.RealLoginUserUid);
      if (!u) return refuse('UserNotExist', `User ${p.RealLoginUserUid} does not exist in this tenant.`);
      actingUserId = u.userId;
    }
    const o = orders.get(Number(p.WorkflowInstanceId) - WORKFLOW_BASE);
    if (!o) return refuse('InvalidWorkflowInstanceId', `Workflow ${p.WorkflowInstanceId} does not exist.`, actingUserId);
    if (o.statusCode.toLowerCase() !== 'toaudit') return refuse('WorkflowAlreadyFinished', 'The approval of this ticket is already finished.', actingUserId);
    if (actingUserId === null || !o.approvers.includes(actingUserId)) {
      return refuse('UserNotCurrentHandler', 'The user is not an approver of the current node.', actingUserId);
    }
    const t = dmsTime(now());
    o.decisions[o.node] = { operatorId: actingUserId, code: p.ApprovalType === 'AGREE' ? 'APPROVED' : 'REJECT', comment: p.Comment ?? '', time: t };
    if (p.ApprovalType === 'REJECT') {
      o.statusCode = 'reject';
      o.approvers = [];
    } else if (o.node + 1 < o.nodes.length) {
      o.node += 1;
      o.approvers = [...(o.nodes[o.node] ?? [])];
    } else {
      o.statusCode = 'approved';
      o.approvers = [];
    }
    o.lastModifyTime = t;
    call(null, actingUserId);
    return ok({});
  }

  /** Mobile / Email only when the user set them (as the GetUser / ListUsers references describe). */
  function userView(u: FakeDmsUser): Record<string, unknown> {
    const roles = u.roles ?? ['USER'];
    return {
      UserId: u.userId,
      Uid: uidOf(u),
      ParentUid: 1_000_000_000_000_000,
      NickName: u.nickName,
      ...(u.mobile ? { Mobile: u.mobile } : {}),
      ...(u.email ? { Email: u.email } : {}),
      State: u.state ?? 'NORMAL',
      RoleIdList: { RoleIds: roles.map((_, i) => i + 1) },
      RoleNameList: { RoleNames: roles },
      LastLoginTime: dmsTime(now()),
    };
  }

  /** ListUsers: Role / UserState filters, PageSize 10/20/50/100 (default 10), `UserList.User[]` + TotalCount. */
  function listUsers(p: Record<string, string>): Record<string, unknown> {
    if (p.Role !== undefined && !ROLES.has(p.Role)) return dmsFail('InvalidParameter', `The parameter Role ${p.Role} is invalid.`);
    if (p.UserState !== undefined && !USER_STATES.has(p.UserState)) return dmsFail('InvalidParameter', `The parameter UserState ${p.UserState} is invalid.`);
    const pageSize = Number(p.PageSize ?? 10);
    if (!USER_PAGE_SIZES.has(pageSize)) return dmsFail('InvalidParameter', `The parameter PageSize ${p.PageSize ?? ''} is invalid.`);
    const pageNumber = Number(p.PageNumber ?? 1);
    if (!Number.isInteger(pageNumber) || pageNumber < 1) return dmsFail('InvalidParameter', `The parameter PageNumber ${p.PageNumber ?? ''} is invalid.`);
    const matching = [...users.values()].filter(
      (u) => (p.Role === undefined || (u.roles ?? ['USER']).includes(p.Role)) && (p.UserState === undefined || (u.state ?? 'NORMAL') === p.UserState),
    );
    const page = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return ok({ TotalCount: matching.length, UserList: { User: page.map(userView) } });
  }

  function listOrders(key: FakeDmsKey, p: Record<string, string>): Record<string, unknown> {
    const resultType = p.OrderResultType ?? 'AS_COMMITTER';
    const status = p.OrderStatus ?? 'ALL';
    const dateField = p.SearchDateType === 'CREATE_TIME' ? 'createTime' : 'lastModifyTime';
    const plugin = p.PluginType;
    const pageNumber = Math.max(1, Number(p.PageNumber ?? 1));
    const pageSize = Math.max(1, Math.min(100, Number(p.PageSize ?? 10)));
    const matching = [...orders.values()]
      .filter((o) => {
        if (resultType === 'AS_COMMITTER' && o.committerId !== key.userId) return false;
        if (resultType === 'AS_HANDLER' && !(key.userId && o.approvers.includes(key.userId) && o.statusCode === 'toaudit')) return false;
        const finished = FINISHED.has(o.statusCode.toLowerCase());
        if (status === 'RUNNING' && finished) return false;
        if (status === 'FINISHED' && !finished) return false;
        if (plugin && !(plugin === o.pluginType || (plugin === 'DATA_CORRECT' && o.pluginType.startsWith('DC_')))) return false;
        if (p.StartTime && o[dateField] < p.StartTime) return false;
        if (p.EndTime && o[dateField] > p.EndTime) return false;
        return true;
      })
      // Newest first, like the console; ties by id so pages are stable.
      .sort((a, b) => (a.lastModifyTime === b.lastModifyTime ? b.orderId - a.orderId : a.lastModifyTime < b.lastModifyTime ? 1 : -1));
    const page = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return ok({ TotalCount: matching.length, Orders: { Order: page.map(orderView) } });
  }

  function orderView(o: FakeDmsOrder): Record<string, unknown> {
    return {
      OrderId: o.orderId,
      PluginType: o.pluginType,
      StatusCode: o.statusCode,
      StatusDesc: o.statusCode,
      Committer: users.get(o.committerId)?.nickName ?? '',
      CommitterId: Number(o.committerId),
      CreateTime: o.createTime,
      LastModifyTime: o.lastModifyTime,
      Comment: o.comment,
    };
  }

  async function readParams(req: IncomingMessage): Promise<Record<string, string>> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const params: Record<string, string> = {};
    // URLSearchParams decodes; the verifier then re-encodes with RFC 3986 (never the raw query text).
    for (const [k, v] of url.searchParams) params[k] = v;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (body && (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
      for (const [k, v] of new URLSearchParams(body)) params[k] = v;
    }
    return params;
  }

  function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
    const json = JSON.stringify({ RequestId: randomUUID().toUpperCase(), ...body });
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const stall = stalls.shift();
    if (stall !== undefined) await new Promise((r) => setTimeout(r, stall));
    const params = await readParams(req);
    const h = holds.findIndex((x) => x.action === params.Action);
    if (h >= 0) {
      const hold = holds.splice(h, 1)[0]!;
      const gone = new Promise<void>((r) => req.socket.once('close', () => r()));
      if (hold.applied) answerRequest(req, params, () => {});
      hold.arrived();
      return gone;
    }
    return answerRequest(req, params, (status, body) => send(res, status, body));
  }

  function answerRequest(req: IncomingMessage, params: Record<string, string>, reply: (status: number, body: Record<string, unknown>) => void): void {
    const method = req.method ?? 'GET';
    const log = (answered: string | null): void => {
      requests.push({ method, action: params.Action ?? '', params, answered });
    };
    if (method !== 'GET' && method !== 'POST') {
      log('UnsupportedHTTPMethod');
      return reply(405, { Code: 'UnsupportedHTTPMethod', Message: 'This http method is not supported.' });
    }
    if (String(req.headers.authorization ?? '').startsWith('ACS3-')) {
      log('IncompleteSignature');
      return reply(400, { Code: 'IncompleteSignature', Message: 'The fake DMS verifies V1 (HMAC-SHA1) signatures only.' });
    }
    try {
      const key = authenticate(method, params);
      const t = throttles.findIndex((x) => x.action === undefined || x.action === params.Action);
      if (t >= 0) {
        throttles.splice(t, 1);
        throw new Reject(400, 'Throttling.User', 'Request was denied due to user flow control.');
      }
      const injected = failures.shift();
      if (injected) {
        log(String(injected.body.Code ?? injected.body.ErrorCode ?? injected.status));
        return reply(injected.status, injected.body);
      }
      const body = answer(key, params);
      log(body.Success === false ? String(body.ErrorCode) : null);
      reply(200, body);
    } catch (err) {
      if (!(err instanceof Reject)) throw err;
      log(err.code);
      reply(err.status, {
        HostId: req.headers.host ?? '',
        Code: err.code,
        Message: err.msg,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${err.code}`,
      });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { Code: 'InternalError', Message: 'The request processing has failed due to some unknown error.' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    approveCalls,
    createOrder,
    setStatus(orderId, statusCode) {
      const o = mustOrder(orderId);
      o.statusCode = statusCode;
      o.lastModifyTime = dmsTime(now());
    },
    setApprovers(orderId, userIds) {
      const o = mustOrder(orderId);
      o.approvers = [...userIds];
      o.nodes[o.node] = [...userIds];
      o.lastModifyTime = dmsTime(now());
    },
    addUser(user) {
      users.set(user.userId, user);
    },
    removeUser(userId) {
      users.delete(userId);
    },
    order: mustOrder,
    throttleNext(count, action) {
      for (let i = 0; i < count; i++) throttles.push({ action });
    },
    failNext(count, status, body) {
      for (let i = 0; i < count; i++) failures.push({ status, body });
    },
    stallNext(count, ms) {
      for (let i = 0; i < count; i++) stalls.push(ms);
    },
    holdNext(action, o) {
      return new Promise<void>((arrived) => holds.push({ action, applied: o.applied, arrived }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
