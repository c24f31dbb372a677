import { channelDef, type ChannelId, type PlatformProtocol } from '../../../shared/catalog/channels.js';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';

/** Which developer-console page fixes a problem; resolved to a URL per channel (and app id when known). */
export type ConsolePage = 'credentials' | 'permissions' | 'versions' | 'bot' | 'card' | 'security' | 'billing' | 'contacts';

/**
 * What an error means for the delivery and for the channel (the one table: every code below has one):
 * - throttled: slow down; retried after the wait the platform asks for (Retry-After), else after a short hold.
 * - outage: the platform or the network is down for now; retried with backoff, and the channel shows failing.
 * - transient: a hiccup of this call (expired token, message still sending); retried with backoff.
 * - channel: the channel's own setup is wrong (credentials, scope, quota, IP allowlist): dead letter, channel failing.
 * - recipient: this person or chat cannot get messages: dead letter, counted, never makes the channel fail.
 * - message: this message cannot be sent (content, size): dead letter.
 */
export type ErrorClass = 'throttled' | 'outage' | 'transient' | 'channel' | 'recipient' | 'message';

export interface ClassBehaviour {
  readonly retry: 'after-wait' | 'backoff' | 'none';
  readonly channelFailing: boolean;
  /** The explanation says it is temporary. */
  readonly temporary: boolean;
}

export const ERROR_CLASS_BEHAVIOUR: Readonly<Record<ErrorClass, ClassBehaviour>> = {
  throttled: { retry: 'after-wait', channelFailing: false, temporary: true },
  outage: { retry: 'backoff', channelFailing: true, temporary: true },
  transient: { retry: 'backoff', channelFailing: false, temporary: false },
  channel: { retry: 'none', channelFailing: true, temporary: false },
  recipient: { retry: 'none', channelFailing: false, temporary: false },
  message: { retry: 'none', channelFailing: false, temporary: false },
};

export interface CodeExplanation {
  readonly meaning: LocalizedText;
  readonly fix: LocalizedText;
  readonly errorClass: ErrorClass;
  readonly page: ConsolePage | null;
}

const e = (meaning: LocalizedText, fix: LocalizedText, errorClass: ErrorClass, page: ConsolePage | null): CodeExplanation => ({
  meaning,
  fix,
  errorClass,
  page,
});

const NO_FIX = text('Nothing to change; the request is retried automatically.', '无需修改配置，系统会自动重试。');
const TOKEN_FIX = text(
  'Usually fixed by fetching a new token automatically. If it persists, check that AppKey/AppSecret belong to this app.',
  '通常会自动重新获取令牌解决；若持续出现，请检查 AppKey/AppSecret 是否属于该应用。',
);
const PUBLISH = text('then publish a new app version so it takes effect', '然后发布新版本使其生效');
const withPublish = (en: string, zh: string): LocalizedText => text(`${en}, ${PUBLISH.en}.`, `${zh}，${PUBLISH.zh}。`);

/** Every documented DingTalk server error code of the APIs we call (and the token and card codes). */
export const DINGTALK_CODES: Readonly<Record<string, CodeExplanation>> = {
  '-1': e(text('DingTalk system busy.', '钉钉系统繁忙。'), NO_FIX, 'outage', null),
  '88': e(
    text('DingTalk authentication exception (see the sub-code).', '钉钉鉴权异常（见子错误码）。'),
    text('Follow the fix for the sub-code shown.', '请按子错误码的提示处理。'),
    'channel',
    'permissions',
  ),
  '60011': e(
    text('The app has no permission to call this API.', '应用没有调用该接口的权限。'),
    withPublish('Grant the API permission to the app on the Permission Management page', '在“权限管理”页面为应用开通该接口权限'),
    'channel',
    'permissions',
  ),
  '40014': e(text('The access token is invalid.', 'access_token 不合法。'), TOKEN_FIX, 'transient', 'credentials'),
  '42001': e(text('The access token has expired.', 'access_token 已过期。'), TOKEN_FIX, 'transient', null),
  '40089': e(
    text('Invalid AppKey or AppSecret when fetching the token.', '获取令牌时 AppKey 或 AppSecret 不合法。'),
    text('Copy AppKey and AppSecret again from the Credentials and Basic Information page.', '请从“凭证与基础信息”页面重新复制 AppKey 和 AppSecret。'),
    'channel',
    'credentials',
  ),
  '60121': e(
    text('No DingTalk user has this mobile number in the organization (or the user has resigned).', '组织内没有使用该手机号的钉钉用户（或该用户已离职）。'),
    text(
      'Check the mobile number in the users list; the user must be an active member of the organization.',
      '请检查用户列表中的手机号；该用户必须是组织内的在职成员。',
    ),
    'recipient',
    null,
  ),
  '40104': e(
    text('The mobile number is not valid in this organization.', '该手机号在组织内无效。'),
    text('Correct the mobile number in the users list.', '请更正用户列表中的手机号。'),
    'recipient',
    null,
  ),
  '400002': e(
    text('DingTalk rejected a parameter of the request.', '钉钉拒绝了请求中的某个参数。'),
    text('Check RobotCode, the card template ID and the user ids configured for this channel.', '请检查该渠道配置的 RobotCode、卡片模板 ID 和用户 ID。'),
    'channel',
    null,
  ),
  '90002': e(text('DingTalk platform-wide rate limit for this API was hit.', '触发了钉钉该接口的全局限流。'), NO_FIX, 'throttled', null),
  '90018': e(text('The app hit its DingTalk rate limit.', '应用触发了钉钉限流。'), NO_FIX, 'throttled', null),
  '90019': e(text('Per-organization rate limit for third-party apps (40/s).', '第三方应用在该组织的调用频率超限（40 次/秒）。'), NO_FIX, 'throttled', null),
  '90020': e(
    text('The monthly DingTalk API quota of the organization is used up.', '组织本月的钉钉接口调用额度已用完。'),
    text('Upgrade the DingTalk edition or buy more API quota; sending resumes next month otherwise.', '请升级钉钉版本或购买调用额度，否则需等到下月恢复。'),
    'channel',
    'billing',
  ),
  'Forbidden.AccessDenied.ApiCountLimitForOrg': e(
    text('The monthly DingTalk API quota of the organization is used up.', '组织本月的钉钉接口调用额度已用完。'),
    text('Upgrade the DingTalk edition or buy more API quota; sending resumes next month otherwise.', '请升级钉钉版本或购买调用额度，否则需等到下月恢复。'),
    'channel',
    'billing',
  ),
  ipBlocked: e(
    text('DingTalk temporarily blocked this egress IP (more than 10,000 calls in 20 s).', '钉钉暂时封禁了该出口 IP（20 秒内调用超过 1 万次）。'),
    text('Wait for the ban to lift (about 5 minutes) and reduce the call rate.', '请等待封禁解除（约 5 分钟）并降低调用频率。'),
    'throttled',
    null,
  ),
  InvalidAuthentication: e(
    text('DingTalk rejected the access token (invalid or expired).', '钉钉拒绝了访问令牌（无效或已过期）。'),
    TOKEN_FIX,
    'transient',
    'credentials',
  ),
  'Forbidden.AccessDenied.AccessTokenPermissionDenied': e(
    text('The app lacks a permission (scope) this API needs.', '应用缺少该接口所需的权限。'),
    withPublish('Add the missing permission on the Permission Management page of the app', '在应用的“权限管理”页面申请缺少的权限'),
    'channel',
    'permissions',
  ),
  'Forbidden.AccessDenied.IpNotInWhiteList': e(
    text('This server\u2019s egress IP is not in the app\u2019s IP allowlist.', '本机出口 IP 不在应用的 IP 白名单中。'),
    text('Add the server\u2019s egress IP to the app\u2019s allowlist in the Security Settings.', '请在应用的“安全设置”中把本机出口 IP 加入白名单。'),
    'channel',
    'security',
  ),
  'param.*': e(
    text('DingTalk rejected a card parameter.', '钉钉拒绝了卡片参数。'),
    text('Check the card template ID, RobotCode and recipients.', '请检查卡片模板 ID、RobotCode 和接收人。'),
    'channel',
    'card',
  ),
  // DingTalk's text is "创建卡片实例失败，先检查卡片模板是否已发布": an unpublished template reads as missing.
  'param.cardTemplateNotExist': e(
    text('The card template does not exist or is not published yet.', '卡片模板不存在或尚未发布。'),
    text(
      'Publish the card template on the DingTalk Card Platform and link it to this app (setup guide step 6), then check that the template ID matches.',
      '请在钉钉卡片平台发布该卡片模板并关联到此应用（设置向导第 6 步），然后核对模板 ID。',
    ),
    'channel',
    'card',
  ),
  'param.cardTemplateIdEmpty': e(
    text('The card template ID is empty.', '卡片模板 ID 为空。'),
    text('Enter the card template ID from the Card Platform.', '请填写卡片平台中的卡片模板 ID。'),
    'channel',
    'card',
  ),
  'param.outTrackIdEmpty': e(
    text('The card outTrackId is empty.', '卡片 outTrackId 为空。'),
    text('This is a client problem; report it.', '这是客户端问题，请反馈。'),
    'message',
    null,
  ),
  'param.userIdNotExist': e(
    text('A card recipient user id does not exist.', '卡片接收人的用户 ID 不存在。'),
    text('Resolve the user again on the Users page.', '请在“用户”页面重新解析该用户。'),
    'recipient',
    null,
  ),
  'param.contentUnsafe': e(
    text('DingTalk judged the card content unsafe.', '钉钉判定卡片内容不安全。'),
    text('Change the message content.', '请修改消息内容。'),
    'message',
    null,
  ),
  'param.openSpaceModelInvalid': e(
    text('The card delivery target (robot space) is invalid.', '卡片投放目标（机器人会话）无效。'),
    text('Check RobotCode: it must be the robot of this app.', '请检查 RobotCode：必须是该应用的机器人。'),
    'channel',
    'bot',
  ),
  'invalid.client': e(
    text('Unknown client id or wrong client secret.', 'Client ID 未知或 Client Secret 错误。'),
    text(
      'Copy AppKey (Client ID) and AppSecret (Client Secret) again from the app\u2019s credentials page.',
      '请从应用的凭证页面重新复制 AppKey（Client ID）和 AppSecret（Client Secret）。',
    ),
    'channel',
    'credentials',
  ),
  'unsupported.grant.type': e(
    text('The token request used an unsupported grant type.', '令牌请求使用了不支持的授权类型。'),
    text('This is a client problem; report it.', '这是客户端问题，请反馈。'),
    'channel',
    null,
  ),
  badCredentials: e(
    text('DingTalk refused AppKey/AppSecret: unknown app or wrong secret.', '钉钉拒绝了 AppKey/AppSecret：应用不存在或密钥错误。'),
    text(
      'Copy AppKey and AppSecret again from the app\u2019s Credentials and Basic Information page.',
      '请从应用的“凭证与基础信息”页面重新复制 AppKey 和 AppSecret。',
    ),
    'channel',
    'credentials',
  ),
  noMobile: e(
    text('DingTalk finds users by mobile number only, and this user has none.', '钉钉只能通过手机号查找用户，而该用户没有手机号。'),
    text('Add the user\u2019s mobile number on the Users page.', '请在“用户”页面填写该用户的手机号。'),
    'recipient',
    null,
  ),
  cardDeliverFailed: e(
    text('DingTalk accepted the card but could not deliver it to this user.', '钉钉接受了卡片，但未能投放给该用户。'),
    text(
      'Check that the user can see the app and that the card template is published and linked to the app.',
      '请确认该用户在应用可见范围内，且卡片模板已发布并关联到该应用。',
    ),
    'recipient',
    'card',
  ),
  chatRefused: e(
    text(
      'DingTalk refused to post to the group: the app robot is not in the group, the group was dissolved, or the openConversationId is wrong.',
      '钉钉拒绝向该群发送：应用机器人不在群内、群已解散，或 openConversationId 有误。',
    ),
    text(
      'In the group: Settings › Group assistant (群助手) › Add robot › this app’s robot; check the openConversationId (cid…) in the rule; then retry.',
      '在群里：群设置 › 群助手 › 添加机器人 › 选择本应用的机器人；并核对规则中的 openConversationId（cid…），然后重试。',
    ),
    'recipient',
    'bot',
  ),
  flowControlledStaffIdList: e(
    text('DingTalk throttled this user (robot messages sent too often).', '钉钉对该用户限流（机器人消息发送过于频繁）。'),
    NO_FIX,
    'throttled',
    null,
  ),
  invalidStaffIdList: e(
    text('DingTalk says this user id is invalid for the robot.', '钉钉认为该用户 ID 对机器人无效。'),
    text('Resolve the user again and check the app\u2019s visibility range includes the user.', '请重新解析该用户，并确认应用的可见范围包含该用户。'),
    'recipient',
    null,
  ),
  filteredStaffIdList: e(
    text('DingTalk filtered out this user; the message was not delivered.', '钉钉过滤了该用户，消息未送达。'),
    text('Check the user\u2019s status and the app\u2019s visibility range.', '请检查该用户状态和应用可见范围。'),
    'recipient',
    null,
  ),
  '130101': e(
    text('Custom webhook robot sent too fast (20 messages per minute).', '自定义 Webhook 机器人发送过快（每分钟 20 条）。'),
    text('Wait about 10 minutes; Channel Desk sends through the app robot, not webhooks.', '请等待约 10 分钟；Channel Desk 使用应用机器人而非 Webhook 发送。'),
    'throttled',
    null,
  ),
  '310000': e(
    text('Custom webhook robot: keyword, signature or IP check failed.', '自定义 Webhook 机器人：关键词、加签或 IP 校验失败。'),
    text('Fix the webhook robot\u2019s security settings (keyword / signature / IP).', '请修正 Webhook 机器人的安全设置（关键词/加签/IP）。'),
    'channel',
    'security',
  ),
  // Stream mode (approve from the chat card, issue 19): POST /v1.0/gateway/connections/open and its WebSocket.
  // Wrong credentials answer HTTP 401 {code: "authFailed", message: "鉴权失败"} (captured in a public issue report).
  authFailed: e(
    text('DingTalk refused to open the Stream connection: unknown AppKey or wrong AppSecret.', '钉钉拒绝建立 Stream 连接：AppKey 不存在或 AppSecret 错误。'),
    text(
      'Copy AppKey (Client ID) and AppSecret (Client Secret) again from the app\u2019s Credentials and Basic Information page.',
      '请从应用的“凭证与基础信息”页面重新复制 AppKey（Client ID）和 AppSecret（Client Secret）。',
    ),
    'channel',
    'credentials',
  ),
  // HTTP 400 {code: "systemError", message: "系统错误"} is what reports show for an app that cannot use Stream mode;
  // which setup step causes it is not documented (unverified): the fix lists the ones that can.
  systemError: e(
    text(
      'DingTalk refused to open the Stream connection for this app (systemError), as it does when the app is not set up for Stream mode or has no published version.',
      '钉钉拒绝为该应用建立 Stream 连接（systemError）；应用未配置 Stream 模式或没有已发布版本时会出现此错误。',
    ),
    text(
      'In the developer console: add the Robot capability and set its message receiving mode to Stream mode, make the app visible to all its users, then publish a new version.',
      '在开发者后台：添加“机器人”能力并把消息接收模式设为 Stream 模式，设置应用可见范围，然后发布新版本。',
    ),
    'channel',
    'bot',
  ),
  streamHandshake: e(
    text(
      'The Stream WebSocket (wss-open-connection.dingtalk.com:443) could not be opened: a firewall or proxy blocks it, or DingTalk refused the ticket.',
      '无法打开 Stream WebSocket（wss-open-connection.dingtalk.com:443）：被防火墙或代理拦截，或钉钉拒绝了连接票据。',
    ),
    text(
      'Allow outbound WebSocket (WSS) connections to wss-open-connection.dingtalk.com on port 443 from this machine; Channel Desk retries automatically.',
      '请允许本机向 wss-open-connection.dingtalk.com 的 443 端口发起 WebSocket（WSS）出站连接；Channel Desk 会自动重试。',
    ),
    'outage',
    null,
  ),
  streamDropped: e(text('The Stream connection to DingTalk dropped; reconnecting.', '与钉钉的 Stream 连接已断开，正在重新连接。'), NO_FIX, 'outage', null),
  // PUT /v1.0/card/instances (changing a sent approval card). The code is documented for the IM card update API
  // (PUT /v1.0/im/interactiveCards); that the card API answers it the same way is unverified.
  'cardInstance.notExist': e(
    text(
      'DingTalk has no card with this outTrackId for this app (never created, or created by another app).',
      '钉钉中该应用没有此 outTrackId 的卡片（从未创建，或由其他应用创建）。',
    ),
    text('Nothing to change: this copy of the card cannot be updated.', '无需修改：该卡片副本无法更新。'),
    'message',
    null,
  ),
  cardUpdateFailed: e(
    text('DingTalk accepted the card update but reported that it did not apply it.', '钉钉接受了卡片更新请求，但报告未能应用。'),
    NO_FIX,
    'transient',
    'card',
  ),
};

const FEISHU_SCOPE_FIX = withPublish('Enable the missing scope on the Permission Management page of the app', '在应用的“权限管理”页面开通缺少的权限');
const CREDENTIAL_FIX = text(
  'Copy App ID and App Secret again from Credentials and Basic Information, and make sure the app has a published version.',
  '请从“凭证与基础信息”页面重新复制 App ID 和 App Secret，并确认应用已发布版本。',
);
const INTERNAL = (what: string, zh: string): CodeExplanation => e(text(what, zh), NO_FIX, 'outage', null);

/** Every documented Feishu/Lark error code of the APIs we call (Feishu and Lark share them). */
export const FEISHU_CODES: Readonly<Record<string, CodeExplanation>> = {
  '99991400': e(text('Rate limit reached for this API.', '触发了该接口的频率限制。'), NO_FIX, 'throttled', null),
  '99991401': e(
    text('This server\u2019s IP is blocked by the app\u2019s IP allowlist.', '本机 IP 被应用的 IP 白名单拦截。'),
    text('Add the server\u2019s egress IP to the app\u2019s IP allowlist (Security Settings).', '请在应用的“安全设置”中把本机出口 IP 加入白名单。'),
    'channel',
    'security',
  ),
  '99991403': e(
    text('The monthly API quota is used up.', '本月接口调用额度已用完。'),
    text('Upgrade the tenant plan or wait for next month.', '请升级租户套餐或等待下月恢复。'),
    'channel',
    'billing',
  ),
  '99991661': e(
    text('The request carried no usable token (missing or garbled Authorization header).', '请求未携带可用的令牌（Authorization 头缺失或格式错误）。'),
    text('This is a client problem; report it.', '这是客户端问题，请反馈。'),
    'channel',
    null,
  ),
  '99991662': e(
    text('The app is disabled.', '应用已被停用。'),
    text('Re-enable the app in the admin console.', '请在管理后台重新启用该应用。'),
    'channel',
    'versions',
  ),
  '99991663': e(text('The tenant access token is invalid or expired.', 'tenant_access_token 无效或已过期。'), TOKEN_FIX, 'transient', 'credentials'),
  '99991664': e(text('Invalid app access token.', 'app_access_token 无效。'), TOKEN_FIX, 'channel', 'credentials'),
  '99991665': e(text('Invalid tenant access token format.', 'tenant_access_token 格式无效。'), TOKEN_FIX, 'channel', 'credentials'),
  '99991671': e(
    text('The token must start with "t-" or "u-".', '令牌必须以 "t-" 或 "u-" 开头。'),
    text('This is a client problem; report it.', '这是客户端问题，请反馈。'),
    'channel',
    null,
  ),
  '99991672': e(text('The app lacks a permission (scope) this API needs.', '应用缺少该接口所需的权限。'), FEISHU_SCOPE_FIX, 'channel', 'permissions'),
  '99991673': e(
    text('The app is not authorized or not installed in this tenant.', '应用未获授权或未安装到该租户。'),
    text('Install / enable the app in the tenant admin console.', '请在租户管理后台安装并启用该应用。'),
    'channel',
    'versions',
  ),
  '99992351': e(
    text('The open_id does not exist.', 'open_id 不存在。'),
    text('Resolve the user again on the Users page.', '请在“用户”页面重新解析该用户。'),
    'recipient',
    null,
  ),
  '99992360': e(
    text('The user id was not found.', '未找到该用户 ID。'),
    text('Resolve the user again on the Users page.', '请在“用户”页面重新解析该用户。'),
    'recipient',
    null,
  ),
  '99992361': e(
    text('The open_id belongs to another app (open_id is per app).', '该 open_id 属于其他应用（open_id 按应用区分）。'),
    text('Resolve the user again with this app\u2019s credentials.', '请使用本应用的凭证重新解析该用户。'),
    'recipient',
    null,
  ),
  '10002': e(text('Message create/send failed on the platform.', '平台创建或发送消息失败。'), NO_FIX, 'transient', null),
  '10003': e(
    text(
      'Invalid parameter: for a token request this means an unknown App ID or an app without a published version.',
      '参数无效：获取令牌时表示 App ID 不存在或应用尚未发布版本。',
    ),
    CREDENTIAL_FIX,
    'channel',
    'credentials',
  ),
  '10014': e(
    text('App secret invalid (or the app is unauthorized/disabled).', 'App Secret 无效（或应用未授权/已停用）。'),
    CREDENTIAL_FIX,
    'channel',
    'credentials',
  ),
  '10015': e(text('Wrong app secret.', 'App Secret 错误。'), CREDENTIAL_FIX, 'channel', 'credentials'),
  '11101': e(
    text('The open_id does not exist.', 'open_id 不存在。'),
    text('Resolve the user again on the Users page.', '请在“用户”页面重新解析该用户。'),
    'recipient',
    null,
  ),
  '11203': e(text('Missing the scope to send to multiple users.', '缺少批量发送给多个用户的权限。'), FEISHU_SCOPE_FIX, 'channel', 'permissions'),
  '11204': e(text('Missing the scope to send to departments.', '缺少按部门批量发送的权限。'), FEISHU_SCOPE_FIX, 'channel', 'permissions'),
  '11205': e(
    text('The app\u2019s bot capability is not enabled.', '应用未启用机器人能力。'),
    withPublish('Enable the Bot capability of the app', '为应用启用“机器人”能力'),
    'channel',
    'bot',
  ),
  '11207': e(
    text('The app is not usable in this tenant.', '应用在该租户中不可用。'),
    text('Check that the app is installed and enabled in the tenant.', '请确认应用已在该租户安装并启用。'),
    'channel',
    'versions',
  ),
  '11209': e(text('The app does not exist.', '应用不存在。'), CREDENTIAL_FIX, 'channel', 'credentials'),
  '11210': e(
    text('The app is not installed in the tenant.', '应用未安装到该租户。'),
    text('Publish a version and have the tenant admin approve it.', '请发布版本并由租户管理员审核通过。'),
    'channel',
    'versions',
  ),
  '11246': e(text('Message content creation failed.', '消息内容创建失败。'), NO_FIX, 'transient', null),
  '11247': e(
    text('Daily limit of 500,000 batch messages per app reached.', '已达到应用每日 50 万条批量消息的上限。'),
    text('Wait until tomorrow or reduce the number of notifications.', '请等待次日或减少通知数量。'),
    'channel',
    null,
  ),
  '11312': e(
    text('The message content failed the platform\u2019s audit.', '消息内容未通过平台审核。'),
    text('Change the message content.', '请修改消息内容。'),
    'message',
    null,
  ),
  '1500': INTERNAL('Platform internal error.', '平台内部错误。'),
  '5000': INTERNAL('Platform internal error.', '平台内部错误。'),
  '10101': INTERNAL('Platform internal error.', '平台内部错误。'),
  '2200': INTERNAL('Platform internal error under heavy calling.', '调用量大时的平台内部错误。'),
  '230001': e(
    text('Invalid request parameter (often an invalid receive_id).', '请求参数无效（通常是 receive_id 无效）。'),
    text('Resolve the user again on the Users page; open_id values belong to one app only.', '请在“用户”页面重新解析该用户；open_id 仅对单个应用有效。'),
    'recipient',
    null,
  ),
  '230002': e(
    text('The bot is not a member of the chat (it was never added, or was removed).', '机器人不在该群聊中（从未加入或已被移出）。'),
    text(
      'In the group: Settings › Group bots › Add bot › this app; then retry. Or pick a chat from the list in the rule editor.',
      '在群聊中：设置 › 群机器人 › 添加机器人 › 选择本应用，然后重试；或在规则编辑器中从列表选择群聊。',
    ),
    'recipient',
    null,
  ),
  '230006': e(
    text('The app\u2019s bot capability is not enabled.', '应用未启用机器人能力。'),
    withPublish('Enable the Bot capability of the app', '为应用启用“机器人”能力'),
    'channel',
    'bot',
  ),
  '230013': e(
    text('The user is outside the app\u2019s availability scope (or disabled / resigned).', '该用户不在应用的可用范围内（或已停用/离职）。'),
    withPublish('Add the user to the app\u2019s availability scope', '把该用户加入应用的可用范围'),
    'recipient',
    'versions',
  ),
  '230018': e(
    text('Blocked by the group\u2019s settings.', '被群设置拦截。'),
    text('Ask the group admin to allow the bot to post.', '请群管理员允许机器人发言。'),
    'recipient',
    null,
  ),
  '230020': e(text('Too many messages to the same user or chat (5 per second).', '向同一用户或群发送过于频繁（每秒 5 条）。'), NO_FIX, 'throttled', null),
  '230022': e(text('The content contains sensitive words.', '内容包含敏感词。'), text('Change the message content.', '请修改消息内容。'), 'message', null),
  '230025': e(
    text('The message is too long (text 150 KB, card and rich text 30 KB).', '消息过长（文本 150 KB，卡片和富文本 30 KB）。'),
    text('Shorten the message; long notifications are split automatically.', '请缩短消息；过长的通知会自动拆分。'),
    'message',
    null,
  ),
  '230027': e(
    text('The app lacks a necessary permission (including for external chats).', '应用缺少必要权限（包括外部群相关权限）。'),
    FEISHU_SCOPE_FIX,
    'channel',
    'permissions',
  ),
  '230028': e(
    text('Data loss prevention blocked the message (plain phone number or e-mail in text).', '消息被数据防泄漏策略拦截（正文中含明文手机号或邮箱）。'),
    text('Remove phone numbers and e-mail addresses from the message content.', '请从消息内容中去除手机号和邮箱。'),
    'message',
    null,
  ),
  '230035': e(
    text('Sending is not allowed (muted, blocked by the receiver or by tenant policy).', '不允许发送（被禁言、被接收者屏蔽或受租户策略限制）。'),
    text('Ask the tenant admin to check the messaging policy.', '请租户管理员检查消息策略。'),
    'recipient',
    null,
  ),
  '230038': e(
    text('Cross-tenant one-to-one messages are not allowed.', '不允许跨租户单聊消息。'),
    text('Only send to users of the app\u2019s own tenant.', '请只发送给本租户的用户。'),
    'recipient',
    null,
  ),
  '230049': e(text('The message is still being sent.', '消息正在发送中。'), NO_FIX, 'transient', null),
  '230099': e(
    text('The card could not be built.', '卡片构建失败。'),
    text('Check that the card template is published and visible to the app, and that its variables match.', '请确认卡片模板已发布并对应用可见，且变量匹配。'),
    'channel',
    'card',
  ),
  '230099/200380': e(
    text('Card build failed: the card template does not exist or is not published.', '卡片构建失败：卡片模板不存在或未发布。'),
    text('Publish the card template, and check its template ID.', '请发布卡片模板，并检查模板 ID。'),
    'channel',
    'card',
  ),
  '230099/200381': e(
    text('Card build failed: the card template is not visible to this app.', '卡片构建失败：卡片模板对该应用不可见。'),
    text('Grant this app access to the card template.', '请授权该应用使用该卡片模板。'),
    'channel',
    'card',
  ),
  '230099/200621': e(
    text('Card build failed: invalid card JSON.', '卡片构建失败：卡片 JSON 无效。'),
    text('Fix the card content.', '请修正卡片内容。'),
    'channel',
    'card',
  ),
  '230099/200732': e(
    text('Card build failed: a template variable has the wrong type.', '卡片构建失败：模板变量类型不匹配。'),
    text('Match the template variables\u2019 types in the card template.', '请使卡片模板中变量类型一致。'),
    'channel',
    'card',
  ),
  '230099/100290': e(
    text('Card build failed: an invalid user in the card.', '卡片构建失败：卡片中的用户无效。'),
    text('Check the users referenced in the card.', '请检查卡片中引用的用户。'),
    'message',
    null,
  ),
  '232009': e(
    text('The chat has been dissolved.', '该群聊已解散。'),
    text('Remove this chat from the rule and pick another one in the rule editor.', '请在规则编辑器中移除该群聊并选择其他群聊。'),
    'recipient',
    null,
  ),
  '1000040351': e(
    text('Incorrect domain name: the app belongs to the other platform (Feishu vs Lark).', '域名错误：该应用属于另一平台（飞书与 Lark）。'),
    text('Use the other platform\u2019s channel (Feishu ↔ Lark) for this app.', '请为该应用使用另一平台的渠道（飞书 ↔ Lark）。'),
    'channel',
    'credentials',
  ),
  // Updating a sent approval card (PATCH /open-apis/im/v1/messages/:message_id); 230001's sub is its `ext=`.
  '230011': e(
    text('The card message was recalled, so it cannot be updated.', '该卡片消息已被撤回，无法更新。'),
    text('Nothing to change; the ticket itself is not affected.', '无需处理；工单本身不受影响。'),
    'message',
    null,
  ),
  '230031': e(
    text('The card is older than 14 days: Feishu/Lark no longer lets it be updated.', '卡片已发送超过 14 天，飞书/Lark 不再允许更新。'),
    text('Nothing to change; open the ticket in DMS to see its state.', '无需处理；请在 DMS 中查看工单状态。'),
    'message',
    null,
  ),
  '230001/messageNotFound': e(
    text('Feishu/Lark does not know this card message (wrong id, or a message of another tenant).', '飞书/Lark 找不到该卡片消息（ID 错误，或属于其他租户）。'),
    text(
      'Nothing to change for this card; if it happens for every card, check the channel\u2019s base URL.',
      '该卡片无需处理；若所有卡片都如此，请检查渠道的接口地址。',
    ),
    'message',
    null,
  ),
  '230001/notSender': e(
    text('The card was sent by another app: only the app that sent a card may update it.', '该卡片由其他应用发送：只有发送卡片的应用才能更新它。'),
    text(
      'Keep the same App ID for the channel while approval cards are open; cards sent with the old app keep their buttons.',
      '审批卡片未处理完之前请勿更换渠道的 App ID；旧应用发送的卡片会保留按钮。',
    ),
    // This one card only: new cards from the current app are fine, so the channel is not failing.
    'message',
    'credentials',
  ),
  '230001/notCard': e(
    text('The message is not a card, so it cannot be updated.', '该消息不是卡片，无法更新。'),
    text('This is a client problem; report it.', '这是客户端问题，请反馈。'),
    'message',
    null,
  ),
  '230001/notShared': e(
    text(
      'The card is not a shared card (config.update_multi is not true), so it cannot be updated for everyone.',
      '该卡片不是共享卡片（config.update_multi 不为 true），无法为所有人更新。',
    ),
    text('This is a client problem; report it.', '这是客户端问题，请反馈。'),
    'message',
    null,
  ),
  // The long connection's endpoint (POST /callback/ws/endpoint), all at HTTP 200.
  '1000040343': INTERNAL('The long-connection service had an internal error.', '长连接服务内部错误。'),
  '1000040344': e(
    text('The long connection was opened without App ID or App Secret.', '建立长连接时缺少 App ID 或 App Secret。'),
    CREDENTIAL_FIX,
    'channel',
    'credentials',
  ),
  '1000040345': e(
    text(
      'Feishu/Lark refused the App ID / App Secret pair for the long connection (usually a wrong App Secret).',
      '飞书/Lark 拒绝了长连接的 App ID / App Secret（通常是 App Secret 错误）。',
    ),
    CREDENTIAL_FIX,
    'channel',
    'credentials',
  ),
  '1000040346': e(
    text(
      'Feishu/Lark does not know this App ID for a long connection: a wrong App ID, an app without a published version, or an app of the other platform.',
      '飞书/Lark 不认识用于长连接的 App ID：App ID 错误、应用尚未发布版本，或应用属于另一平台。',
    ),
    CREDENTIAL_FIX,
    'channel',
    'credentials',
  ),
  '1000040350': e(
    text('The app already has the most long connections Feishu/Lark allows (50).', '该应用的长连接数已达飞书/Lark 上限（50 个）。'),
    text('Stop other programs or Channel Desk copies that use this app\u2019s long connection.', '请停止使用该应用长连接的其他程序或 Channel Desk 副本。'),
    'channel',
    null,
  ),
  userNotFound: e(
    text(
      'No user matched: not in the tenant, resigned, or outside the app\u2019s contact data scope.',
      '未匹配到用户：不在租户内、已离职，或不在应用的通讯录权限范围内。',
    ),
    text(
      'Check the mobile/e-mail, and that the user is in the app\u2019s availability and contact scope.',
      '请检查手机号/邮箱，并确认该用户在应用的可用范围和通讯录权限范围内。',
    ),
    'recipient',
    'versions',
  ),
};

/** Failures that happen before or around the platform: same explanation on every channel. */
export const TRANSPORT_CODES: Readonly<Record<string, CodeExplanation>> = {
  timeout: e(
    text('The platform did not answer in time.', '平台未在规定时间内应答。'),
    text('Check the network and the base URL; the call is retried.', '请检查网络和接口地址；调用会自动重试。'),
    'outage',
    null,
  ),
  ECONNREFUSED: e(
    text('The connection was refused: nothing listens at the base URL.', '连接被拒绝：接口地址上没有服务在监听。'),
    text('Check the base URL (host and port) in the channel settings, and any proxy.', '请检查渠道设置中的接口地址（主机和端口）以及代理。'),
    'outage',
    null,
  ),
  ENOTFOUND: e(
    text('The host name of the base URL could not be resolved (DNS).', '无法解析接口地址的主机名（DNS）。'),
    text('Check the base URL spelling and the DNS / proxy settings of this machine.', '请检查接口地址拼写以及本机的 DNS/代理设置。'),
    'channel',
    null,
  ),
  ECONNRESET: e(
    text('The connection was reset by the server or a proxy.', '连接被服务器或代理重置。'),
    text('Usually transient; check the proxy or firewall if it persists.', '通常是暂时的；若持续出现，请检查代理或防火墙。'),
    'outage',
    null,
  ),
  tls: e(
    text('The TLS (HTTPS) connection failed: certificate or protocol problem.', 'TLS（HTTPS）连接失败：证书或协议问题。'),
    text(
      'Check the base URL and whether a proxy intercepts HTTPS (install its CA or use NODE_EXTRA_CA_CERTS).',
      '请检查接口地址，以及是否有代理拦截 HTTPS（安装其 CA 证书或设置 NODE_EXTRA_CA_CERTS）。',
    ),
    'channel',
    null,
  ),
  network: e(
    text('A network error occurred while calling the platform.', '调用平台时发生网络错误。'),
    text('Check the network connection and proxy.', '请检查网络连接和代理。'),
    'outage',
    null,
  ),
  rateLimited: e(text('The platform is rate limiting this app.', '平台正在对该应用限流。'), NO_FIX, 'throttled', null),
  http5xx: e(text('The platform answered with a server error.', '平台返回了服务器错误。'), NO_FIX, 'outage', null),
  badResponse: e(
    text('The platform gave an answer Channel Desk does not understand.', '平台返回了 Channel Desk 无法识别的应答。'),
    text('Check that the base URL points at the platform API (not a web page or proxy login).', '请确认接口地址指向平台 API（而非网页或代理登录页）。'),
    'channel',
    null,
  ),
  cancelled: e(text('The call was cancelled.', '调用已取消。'), text('Run it again.', '请重新运行。'), 'transient', null),
  messageTooLong: e(
    text('The message is larger than the platform accepts.', '消息超过了平台允许的大小。'),
    text('Shorten the message; long notifications are split automatically.', '请缩短消息；过长的通知会自动拆分。'),
    'message',
    null,
  ),
  unknown: e(
    text('The platform returned an error Channel Desk has no explanation for.', '平台返回了 Channel Desk 无法解释的错误。'),
    text('Look the code up in the platform\u2019s error-code documentation.', '请在平台错误码文档中查询该错误码。'),
    'channel',
    null,
  ),
};

export interface Explained {
  readonly message: LocalizedText;
  readonly fix: LocalizedText;
  readonly consoleUrl: string | null;
  readonly errorClass: ErrorClass;
  readonly retryable: boolean;
}

const TEMPORARY = text('This is temporary: Channel Desk retries automatically.', '这是暂时性问题，Channel Desk 会自动重试。');

function consoleUrlFor(channel: ChannelId, page: ConsolePage | null, appId: string | undefined): string | null {
  if (page === null) return null;
  const def = channelDef(channel);
  if (def.protocol === 'dingtalk') {
    if (page === 'card') return 'https://open-dev.dingtalk.com/fe/card';
    return 'https://open-dev.dingtalk.com/fe/app';
  }
  // Feishu/Lark developer console: https://open.feishu.cn/app/<appId>/<section>
  if (page === 'card') return `${new URL(def.consoleUrl).origin}/cardkit`;
  if (!appId) return def.consoleUrl;
  const section: Record<Exclude<ConsolePage, 'card'>, string> = {
    credentials: 'baseinfo',
    permissions: 'auth',
    versions: 'version',
    bot: 'bot',
    security: 'safe',
    billing: 'baseinfo',
    contacts: 'auth',
  };
  return `${def.consoleUrl}/${encodeURIComponent(appId)}/${section[page]}`;
}

/** Looks a code up for a protocol: exact, then "<code>/<sub>", then `param.*` style prefixes. */
export function lookupCode(protocol: PlatformProtocol, code: string, sub?: string): CodeExplanation | undefined {
  const table = protocol === 'dingtalk' ? DINGTALK_CODES : FEISHU_CODES;
  if (sub !== undefined) {
    const withSub = table[`${code}/${sub}`] ?? (code === '88' ? table[sub] : undefined);
    if (withSub) return withSub;
  }
  const direct = table[code] ?? TRANSPORT_CODES[code];
  if (direct) return direct;
  const dot = code.indexOf('.');
  return dot > 0 ? table[`${code.slice(0, dot)}.*`] : undefined;
}

/**
 * The entry for a code: the platform's own table first; a code the table does not know is classed by
 * its HTTP status (429 = throttled, 5xx = outage, as DingTalk's undocumented `ServiceUnavailable` or
 * `Throttling.*` answers), and anything else stays unexplained.
 */
function entryFor(protocol: PlatformProtocol, code: string, sub: string | undefined, httpStatus: number | null): { entry: CodeExplanation; known: boolean } {
  const known = lookupCode(protocol, code, sub);
  if (known) return { entry: known, known: true };
  if (httpStatus === 429) return { entry: TRANSPORT_CODES.rateLimited!, known: false };
  if (httpStatus !== null && httpStatus >= 500) return { entry: TRANSPORT_CODES.http5xx!, known: false };
  return { entry: TRANSPORT_CODES.unknown!, known: false };
}

/** What a code means for the delivery and the channel (see ErrorClass); the outbox and health use it on stored errors. */
export function errorClassOf(channel: ChannelId, code: string, httpStatus: number | null = null, sub?: string): ErrorClass {
  return entryFor(channelDef(channel).protocol, code, sub, httpStatus).entry.errorClass;
}

/** A rate-limit code of any platform (stored errors carry no channel). */
export const isThrottleCode = (code: string): boolean =>
  [DINGTALK_CODES, FEISHU_CODES, TRANSPORT_CODES].some((table) => table[code]?.errorClass === 'throttled');

/**
 * The admin-facing explanation of a platform code: meaning, fix, console page. Missing scopes, when the
 * platform named them, go into both texts so the admin knows exactly which permission to add.
 */
export function explain(
  channel: ChannelId,
  code: string,
  opts: { sub?: string; missingScopes?: readonly string[]; appId?: string; platformMessage?: string; httpStatus?: number | null } = {},
): Explained {
  const protocol = channelDef(channel).protocol;
  const { entry, known } = entryFor(protocol, code, opts.sub, opts.httpStatus ?? null);
  let message = entry.meaning;
  let fix = entry.fix;
  const scopes = opts.missingScopes ?? [];
  if (scopes.length > 0) {
    const list = scopes.join(', ');
    message = text(`${message.en} Missing: ${list}.`, `${message.zh}缺少：${list}。`);
    fix = text(`${fix.en} Permission needed: ${list}.`, `${fix.zh}所需权限：${list}。`);
  }
  if (!known) {
    const said = opts.platformMessage ? ` (${opts.platformMessage})` : '';
    const en = opts.httpStatus ? `HTTP ${opts.httpStatus}, code` : 'Code';
    const zh = opts.httpStatus ? `HTTP ${opts.httpStatus}，错误码` : '错误码';
    message = text(`${message.en} ${en} ${code}${said}.`, `${message.zh}${zh} ${code}${said}。`);
  }
  const behaviour = ERROR_CLASS_BEHAVIOUR[entry.errorClass];
  if (behaviour.temporary) message = text(`${message.en} ${TEMPORARY.en}`, `${message.zh}${TEMPORARY.zh}`);
  return {
    message,
    fix,
    consoleUrl: consoleUrlFor(channel, entry.page, opts.appId),
    errorClass: entry.errorClass,
    retryable: behaviour.retry !== 'none',
  };
}
