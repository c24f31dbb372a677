import { AppError } from '../../../shared/errors.js';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';

/**
 * What went wrong with one DMS OpenAPI call, in the admin's terms. Built from the gateway's
 * `{Code, Message, RequestId}` (HTTP 4xx/5xx), DMS's in-body `Success:false` + `ErrorCode`/`ErrorMessage`
 * (at any HTTP status), or a transport failure. Never carries the AccessKey secret.
 */
export type DmsErrorKind =
  | 'network'
  | 'timeout'
  | 'wrong-key'
  | 'inactive-key'
  | 'signature'
  | 'clock'
  | 'nonce'
  | 'permission'
  | 'throttled'
  | 'tenant'
  | 'server'
  | 'request'
  | 'business'
  | 'bad-response'
  /** ApproveOrder only: DMS says the acting user is not an approver of the ticket's current node. */
  | 'not-handler'
  /** ApproveOrder only: DMS says the ticket's approval is already over (approved, rejected, cancelled). */
  | 'already-handled';

export interface DmsFailure {
  readonly kind: DmsErrorKind;
  /** The gateway or DMS code ("SignatureDoesNotMatch", "Forbidden.RAM"), or "network" / "timeout" / "bad-response". */
  readonly code: string;
  readonly action: string;
  readonly httpStatus: number | null;
  readonly requestId: string | null;
  /** The server's own message, trimmed; useful in support tickets. */
  readonly serverMessage: string;
  readonly retryable: boolean;
  /** Server `Date` minus local clock, when the server sent one. */
  readonly clockSkewSeconds: number | null;
  readonly explanation: { readonly message: LocalizedText; readonly fix: LocalizedText };
}

export class DmsApiError extends AppError {
  readonly failure: DmsFailure;

  constructor(failure: DmsFailure) {
    const transient = failure.kind === 'network' || failure.kind === 'timeout' || failure.kind === 'server' || failure.kind === 'throttled';
    super(transient ? 'UNAVAILABLE' : 'PLATFORM_ERROR', failure.explanation.message, {
      fix: failure.explanation.fix,
      details: {
        dmsCode: failure.code,
        action: failure.action,
        httpStatus: failure.httpStatus,
        requestId: failure.requestId,
        retryable: failure.retryable,
        ...(failure.clockSkewSeconds === null ? {} : { clockSkewSeconds: failure.clockSkewSeconds }),
      },
    });
    this.name = 'DmsApiError';
    this.failure = failure;
  }
}

/** A skew above this is worth pointing at: the gateway rejects requests more than ~15 min off. */
const SKEW_HINT_SECONDS = 60;

/**
 * UNVERIFIED (DMS API reference, ApproveOrder): DMS's codes for "not a current handler" and "already handled" are not documented, so
 * ApproveOrder's in-body business failures are recognised by words in the code or message, English or Chinese.
 */
const NOT_HANDLER = /handler|approver|auditor|审批人|处理人/i;
const ALREADY_HANDLED = /already|finish|processed|closed|not.?(in.?)?audit|已(处理|审批|完成|结束|关闭)/i;

export function classify(code: string, message: string, action = ''): DmsErrorKind {
  const c = code.toLowerCase();
  if (c === 'invalidaccesskeyid.notfound' || c === 'invalidaccesskeyid') return 'wrong-key';
  if (c === 'invalidaccesskeyid.inactive') return 'inactive-key';
  if (c === 'signaturedoesnotmatch' || c === 'incompletesignature') return 'signature';
  if (c.startsWith('invalidtimestamp')) return 'clock';
  if (c === 'signaturenonceused') return 'nonce';
  if (c.startsWith('forbidden') || c === 'nopermission' || c.startsWith('nopermission')) return 'permission';
  if (c.startsWith('throttling') || c === 'servicebusy' || c === 'flowcontrol') return 'throttled';
  if (c === 'internalerror' || c === 'serviceunavailable' || c === 'unknownerror' || c === 'internal') return 'server';
  if (/tenant|\btid\b|invalidtid/i.test(`${code} ${message}`)) return 'tenant';
  if (c.startsWith('missing') || c.startsWith('invalidparameter') || c === 'invalidaction' || c.startsWith('invalidversion')) return 'request';
  if (action === 'ApproveOrder') {
    const said = `${code} ${message}`;
    if (NOT_HANDLER.test(said)) return 'not-handler';
    if (ALREADY_HANDLED.test(said)) return 'already-handled';
  }
  return 'business';
}

export interface FailureInput {
  readonly code: string;
  readonly action: string;
  readonly httpStatus: number | null;
  readonly requestId?: string | null;
  readonly serverMessage?: string;
  readonly serverDate?: string | null;
  readonly now?: Date;
  /** Overrides classify(): transport failures know their kind. */
  readonly kind?: DmsErrorKind;
}

export function makeFailure(input: FailureInput): DmsFailure {
  const serverMessage = (input.serverMessage ?? '').slice(0, 2000);
  const kind = input.kind ?? classify(input.code, serverMessage, input.action);
  const clockSkewSeconds = skewSeconds(input.serverDate ?? null, input.now ?? new Date());
  const retryable = kind === 'network' || kind === 'timeout' || kind === 'server' || kind === 'throttled' || kind === 'nonce';
  return {
    kind,
    code: input.code,
    action: input.action,
    httpStatus: input.httpStatus,
    requestId: input.requestId ?? null,
    serverMessage,
    retryable,
    clockSkewSeconds,
    explanation: explain(kind, { code: input.code, action: input.action, serverMessage, clockSkewSeconds }),
  };
}

function skewSeconds(serverDate: string | null, now: Date): number | null {
  if (!serverDate) return null;
  const t = Date.parse(serverDate);
  return Number.isNaN(t) ? null : Math.round((t - now.getTime()) / 1000);
}

function describeSkew(skew: number | null): LocalizedText {
  if (skew === null || Math.abs(skew) < SKEW_HINT_SECONDS) return text('', '');
  const ahead = skew > 0;
  const mins = Math.round(Math.abs(skew) / 60);
  return text(
    ` This computer's clock is about ${mins} min ${ahead ? 'behind' : 'ahead of'} the DMS server's; fix the system time (enable NTP) and try again.`,
    ` 本机时钟比 DMS 服务器${ahead ? '慢' : '快'}约 ${mins} 分钟；请校准系统时间（开启 NTP）后重试。`,
  );
}

interface ExplainContext {
  readonly code: string;
  readonly action: string;
  readonly serverMessage: string;
  readonly clockSkewSeconds: number | null;
}

/** Code → meaning + fix, in both languages. */
export function explain(kind: DmsErrorKind, ctx: ExplainContext): { message: LocalizedText; fix: LocalizedText } {
  const ramAction = `dms:${ctx.action}`;
  const approving = ctx.action === 'ApproveOrder';
  switch (kind) {
    case 'network':
      return {
        message: text('Could not reach the DMS OpenAPI endpoint.', '无法连接 DMS OpenAPI 接入地址。'),
        fix: text(
          'Check the region (or the endpoint override), the network and any proxy or firewall between this computer and dms-enterprise.<region>.aliyuncs.com.',
          '请检查地域（或自定义接入地址）、网络，以及本机到 dms-enterprise.<地域>.aliyuncs.com 之间的代理或防火墙。',
        ),
      };
    case 'timeout':
      return {
        message: text('The DMS OpenAPI did not answer in time.', 'DMS OpenAPI 未在规定时间内响应。'),
        fix: text('Check the network and try again; the watcher retries on its own.', '请检查网络后重试；监听器会自动重试。'),
      };
    case 'wrong-key':
      return {
        message: text('DMS does not know this AccessKey ID (InvalidAccessKeyId.NotFound).', 'DMS 不认识此 AccessKey ID（InvalidAccessKeyId.NotFound）。'),
        fix: text(
          'Copy the AccessKey ID again from the RAM console (AccessKey management) — check for missing characters or spaces — or create a new ' +
            'AccessKey for a RAM user.',
          '请从 RAM 控制台（AccessKey 管理）重新复制 AccessKey ID，检查是否缺字符或有空格；或为 RAM 用户新建 AccessKey。',
        ),
      };
    case 'inactive-key':
      return {
        message: text('This AccessKey is disabled (InvalidAccessKeyId.Inactive).', '此 AccessKey 已被禁用（InvalidAccessKeyId.Inactive）。'),
        fix: text('Enable the AccessKey in the RAM console, or create a new one and enter it here.', '请在 RAM 控制台启用该 AccessKey，或新建一个并在此填写。'),
      };
    case 'signature': {
      const skew = describeSkew(ctx.clockSkewSeconds);
      return {
        message: text(
          `DMS rejected the request signature (${ctx.code}): the AccessKey secret does not match the AccessKey ID.${skew.en}`,
          `DMS 拒绝了请求签名（${ctx.code}）：AccessKey Secret 与 AccessKey ID 不匹配。${skew.zh}`,
        ),
        fix: text(
          'Enter the AccessKey secret that belongs to this AccessKey ID again (it is shown only once when the key is created; if lost, create a new ' +
            'AccessKey).',
          '请重新填写与此 AccessKey ID 对应的 AccessKey Secret（仅在创建时显示一次；如已丢失，请新建 AccessKey）。',
        ),
      };
    }
    case 'clock': {
      const skew = describeSkew(ctx.clockSkewSeconds);
      return {
        message: text(
          `DMS rejected the request time (${ctx.code}): this computer's clock is too far off.${skew.en}`,
          `DMS 拒绝了请求时间（${ctx.code}）：本机时钟偏差过大。${skew.zh}`,
        ),
        fix: text('Set the system clock correctly (enable automatic time / NTP) and try again.', '请校准系统时间（开启自动对时 / NTP）后重试。'),
      };
    }
    case 'nonce':
      return {
        message: text('DMS saw this request nonce before (SignatureNonceUsed).', 'DMS 已见过此请求的随机数（SignatureNonceUsed）。'),
        fix: text('Try again; every retry uses a new nonce.', '请重试；每次重试都会使用新的随机数。'),
      };
    case 'permission':
      if (approving) {
        return {
          message: text(
            `The AccessKey may not approve tickets on behalf of an approver (${ctx.code})${ctx.serverMessage ? `: ${ctx.serverMessage}` : ''}.`,
            `此 AccessKey 无权代审批人审批工单（${ctx.code}）${ctx.serverMessage ? `：${ctx.serverMessage}` : ''}。`,
          ),
          fix: text(
            'In the RAM console, allow "dms:ApproveOrder" for the RAM user of this AccessKey, and make sure that user may act as another DMS user ' +
              '(the AssumeUser permission — DMS admins have it by default; the feature is a limited preview).',
            '请在 RAM 控制台为此 AccessKey 所属的 RAM 用户授予 "dms:ApproveOrder"，并确认该用户可代其他 DMS 用户操作' +
              '（AssumeUser 权限——DMS 管理员默认拥有；该功能为邀测功能）。',
          ),
        };
      }
      return {
        message: text(
          `The RAM user of this AccessKey may not call ${ctx.action} (${ctx.code}): its policy lacks "${ramAction}".`,
          `此 AccessKey 所属的 RAM 用户无权调用 ${ctx.action}（${ctx.code}）：其权限策略缺少 "${ramAction}"。`,
        ),
        fix: text(
          `In the RAM console, grant the RAM user a policy allowing "${ramAction}" (read-only DMS access, e.g. AliyunDMSReadOnlyAccess, covers ` +
            `dms:ListOrders, dms:GetOrderBaseInfo, dms:GetApprovalDetail and dms:GetUser). Also make sure the user is a DMS admin or DBA so AS_ADMIN ` +
            `lists every ticket.`,
          `请在 RAM 控制台为该 RAM 用户授予允许 "${ramAction}" 的策略（DMS 只读权限，例如 AliyunDMSReadOnlyAccess，包含 dms:ListOrders、dms:GetOrderBaseInfo、dms:GetApprovalDetail、` +
            `dms:GetUser）。并确认该用户在 DMS 中是管理员或 DBA，以便 AS_ADMIN 能列出全部工单。`,
        ),
      };
    case 'throttled':
      if (approving) {
        return {
          message: text(
            `DMS is throttling this AccessKey (${ctx.code}); the ticket was not changed.`,
            `DMS 正在对此 AccessKey 限流（${ctx.code}）；工单未被更改。`,
          ),
          fix: text('Press the button again in a minute.', '请稍等一分钟后再按一次。'),
        };
      }
      return {
        message: text(`DMS is throttling this AccessKey (${ctx.code}).`, `DMS 正在对此 AccessKey 限流（${ctx.code}）。`),
        fix: text(
          'Nothing to do right away: the watcher backs off and retries. If it persists, raise the poll interval.',
          '暂时无需处理：监听器会退避后重试。若持续出现，请调大轮询间隔。',
        ),
      };
    case 'tenant':
      return {
        message: text(
          `DMS did not accept the tenant ID (Tid) for ${ctx.action}: ${ctx.code}${ctx.serverMessage ? ` — ${ctx.serverMessage}` : ''}.`,
          `DMS 不接受 ${ctx.action} 的租户 ID（Tid）：${ctx.code}${ctx.serverMessage ? ` — ${ctx.serverMessage}` : ''}。`,
        ),
        fix: text(
          'Enter the Tid of your DMS tenant: in the DMS console, hover over your avatar in the top right corner to see it, and make sure the RAM user ' +
            'belongs to that tenant.',
          '请填写 DMS 租户的 Tid：在 DMS 控制台右上角将鼠标悬停在头像上即可看到；并确认该 RAM 用户属于此租户。',
        ),
      };
    case 'server':
      return {
        message: text(`DMS had an internal problem (${ctx.code}).`, `DMS 内部错误（${ctx.code}）。`),
        fix: text('Try again later; the watcher retries on its own.', '请稍后重试；监听器会自动重试。'),
      };
    case 'request':
      return {
        message: text(
          `DMS rejected the request parameters for ${ctx.action} (${ctx.code})${ctx.serverMessage ? `: ${ctx.serverMessage}` : ''}.`,
          `DMS 拒绝了 ${ctx.action} 的请求参数（${ctx.code}）${ctx.serverMessage ? `：${ctx.serverMessage}` : ''}。`,
        ),
        fix: text(
          'Check the region and endpoint override; if they are right, report this with the request id.',
          '请检查地域和自定义接入地址；若无误，请附上请求 ID 反馈此问题。',
        ),
      };
    case 'business':
      return {
        message: text(
          `DMS refused ${ctx.action} (${ctx.code})${ctx.serverMessage ? `: ${ctx.serverMessage}` : ''}.`,
          `DMS 拒绝了 ${ctx.action}（${ctx.code}）${ctx.serverMessage ? `：${ctx.serverMessage}` : ''}。`,
        ),
        fix: text(
          "Check the tenant ID and the RAM user's role in DMS; the message above comes from DMS.",
          '请检查租户 ID 以及 RAM 用户在 DMS 中的角色；以上信息来自 DMS。',
        ),
      };
    case 'not-handler':
      return {
        message: text(
          `DMS refused the approval (${ctx.code}): this user is not an approver of the ticket's current step.`,
          `DMS 拒绝了审批（${ctx.code}）：该用户不是工单当前节点的审批人。`,
        ),
        fix: text('Only the approvers DMS shows for the current step can approve or reject it.', '只有 DMS 中当前节点的审批人可以同意或拒绝。'),
      };
    case 'already-handled':
      return {
        message: text(
          `DMS refused the approval (${ctx.code}): the ticket's approval is already over.`,
          `DMS 拒绝了审批（${ctx.code}）：该工单的审批已经结束。`,
        ),
        fix: text('Nothing to do: open the ticket in DMS to see who handled it.', '无需操作：可在 DMS 中打开工单查看处理人。'),
      };
    case 'bad-response':
      return {
        message: text(
          `DMS answered ${ctx.action} with something that is not a DMS OpenAPI response.`,
          `DMS 对 ${ctx.action} 的响应不是有效的 DMS OpenAPI 响应。`,
        ),
        fix: text(
          'Check the endpoint override: it must point at dms-enterprise.<region>.aliyuncs.com (a proxy or captive portal may be answering instead).',
          '请检查自定义接入地址：应指向 dms-enterprise.<地域>.aliyuncs.com（可能是代理或认证网关在应答）。',
        ),
      };
  }
}
