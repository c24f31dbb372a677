import { text, type LocalizedText } from '../i18n-text.js';
import { channelDef, type ChannelId } from './channels.js';
import { permissionsFor, type PermissionDef } from './permissions.js';
import { homepageUrl, redirectUrl, regionsFor, trustedH5Domain, US_SITE_NOTICE, type KnownRegion, type DmsRegionId } from './regions.js';

/** Region-dependent values a step asks the admin to paste into the platform console. */
export type RegionUrlKind = 'homepage' | 'redirectUrl' | 'trustedH5Domain';

export interface SetupStep {
  /** Stable id, also the checklist id in settings. */
  readonly id: string;
  readonly title: LocalizedText;
  readonly detail: LocalizedText;
  /** Console page to open for this step (through the external-link allowlist); null if unknown. */
  readonly consoleUrl: string | null;
  /** Which region URLs this step shows with copy buttons. */
  readonly regionUrls: readonly RegionUrlKind[];
  /** True for the step whose checklist is the platform's permission list. */
  readonly listsPermissions: boolean;
}

const DINGTALK_CONSOLE = 'https://open-dev.dingtalk.com';
const DINGTALK_CARD_PLATFORM = 'https://card.dingtalk.com/card-builder';

const step = (
  id: string,
  title: LocalizedText,
  detail: LocalizedText,
  consoleUrl: string | null,
  extra: Partial<Pick<SetupStep, 'regionUrls' | 'listsPermissions'>> = {},
): SetupStep => ({ id, title, detail, consoleUrl, regionUrls: extra.regionUrls ?? [], listsPermissions: extra.listsPermissions ?? false });

/**
 * The last step on every platform: nothing proves "Open DMS" works but a tap on a phone. Which link forms the platforms
 * document and which are unverified is said here (and in the README), so the admin knows what the tick confirms.
 */
const openDmsOnPhone = (dingtalk: boolean): SetupStep =>
  step(
    'open-dms-on-phone',
    text('Check "Open DMS" on a phone', '在手机上检查“打开 DMS”'),
    dingtalk
      ? text(
          'Save and enable the channel, then send the test message (Channels > Test) to yourself. On your phone, tap its "Open DMS" link once and tick ' +
            'this step when DMS opened inside DingTalk and you were logged in. The link form (dingtalk://dingtalkclient/page/link) is documented by ' +
            'DingTalk; the DMS app form (micro-app, app_id = AgentId) and any DMS ticket URL are not, which is why this check exists.',
          '保存并启用渠道后，给自己发送测试消息（通知渠道 > 测试）。在手机上点一次其中的“打开 DMS”链接，若 DMS 在钉钉内打开且已登录，请勾选此步骤。' +
            '链接方式（dingtalk://dingtalkclient/page/link）有钉钉文档说明；DMS 应用方式（微应用，app_id = AgentId）和 DMS 工单地址均无文档，因此需要此项检查。',
        )
      : text(
          'Save and enable the channel, then send the test message (Channels > Test) to yourself. On your phone, tap its "Open DMS" button once and tick ' +
            'this step when DMS opened inside the app and you were logged in. The AppLink forms (web_app on phones, web_url on PC) are documented by ' +
            'Feishu / Lark; a DMS ticket URL is not, so the button opens the DMS homepage.',
          '保存并启用渠道后，给自己发送测试消息（通知渠道 > 测试）。在手机上点一次其中的“打开 DMS”按钮，若 DMS 在应用内打开且已登录，请勾选此步骤。' +
            'AppLink 方式（手机 web_app、电脑 web_url）有飞书 / Lark 文档说明；DMS 工单地址没有文档，因此按钮打开的是 DMS 首页。',
        ),
    null,
  );

const dingtalkSteps = (enterprise: boolean): SetupStep[] => [
  step(
    'create-app',
    text('Create an application', '创建应用'),
    text(
      'Log on to the DingTalk Open Platform, select your enterprise organization and click My Console. Go to Application Development > Internal ' +
        'Enterprise Application > DingTalk Application, click Create Application, enter an Application Name and Application Description, then click Save.',
      '登录钉钉开放平台，选择您的企业组织，点击右上角“我的后台”。进入“应用开发 > 企业内部应用 > 钉钉应用”，点击“创建应用”，填写应用名称和应用描述后点击“保存”。',
    ),
    DINGTALK_CONSOLE,
  ),
  step(
    'add-robot',
    text('Add a robot in HTTP mode', '添加机器人（HTTP 模式）'),
    text(
      'Open the application, go to Application Capabilities > Add Application Capability and add a robot. Fill in Robot Introduction and Robot ' +
        'Description, set Message Reception Mode to HTTP mode, then click Publish.',
      '打开应用，进入“应用能力 > 添加应用能力”并添加机器人。填写机器人简介和机器人描述，将“消息接收模式”设为 HTTP 模式，然后点击“发布”。',
    ),
    DINGTALK_CONSOLE,
  ),
  step(
    'web-app',
    text('Configure the web application homepage', '配置网页应用首页'),
    text(
      'In the Application Capabilities menu click Web Application, enter the Mobile Homepage URL for your DMS data processing region and click Save.',
      '在“应用能力”菜单中点击“网页应用”，填写与您的 DMS 数据处理地域对应的“移动端首页地址”，然后点击“保存”。',
    ),
    DINGTALK_CONSOLE,
    { regionUrls: ['homepage'] },
  ),
  step(
    'permissions',
    text('Request permissions', '申请权限'),
    text('Go to Development Configuration > Permission Management and request the eight permissions below.', '进入“开发配置 > 权限管理”，申请以下八项权限。'),
    DINGTALK_CONSOLE,
    { listsPermissions: true },
  ),
  step(
    'publish-version',
    text('Create and publish a version', '创建并发布版本'),
    text(
      'Go to Version Management and Publishing, click Create New Version, enter the details and click Save. Other users in the enterprise can use the ' +
        'application only after a version is published; publish again after changing permissions.',
      '进入“版本管理与发布”，点击“创建新版本”，填写信息后点击“保存”。发布版本后企业内其他用户才能使用该应用；修改权限后需重新发布。',
    ),
    DINGTALK_CONSOLE,
  ),
  step(
    'card-template',
    text('Create a card template', '创建卡片模板'),
    enterprise
      ? text(
          'On the Card Platform go to Development Tools > Card Builder, create the card template from the DingTalkTemplate.json sample and publish it. ' +
            'Its ID is the Card template ID.',
          '在卡片平台进入“开发工具 > 卡片搭建”，使用 DingTalkTemplate.json 示例模板创建卡片模板并发布。其 ID 即“卡片模板 ID”。',
        )
      : text(
          'On the Card Platform click Create Template: enter a Template Name, select a Card Type, set Card Template Scenario to Normal Card and select ' +
            'your application under Associated Application, then click Create. Go to More > Import Template, import the DingTalkTemplate.json sample, ' +
            'save and publish the template.',
          '在卡片平台点击“新建模板”：填写模板名称，选择卡片类型，将卡片模板场景设为“普通卡片”，在“关联应用”中选择您的应用，点击“创建”。进入“更多 > 导入模板”，导入 DingTalkTemplate.json 示例模板，保存并发布。',
        ),
    DINGTALK_CARD_PLATFORM,
  ),
  openDmsOnPhone(true),
];

const feishuSteps = (channel: 'feishu' | 'lark'): SetupStep[] => {
  const consoleUrl = channelDef(channel).consoleUrl;
  const platform = channel === 'lark' ? text('Lark Open Platform', 'Lark 开放平台') : text('Feishu Open Platform', '飞书开放平台');
  return [
    step(
      'create-app',
      text('Create an application', '创建应用'),
      text(
        `Log on to the ${platform.en} with an account of your enterprise organization, go to the Developer Console and click Create Custom Enterprise ` +
          `Application. Enter a Name and Application Description, then click Create.`,
        `使用企业组织内的账号登录${platform.zh}，进入开发者后台，点击“创建企业自建应用”，填写名称和应用描述后点击“创建”。`,
      ),
      consoleUrl,
    ),
    step(
      'add-robot',
      text('Add a robot', '添加机器人'),
      text(
        'Go to App Features > Add App Feature; on the Add By Feature tab click Add in the Robot card, enter a robot name and click Save.',
        '进入“应用能力 > 添加应用能力”，在“按能力添加”页签的“机器人”卡片中点击“添加”，填写机器人名称后点击“保存”。',
      ),
      consoleUrl,
    ),
    step(
      'web-app',
      text('Add a web application', '添加网页应用'),
      text(
        'Go to App Features > Add App Feature; on the Add By Feature tab click Add in the Web App card. Enter the Mobile Homepage URL for your DMS ' +
          'data processing region and click Save.',
        '进入“应用能力 > 添加应用能力”，在“按能力添加”页签的“网页应用”卡片中点击“添加”。填写与您的 DMS 数据处理地域对应的“移动端主页”地址，然后点击“保存”。',
      ),
      consoleUrl,
      { regionUrls: ['homepage'] },
    ),
    step(
      'security-settings',
      text('Configure the redirect URL and trusted H5 domain', '配置重定向 URL 与 H5 可信域名'),
      text(
        'Go to Development Configuration > Security Settings. On the Redirect URLs tab add the Redirect URL and the Trusted H5 Domain Name for your ' +
          'DMS data processing region, clicking Add for each entry.',
        '进入“开发配置 > 安全设置”，在“重定向 URL”页签中添加与您的 DMS 数据处理地域对应的重定向 URL 和 H5 可信域名，每项都点击“添加”。',
      ),
      consoleUrl,
      { regionUrls: ['redirectUrl', 'trustedH5Domain'] },
    ),
    step(
      'permissions',
      text('Request permissions', '申请权限'),
      text(
        'Go to Development Configuration > Permission Management, click Enable Permissions and, on the App Identity Permission (tenant_access_token) ' +
          'tab, request the permissions below.',
        '进入“开发配置 > 权限管理”，点击“开通权限”，在“应用身份权限（tenant_access_token）”页签中申请以下权限。',
      ),
      consoleUrl,
      { listsPermissions: true },
    ),
    step(
      'publish-version',
      text('Publish a version', '发布版本'),
      text(
        'Go to App Release > Version Management & Publishing and click Create Version. Enter the App Version, select the Default Mobile Capability, ' +
          'set Availability to All Members and click Save. Publish again after changing permissions.',
        '进入“应用发布 > 版本管理与发布”，点击“创建版本”。填写应用版本号，选择默认移动端能力，将可用范围设为“全部成员”，然后点击“保存”。修改权限后需重新发布。',
      ),
      consoleUrl,
    ),
    openDmsOnPhone(false),
  ];
};

export const SETUP_STEPS: Readonly<Record<ChannelId, readonly SetupStep[]>> = {
  dingtalk: dingtalkSteps(false),
  'dingtalk-enterprise': dingtalkSteps(true),
  feishu: feishuSteps('feishu'),
  lark: feishuSteps('lark'),
};

export interface RegionUrls {
  readonly homepage: string;
  /** Feishu/Lark only. */
  readonly redirectUrl: string | null;
  readonly trustedH5Domain: string | null;
}

export function regionUrlsFor(channel: ChannelId, region: DmsRegionId): RegionUrls {
  const feishuLike = channelDef(channel).protocol === 'feishu';
  return {
    homepage: homepageUrl(region),
    redirectUrl: feishuLike ? redirectUrl(region) : null,
    trustedH5Domain: feishuLike ? trustedH5Domain(region) : null,
  };
}

export interface ChannelGuide {
  readonly channel: ChannelId;
  readonly steps: readonly SetupStep[];
  readonly permissions: readonly PermissionDef[];
  /** Regions the guide lists for this platform; the US site is never among them. */
  readonly regions: readonly KnownRegion[];
  readonly usSiteNotice: LocalizedText;
  /** Every checklist id (steps, then permissions), for progress. */
  readonly checklistIds: readonly string[];
}

/** Everything the Setup guide page shows for one platform, before a region is chosen. */
export function guideFor(channel: ChannelId): ChannelGuide {
  const steps = SETUP_STEPS[channel];
  const permissions = permissionsFor(channel);
  return {
    channel,
    steps,
    permissions,
    regions: regionsFor(channel),
    usSiteNotice: US_SITE_NOTICE,
    checklistIds: [...steps.map((s) => s.id), ...permissions.map((x) => x.id)],
  };
}

/**
 * The extra steps of "approve from the chat card" (issue 19), per platform: shown by the setup guide beside the
 * checklist, not part of it (the feature is optional and off by default). Names are fixed by the press handler and the
 * DingTalk template contract: callback params `action` (approve | reject), `nonce`, `comment`; variables `title`,
 * `content`, `link`, `nonce`, `status`, `statusText`.
 */
const dingtalkApprovalSteps = (enterprise: boolean): SetupStep[] => [
  step(
    'approval-stream-mode',
    text('Receive card callbacks in Stream mode', '以 Stream 模式接收卡片回调'),
    text(
      'Open the application, go to Application Capabilities > Robot (or Development Configuration > Event Subscription) and set the message ' +
        'receiving mode to Stream mode. Channel Desk then opens an outbound connection with the AppKey and AppSecret: no public URL and no ' +
        'inbound port are needed. Publish a new version afterwards.',
      '打开应用，进入“应用能力 > 机器人”（或“开发配置 > 事件订阅”），将消息接收模式设为 Stream 模式。Channel Desk 会用 AppKey 和 AppSecret ' +
        '主动建立出站连接：无需公网地址和入站端口。修改后请发布新版本。',
    ),
    DINGTALK_CONSOLE,
  ),
  step(
    'approval-card-template',
    text('Create the approval card template', '创建审批卡片模板'),
    text(
      `On the Card Platform${enterprise ? ' (Development Tools > Card Builder)' : ''} create a second template for your application with the ` +
        'string variables title, content (Markdown), link (Open in DMS), nonce, status and statusText. Add two buttons, Approve and Reject, ' +
        'each set to Callback request (回传请求) with the parameters action=approve (or action=reject) and nonce=${nonce}; add an optional ' +
        'text input named comment. Show the buttons and the input only while status == pending, and show statusText (the outcome line) ' +
        'otherwise. Save and publish the template.',
      `在卡片平台${enterprise ? '（“开发工具 > 卡片搭建”）' : ''}为您的应用再创建一个模板，定义字符串变量 title、content（Markdown）、link（在 DMS 中打开）、` +
        'nonce、status 和 statusText。添加“同意”“拒绝”两个按钮，均设为回传请求，参数分别为 action=approve（或 action=reject）和 nonce=${nonce}；' +
        '可添加一个名为 comment 的文本输入框。按钮和输入框仅在 status == pending 时显示，其他时候显示 statusText（结果说明）。保存并发布模板。',
    ),
    DINGTALK_CARD_PLATFORM,
  ),
  step(
    'approval-template-id',
    text('Paste the template ID and switch it on', '粘贴模板 ID 并开启'),
    text(
      'Copy the published template’s ID into Channels > Configure > Approve from chat > Approval card template ID, switch on Approve from ' +
        'chat and save. Then send a test approval card from the same form and press its button once: the answer proves the callback round trip.',
      '将已发布模板的 ID 填入“通知渠道 > 配置 > 在聊天中审批 > 审批卡片模板 ID”，开启“在聊天中审批”并保存。然后在同一表单中发送测试审批卡片，' +
        '按一次其中的按钮：收到回复即证明回调往返正常。',
    ),
    null,
  ),
];

const feishuApprovalSteps = (channel: 'feishu' | 'lark'): SetupStep[] => {
  const consoleUrl = channelDef(channel).consoleUrl;
  return [
    step(
      'approval-callback',
      text('Subscribe the card callback over the long connection', '通过长连接订阅卡片回调'),
      text(
        'Custom (self-built) apps only. First switch on Approve from chat for this channel in Channels and save, so Channel Desk holds the ' +
          'long connection. Then go to Development Configuration > Events & Callbacks > Callback Configuration, choose Receive callbacks ' +
          'through persistent connection (使用长连接接收回调), save, and add the callback card.action.trigger (卡片回传交互). The legacy card ' +
          'callback is not delivered over the long connection. The AppId must be "cli_" followed by 16 hexadecimal digits.',
        '仅限企业自建应用。先在“通知渠道”中为此渠道开启“在聊天中审批”并保存，让 Channel Desk 建立长连接。然后进入“开发配置 > 事件与回调 > ' +
          '回调配置”，选择“使用长连接接收回调”并保存，再添加回调“卡片回传交互”（card.action.trigger）。旧版卡片回调不会通过长连接送达。' +
          'AppId 须为 "cli_" 后跟 16 位十六进制数字。',
      ),
      consoleUrl,
    ),
    step(
      'approval-publish',
      text('Publish a version and test the card', '发布版本并测试卡片'),
      text(
        'Publish a new version so the callback subscription takes effect. Then, in Channels > Configure > Approve from chat, send a test ' +
          'approval card to yourself and press its button once: the answer proves the round trip through the long connection.',
        '发布新版本使回调订阅生效。然后在“通知渠道 > 配置 > 在聊天中审批”中给自己发送测试审批卡片，按一次其中的按钮：收到回复即证明长连接往返正常。',
      ),
      consoleUrl,
    ),
  ];
};

export const APPROVE_FROM_CHAT_STEPS: Readonly<Record<ChannelId, readonly SetupStep[]>> = {
  dingtalk: dingtalkApprovalSteps(false),
  'dingtalk-enterprise': dingtalkApprovalSteps(true),
  feishu: feishuApprovalSteps('feishu'),
  lark: feishuApprovalSteps('lark'),
};
