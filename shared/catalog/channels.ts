import { text, type LocalizedText } from '../i18n-text.js';

/** The four notification channels of the DMS guide. */
export const CHANNEL_IDS = ['dingtalk', 'dingtalk-enterprise', 'feishu', 'lark'] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

/** Which wire protocol a channel speaks: Lark is Feishu on another host; Enterprise is DingTalk. */
export type PlatformProtocol = 'dingtalk' | 'feishu';

export const CREDENTIAL_FIELD_IDS = ['appId', 'agentId', 'appKey', 'appSecret', 'robotCode', 'cardTemplateId', 'corpId'] as const;
export type CredentialFieldId = (typeof CREDENTIAL_FIELD_IDS)[number];

export interface CredentialField {
  readonly id: CredentialFieldId;
  /** The name exactly as the guide writes it. */
  readonly label: string;
  readonly required: boolean;
  /** Secrets go to the OS keychain and are write-only in the UI. */
  readonly secret: boolean;
  /** A deliberately loose format check: catches paste accidents, never rejects a real value. */
  readonly pattern: RegExp;
  readonly formatHint: LocalizedText;
  /** The guide's "where to find it" column. */
  readonly whereToFind: LocalizedText;
  readonly note?: LocalizedText;
}

export type BaseUrlId = 'apiBaseUrl' | 'oapiBaseUrl';

export interface BaseUrlDef {
  readonly id: BaseUrlId;
  readonly label: LocalizedText;
  readonly defaultUrl: string;
}

export interface ChannelDef {
  readonly id: ChannelId;
  readonly name: LocalizedText;
  readonly protocol: PlatformProtocol;
  readonly fields: readonly CredentialField[];
  readonly baseUrls: readonly BaseUrlDef[];
  /** Developer console the admin works in (opened through the external-link allowlist). */
  readonly consoleUrl: string;
}

/** A DingTalk card template id (the notification card's and the approval card's alike). */
export const CARD_TEMPLATE_ID_PATTERN = /^[A-Za-z0-9._-]{4,128}$/;
export const CARD_TEMPLATE_ID_HINT = text(
  '4 to 128 letters, digits, ".", "-" or "_", for example 1a2b3c4d-….schema',
  '4 到 128 个字母、数字、“.”、“-”或“_”，例如 1a2b3c4d-….schema',
);

const SECRET_PATTERN = /^[\x21-\x7e]{8,256}$/;
const secretHint = text('8–256 visible characters, no spaces', '8–256 个可见字符，不含空格');

const CORP_ID_NOTE = text(
  'Configuring CorpId lets users receive messages and approve tickets without switching their DingTalk organization to the one where the custom ' +
    'enterprise application is located.',
  '配置 CorpId 后，用户无需将钉钉组织切换到自建企业应用所在组织，即可接收消息并审批工单。',
);

const dingtalkFields = (enterprise: boolean): CredentialField[] => {
  const basicInfo = enterprise
    ? text('Basic Information page on the DingTalk Open Platform', '钉钉开放平台的“基础信息”页面')
    : text('Credentials and Basic Information page on the DingTalk Open Platform', '钉钉开放平台的“凭证与基础信息”页面');
  const fields: CredentialField[] = [];
  if (!enterprise) {
    fields.push(
      {
        id: 'appId',
        label: 'AppId',
        required: true,
        secret: false,
        pattern: /^[A-Za-z0-9-]{6,64}$/,
        formatHint: text('letters, digits and dashes (6–64)', '字母、数字和短横线（6–64 位）'),
        whereToFind: basicInfo,
      },
      {
        id: 'agentId',
        label: 'AgentId',
        required: true,
        secret: false,
        pattern: /^\d{1,20}$/,
        formatHint: text('1 to 20 digits', '1 到 20 位数字'),
        whereToFind: basicInfo,
      },
    );
  }
  fields.push(
    {
      id: 'appKey',
      label: 'AppKey',
      required: true,
      secret: false,
      pattern: /^[A-Za-z0-9_-]{6,128}$/,
      formatHint: text('6 to 128 letters, digits, "-" or "_", usually starting with "ding"', '6 到 128 个字母、数字、“-”或“_”，通常以 "ding" 开头'),
      whereToFind: basicInfo,
    },
    {
      id: 'appSecret',
      label: 'AppSecret',
      required: true,
      secret: true,
      pattern: SECRET_PATTERN,
      formatHint: secretHint,
      whereToFind: basicInfo,
    },
    {
      id: 'robotCode',
      label: 'RobotCode',
      required: true,
      secret: false,
      pattern: /^[A-Za-z0-9_-]{6,128}$/,
      formatHint: text('6 to 128 letters, digits, "-" or "_", usually the same as AppKey', '6 到 128 个字母、数字、“-”或“_”，通常与 AppKey 相同'),
      whereToFind: enterprise
        ? text('Robot page — credential information section', '机器人页面的“凭证信息”部分')
        : text('Application Capabilities > Robot page', '“应用能力 > 机器人”页面'),
    },
    {
      id: 'cardTemplateId',
      label: 'Card template ID',
      required: true,
      secret: false,
      pattern: CARD_TEMPLATE_ID_PATTERN,
      formatHint: CARD_TEMPLATE_ID_HINT,
      whereToFind: enterprise
        ? text('Development Tools > Card Builder page on the Card Platform', '卡片平台的“开发工具 > 卡片搭建”页面')
        : text('Template Management > Template List page on the Card Platform', '卡片平台的“模板管理 > 模板列表”页面'),
    },
    {
      id: 'corpId',
      label: 'CorpId',
      required: false,
      secret: false,
      pattern: /^ding[A-Za-z0-9]{4,64}$/,
      formatHint: text('"ding" followed by 4 to 64 letters or digits', '"ding" 后跟 4 到 64 个字母或数字'),
      whereToFind: text('DingTalk developer console — click your profile picture', '钉钉开发者后台 — 点击个人头像'),
      note: CORP_ID_NOTE,
    },
  );
  return fields;
};

const feishuFields = (lark: boolean): CredentialField[] => {
  const where = lark
    ? text('Basic Information > Credentials and Basic Information page on the Lark Open Platform', 'Lark 开放平台的“基础信息 > 凭证与基础信息”页面')
    : text('Basic Information > Credentials and Basic Information page on the Feishu Open Platform', '飞书开放平台的“基础信息 > 凭证与基础信息”页面');
  return [
    {
      id: 'appId',
      label: 'AppId',
      required: true,
      secret: false,
      pattern: /^cli_[A-Za-z0-9]{8,64}$/,
      formatHint: text('"cli_" followed by 8 to 64 letters or digits (usually 16)', '"cli_" 后跟 8 到 64 个字母或数字（通常为 16 个）'),
      whereToFind: where,
    },
    {
      id: 'appSecret',
      label: 'AppSecret',
      required: true,
      secret: true,
      pattern: SECRET_PATTERN,
      formatHint: secretHint,
      whereToFind: where,
    },
  ];
};

const dingtalkBaseUrls: BaseUrlDef[] = [
  { id: 'apiBaseUrl', label: text('API base URL (new API)', 'API 地址（新版接口）'), defaultUrl: 'https://api.dingtalk.com' },
  { id: 'oapiBaseUrl', label: text('OAPI base URL (legacy API)', 'OAPI 地址（旧版接口）'), defaultUrl: 'https://oapi.dingtalk.com' },
];

export const CHANNELS: readonly ChannelDef[] = [
  {
    id: 'dingtalk',
    name: text('DingTalk', '钉钉'),
    protocol: 'dingtalk',
    fields: dingtalkFields(false),
    baseUrls: dingtalkBaseUrls,
    consoleUrl: 'https://open-dev.dingtalk.com',
  },
  {
    id: 'dingtalk-enterprise',
    name: text('DingTalk Enterprise', '专属钉钉'),
    protocol: 'dingtalk',
    fields: dingtalkFields(true),
    baseUrls: dingtalkBaseUrls,
    consoleUrl: 'https://open-dev.dingtalk.com',
  },
  {
    id: 'feishu',
    name: text('Feishu', '飞书'),
    protocol: 'feishu',
    fields: feishuFields(false),
    baseUrls: [{ id: 'apiBaseUrl', label: text('API base URL', 'API 地址'), defaultUrl: 'https://open.feishu.cn' }],
    consoleUrl: 'https://open.feishu.cn/app',
  },
  {
    id: 'lark',
    name: text('Lark', 'Lark'),
    protocol: 'feishu',
    fields: feishuFields(true),
    baseUrls: [{ id: 'apiBaseUrl', label: text('API base URL', 'API 地址'), defaultUrl: 'https://open.larksuite.com' }],
    consoleUrl: 'https://open.larksuite.com/app',
  },
];

export function channelDef(id: ChannelId): ChannelDef {
  const def = CHANNELS.find((c) => c.id === id);
  if (!def) throw new Error(`unknown channel ${id}`);
  return def;
}

export const isChannelId = (v: unknown): v is ChannelId => typeof v === 'string' && (CHANNEL_IDS as readonly string[]).includes(v);
