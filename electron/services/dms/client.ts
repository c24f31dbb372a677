import type { AxiosResponse } from 'axios';
import { outboundRequest } from '../net/outbound.js';
import { z } from 'zod';
import type { DMS_USER_ROLES } from '../../../shared/contract/users-dms.js';
import { DmsApiError, makeFailure } from './errors.js';
import { encodeQuery, signedParams, type HttpMethod } from './signer.js';

/** DMS ids arrive as numbers or strings depending on the field and the doc; keep them as strings. */
const id = z.union([z.string(), z.number()]).transform(String);
const str = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

const envelope = z.looseObject({
  RequestId: z.string().optional(),
  Success: z.boolean().optional(),
  ErrorCode: z.string().nullish(),
  ErrorMessage: z.string().nullish(),
  /** Gateway errors. */
  Code: z.string().optional(),
  Message: z.string().optional(),
});

export const orderSchema = z.object({
  OrderId: id,
  PluginType: str,
  StatusCode: str,
  StatusDesc: str,
  Committer: str,
  CommitterId: id.nullish().transform((v) => v ?? ''),
  CreateTime: str,
  LastModifyTime: str,
  Comment: str,
});
export type DmsOrder = z.output<typeof orderSchema>;

const listOrdersSchema = z.object({
  TotalCount: z.coerce.number().int().nonnegative().default(0),
  Orders: z.object({ Order: z.array(orderSchema).default([]) }).nullish(),
});

/** GetOrderBaseInfo: the ListOrders fields plus the workflow. */
const orderBaseInfoSchema = z.object({
  OrderBaseInfo: orderSchema.extend({
    WorkflowInstanceId: id.nullish().transform((v) => (v === undefined || v === null || v === '' ? null : v)),
    WorkflowStatusDesc: str,
  }),
});
export type DmsOrderBaseInfo = z.output<typeof orderBaseInfoSchema>['OrderBaseInfo'];

const handlerSchema = z.object({ Id: id, NickName: str });
/**
 * One node of the approval flow. Only the fields approve-ticket.ts reads; per the SDK model (GetApprovalDetail in the DMS API reference)
 * `OperatorId` is the DMS user who acted and `WorkflowInsCode` the node's state (START, AUDITING, APPROVED, REJECT…).
 * UNVERIFIED: not confirmed by a live call (id type, whether unfinished nodes carry OperatorId at all).
 */
const workflowNodeSchema = z.object({
  NodeName: str,
  OperatorId: id.nullish().transform((v) => (v === undefined || v === null || v === '' ? null : v)),
  OperateTime: str,
  OperateComment: str,
  WorkflowInsCode: str,
});
const approvalDetailSchema = z.object({
  ApprovalDetail: z.object({
    OrderId: id.nullish(),
    OrderType: str,
    Title: str,
    Description: str,
    WorkflowInsCode: str,
    CurrentHandlers: z
      .object({ CurrentHandler: z.array(handlerSchema).default([]) })
      .nullish()
      .transform((v) => v?.CurrentHandler ?? []),
    WorkflowNodes: z
      .object({ WorkflowNode: z.array(workflowNodeSchema).default([]) })
      .nullish()
      .transform((v) => v?.WorkflowNode ?? []),
  }),
});
export type DmsApprovalDetail = z.output<typeof approvalDetailSchema>['ApprovalDetail'];

/** ApproveOrder answers only the envelope (`RequestId`, `Success`, `ErrorCode`, `ErrorMessage`): DMS API reference, ApproveOrder. */
const approveOrderSchema = z.object({});

/** The two decisions Channel Desk makes; DMS also knows CANCEL, TRANSFER and ADD_APPROVAL_NODE, which it never sends. */
export type DmsApprovalType = 'AGREE' | 'REJECT';

export interface ApproveOrderInput {
  readonly workflowInstanceId: string;
  readonly approvalType: DmsApprovalType;
  /** Left out when empty. DMS's length limit is unknown (§7): the caller trims. */
  readonly comment: string;
  /**
   * The Alibaba Cloud UID of the approver really acting ("Specify the API caller", DMS API reference of ApproveOrder): DMS then records
   * that user instead of the AccessKey's owner. UNVERIFIED (no live call): the AccessKey's user needs the AssumeUser
   * permission (DMS admins have it; a limited preview) and `dms:ApproveOrder`; whether DMS itself refuses a UID that is
   * not a current handler is unknown, so approve-ticket.ts checks that first.
   */
  readonly realLoginUserUid: string;
}

const userSchema = z.object({
  User: z.object({
    UserId: id.nullish().transform((v) => v ?? ''),
    Uid: id.nullish().transform((v) => v ?? ''),
    NickName: str,
    Mobile: str,
    Email: str,
    State: str,
  }),
});
export type DmsUserInfo = z.output<typeof userSchema>['User'];

/** ListUsers: `UserList.User[]`; the total's name is not in the ListUsers API reference, so it is optional. */
const listUsersSchema = z.object({
  TotalCount: z.coerce.number().int().nonnegative().optional(),
  UserList: z
    .object({ User: z.array(userSchema.shape.User).default([]) })
    .nullish()
    .transform((v) => v?.User ?? []),
});

export type DmsRole = (typeof DMS_USER_ROLES)[number];
export const DMS_USER_PAGE_SIZES = [10, 20, 50, 100] as const;

export interface ListUsersQuery {
  readonly role?: DmsRole;
  readonly userState?: 'NORMAL' | 'DISABLE' | 'DELETE';
  readonly pageNumber: number;
  readonly pageSize: (typeof DMS_USER_PAGE_SIZES)[number];
}

export interface ListUsersPage {
  readonly users: readonly DmsUserInfo[];
  /** Null when DMS did not say. */
  readonly totalCount: number | null;
}

export type OrderResultType = 'AS_ADMIN' | 'AS_COMMITTER' | 'AS_HANDLER' | 'AS_OWNER' | 'AS_Related';
export type OrderStatusFilter = 'ALL' | 'FINISHED' | 'RUNNING';

export interface ListOrdersQuery {
  /** `YYYY-MM-DD hh:mm:ss` in the tenant's time. */
  readonly startTime?: string;
  readonly endTime?: string;
  readonly searchDateType?: 'CREATE_TIME' | 'MODIFY_TIME';
  readonly orderResultType?: OrderResultType;
  readonly orderStatus?: OrderStatusFilter;
  readonly pluginType?: string;
  readonly pageNumber?: number;
  readonly pageSize?: number;
  /** false = leave Tid out (the AK user's default tenant). */
  readonly withTid?: boolean;
}

export interface ListOrdersPage {
  readonly totalCount: number;
  readonly orders: readonly DmsOrder[];
  readonly requestId: string | null;
}

export interface DmsClientOptions {
  /** Base URL from resolveEndpoint(). */
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly tid: number | null;
  readonly timeoutMs?: number;
  /** The SDK sends POST with the params in the query; GET is the classic RPC form. */
  readonly method?: HttpMethod;
  readonly now?: () => Date;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/** What a raw (unsigned) probe of the endpoint saw: any HTTP answer means it is reachable. */
export interface ReachResult {
  readonly httpStatus: number;
  readonly serverDate: string | null;
}

/**
 * The read-only DMS calls the watcher needs, and ApproveOrder for approve-ticket.ts, signed with V1 and validated with zod. Every failure
 * is a DmsApiError; nothing the client throws or logs contains the secret.
 */
export class DmsClient {
  private readonly opts: Required<Omit<DmsClientOptions, 'tid'>> & { tid: number | null };

  constructor(opts: DmsClientOptions) {
    this.opts = { timeoutMs: DEFAULT_TIMEOUT_MS, method: 'POST', now: () => new Date(), ...opts };
  }

  get endpoint(): string {
    return this.opts.endpoint;
  }

  async listOrders(q: ListOrdersQuery, signal?: AbortSignal): Promise<ListOrdersPage> {
    const res = await this.call(
      'ListOrders',
      {
        ...(q.withTid === false ? {} : this.tidParam()),
        OrderResultType: q.orderResultType ?? 'AS_ADMIN',
        OrderStatus: q.orderStatus,
        PluginType: q.pluginType,
        SearchDateType: q.searchDateType,
        StartTime: q.startTime,
        EndTime: q.endTime,
        PageNumber: q.pageNumber ?? 1,
        PageSize: q.pageSize ?? 20,
      },
      listOrdersSchema,
      signal,
    );
    return { totalCount: res.body.TotalCount, orders: res.body.Orders?.Order ?? [], requestId: res.requestId };
  }

  async getOrderBaseInfo(orderId: string, signal?: AbortSignal): Promise<DmsOrderBaseInfo> {
    return (await this.call('GetOrderBaseInfo', { ...this.tidParam(), OrderId: orderId }, orderBaseInfoSchema, signal)).body.OrderBaseInfo;
  }

  async getApprovalDetail(workflowInstanceId: string, signal?: AbortSignal): Promise<DmsApprovalDetail> {
    return (await this.call('GetApprovalDetail', { ...this.tidParam(), WorkflowInstanceId: workflowInstanceId }, approvalDetailSchema, signal)).body
      .ApprovalDetail;
  }

  /**
   * The one write call: approves or rejects the ticket's current node as `realLoginUserUid`. Only approve-ticket.ts
   * calls it, after its own checks. Tid is sent like on every other call. Returns DMS's RequestId (null if absent).
   * UNVERIFIED: DMS's error codes for a non-handler or an already handled ticket (errors.ts guesses from the message).
   */
  async approveOrder(input: ApproveOrderInput, signal?: AbortSignal): Promise<{ requestId: string | null }> {
    const res = await this.call(
      'ApproveOrder',
      {
        ...this.tidParam(),
        WorkflowInstanceId: input.workflowInstanceId,
        ApprovalType: input.approvalType,
        Comment: input.comment === '' ? undefined : input.comment,
        RealLoginUserUid: input.realLoginUserUid,
      },
      approveOrderSchema,
      signal,
    );
    return { requestId: res.requestId };
  }

  /** `userId` is a DMS user id (CommitterId, CurrentHandler.Id), not the Alibaba Cloud UID. */
  async getUser(userId: string, signal?: AbortSignal): Promise<DmsUserInfo> {
    return (await this.call('GetUser', { ...this.tidParam(), UserId: userId }, userSchema, signal)).body.User;
  }

  async listUsers(q: ListUsersQuery, signal?: AbortSignal): Promise<ListUsersPage> {
    const res = await this.call(
      'ListUsers',
      { ...this.tidParam(), Role: q.role, UserState: q.userState, PageNumber: q.pageNumber, PageSize: q.pageSize },
      listUsersSchema,
      signal,
    );
    return { users: res.body.UserList, totalCount: res.body.TotalCount ?? null };
  }

  /** An unsigned GET of the endpoint: proves DNS, TCP and TLS work, and reads the server clock. */
  async reach(signal?: AbortSignal): Promise<ReachResult> {
    const res = await this.send('Reach', `${this.opts.endpoint}/`, 'GET', signal);
    return { httpStatus: res.status, serverDate: headerDate(res) };
  }

  private tidParam(): Record<string, number> {
    return this.opts.tid === null ? {} : { Tid: this.opts.tid };
  }

  private async call<S extends z.ZodType>(
    action: string,
    params: Record<string, string | number | undefined>,
    schema: S,
    signal?: AbortSignal,
  ): Promise<{ body: z.output<S>; requestId: string | null }> {
    const signed = signedParams({
      method: this.opts.method,
      action,
      accessKeyId: this.opts.accessKeyId,
      accessKeySecret: this.opts.accessKeySecret,
      params,
      now: this.opts.now(),
    });
    const res = await this.send(action, `${this.opts.endpoint}/?${encodeQuery(signed)}`, this.opts.method, signal);
    const serverDate = headerDate(res);
    const env = envelope.safeParse(res.data);
    if (!env.success) {
      throw new DmsApiError(makeFailure({ kind: 'bad-response', code: 'bad-response', action, httpStatus: res.status, serverDate, now: this.opts.now() }));
    }
    const e = env.data;
    const requestId = e.RequestId ?? null;
    const fail = (code: string, message: string): DmsApiError =>
      new DmsApiError(makeFailure({ code, action, httpStatus: res.status, requestId, serverMessage: message, serverDate, now: this.opts.now() }));
    if (res.status >= 400 && e.Code) throw fail(e.Code, e.Message ?? '');
    if (e.Success === false) throw fail(e.ErrorCode || 'UnknownError', e.ErrorMessage ?? '');
    if (res.status >= 400) throw fail(res.status >= 500 ? 'InternalError' : `HTTP${res.status}`, e.Message ?? '');
    const body = schema.safeParse(res.data);
    if (!body.success) {
      throw new DmsApiError(
        makeFailure({
          kind: 'bad-response',
          code: 'bad-response',
          action,
          httpStatus: res.status,
          requestId,
          serverMessage: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          serverDate,
          now: this.opts.now(),
        }),
      );
    }
    return { body: body.data, requestId };
  }

  /** One HTTP exchange with a timeout; transport failures become DmsApiError('network' | 'timeout'). */
  private async send(action: string, url: string, method: HttpMethod, signal?: AbortSignal): Promise<AxiosResponse<unknown>> {
    const timeout = AbortSignal.timeout(this.opts.timeoutMs);
    try {
      return await outboundRequest({
        url,
        method,
        headers: { Accept: 'application/json', ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
        data: method === 'POST' ? '' : undefined,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        timeout: this.opts.timeoutMs,
        responseType: 'json',
        // A non-JSON answer stays a string and fails the envelope check instead of throwing here.
        transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: true },
      });
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      const code = (err as { code?: string }).code ?? '';
      const timedOut = timeout.aborted || code === 'ETIMEDOUT' || code === 'ECONNABORTED';
      throw new DmsApiError(
        makeFailure({
          kind: timedOut ? 'timeout' : 'network',
          code: timedOut ? 'timeout' : 'network',
          action,
          httpStatus: null,
          // The transport code only (ECONNREFUSED, ENOTFOUND…): the message could include the signed URL.
          serverMessage: code,
        }),
      );
    }
  }
}

function headerDate(res: AxiosResponse<unknown>): string | null {
  const d: unknown = res.headers['date'];
  return typeof d === 'string' ? d : null;
}
