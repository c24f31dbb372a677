import { CARD_TEMPLATE_ID_HINT, CARD_TEMPLATE_ID_PATTERN, channelDef, type BaseUrlId, type ChannelId, type CredentialFieldId } from './catalog/channels.js';
import { isRegionSupported, type DmsRegionId } from './catalog/regions.js';
import {
  canUseMicroApp,
  checkHomepageUrl,
  checkTicketLinkPattern,
  dmsHomepage,
  DINGTALK_OPEN_MODES,
  LINK_KEYS,
  normalizeHomepageUrl,
  type ChannelLinkValues,
  type DingtalkOpenMode,
} from './dms-links.js';
import { text, type LocalizedText } from './i18n-text.js';
import { originChanged, plainHttpProblem, reenterSecret } from './secret-target.js';

/**
 * The rules for one channel's configuration, shared by the Channels form (inline), channels.save and
 * config import, so all three accept and reject exactly the same values.
 */

/** Where in a channel draft a problem is; callers turn it into their own dotted path. */
export type DraftLocation =
  | { readonly kind: 'region' }
  | { readonly kind: 'enabled' }
  | { readonly kind: 'value'; readonly key: string }
  | { readonly kind: 'secret'; readonly key: string }
  | { readonly kind: 'baseUrl'; readonly key: string }
  | { readonly kind: 'link'; readonly key: string }
  | { readonly kind: 'approval'; readonly key: keyof ApprovalSettings };

/** Approve / Reject from the chat card (issue 19): off by default; DingTalk needs its own card template (buttons with callbacks). */
export interface ApprovalSettings {
  readonly approveFromChat: boolean;
  /** DingTalk / DingTalk Enterprise only; '' = none. */
  readonly approvalCardTemplateId: string;
}

export interface DraftIssue {
  readonly at: DraftLocation;
  readonly message: LocalizedText;
}

export interface ChannelDraft {
  readonly region: string | null;
  /** Non-secret values; '' clears an optional value. */
  readonly values: Readonly<Record<string, string>>;
  /** Write-only secrets; absent or '' keeps the stored one. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Base URL overrides; '' returns to the default. */
  readonly baseUrls: Readonly<Record<string, string>>;
  /** Message link settings (shared/dms-links.ts), all of them: '' or absent = the default. */
  readonly links?: Readonly<Record<string, string>>;
  /** Both settings (callers merge the stored ones in); absent = unchanged and not checked. */
  readonly approval?: ApprovalSettings;
}

export interface NormalizedDraft {
  readonly region: DmsRegionId | null;
  readonly values: Partial<Record<CredentialFieldId, string>>;
  readonly secrets: Partial<Record<CredentialFieldId, string>>;
  readonly baseUrls: Partial<Record<BaseUrlId, string>>;
  readonly links: ChannelLinkValues;
  /** Absent when the draft had none: the stored settings stay. */
  readonly approval?: ApprovalSettings;
}

/** A base URL override must be an absolute https URL (http only for loopback) without credentials, query or fragment. */
export function checkBaseUrl(raw: string): LocalizedText | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return text('Enter an absolute URL such as https://api.example.com', '请输入完整的 URL，例如 https://api.example.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return text('Only http:// and https:// URLs are allowed', '仅允许 http:// 或 https:// 地址');
  }
  const plain = plainHttpProblem(url);
  if (plain) return plain;
  if (url.username !== '' || url.password !== '') {
    return text('The URL must not contain a user name or password', 'URL 中不能包含用户名或密码');
  }
  if (url.search !== '' || url.hash !== '') {
    return text('The URL must not contain a query (?…) or fragment (#…)', 'URL 中不能包含查询参数（?…）或片段（#…）');
  }
  return null;
}

/** Without the trailing slash, so clients can append `/v1.0/...` paths. */
export const normalizeBaseUrl = (raw: string): string => new URL(raw).href.replace(/\/+$/, '');

const notAField = (label: string): LocalizedText => text(`${label} is not a setting of this channel`, `${label} 不是此渠道的设置项`);

/** Checks every part of a draft against the catalog; returns all issues, or the normalised draft. */
export function validateChannelDraft(channel: ChannelId, draft: ChannelDraft): { ok: true; draft: NormalizedDraft } | { ok: false; issues: DraftIssue[] } {
  const def = channelDef(channel);
  const issues: DraftIssue[] = [];
  const values: Partial<Record<CredentialFieldId, string>> = {};
  const secrets: Partial<Record<CredentialFieldId, string>> = {};
  const baseUrls: Partial<Record<BaseUrlId, string>> = {};

  let region: DmsRegionId | null = null;
  if (draft.region !== null && draft.region !== '') {
    if (isRegionSupported(channel, draft.region)) region = draft.region;
    else {
      issues.push({
        at: { kind: 'region' },
        message: text(`${def.name.en} notifications are not available for DMS region "${draft.region}"`, `DMS 地域 “${draft.region}” 不支持${def.name.zh}通知`),
      });
    }
  }

  for (const [key, raw] of Object.entries(draft.values)) {
    const field = def.fields.find((f) => f.id === key);
    if (!field) {
      issues.push({ at: { kind: 'value', key }, message: notAField(key) });
      continue;
    }
    if (field.secret) {
      issues.push({
        at: { kind: 'value', key },
        message: text(`${field.label} is secret: enter it in the secret field`, `${field.label} 是密钥，请在密钥输入框中填写`),
      });
      continue;
    }
    const value = raw.trim();
    if (value === '') continue;
    if (!field.pattern.test(value)) {
      issues.push({ at: { kind: 'value', key }, message: text(`${field.label}: ${field.formatHint.en}`, `${field.label}：${field.formatHint.zh}`) });
      continue;
    }
    values[field.id] = value;
  }

  for (const [key, raw] of Object.entries(draft.secrets)) {
    const field = def.fields.find((f) => f.id === key && f.secret);
    if (!field) {
      issues.push({ at: { kind: 'secret', key }, message: notAField(key) });
      continue;
    }
    // Secrets are taken as typed (no trim): a platform secret could legitimately end in any character.
    if (raw === '') continue;
    if (!field.pattern.test(raw)) {
      issues.push({ at: { kind: 'secret', key }, message: text(`${field.label}: ${field.formatHint.en}`, `${field.label}：${field.formatHint.zh}`) });
      continue;
    }
    secrets[field.id] = raw;
  }

  for (const [key, raw] of Object.entries(draft.baseUrls)) {
    const def_ = def.baseUrls.find((b) => b.id === key);
    if (!def_) {
      issues.push({ at: { kind: 'baseUrl', key }, message: notAField(key) });
      continue;
    }
    const value = raw.trim();
    if (value === '') continue;
    const problem = checkBaseUrl(value);
    if (problem) issues.push({ at: { kind: 'baseUrl', key }, message: problem });
    else baseUrls[def_.id] = normalizeBaseUrl(value);
  }

  const links = validateLinks(channel, draft.links ?? {}, { region, values }, issues);
  const approval = draft.approval ? validateApproval(channel, draft.approval, issues) : undefined;
  return issues.length > 0 ? { ok: false, issues } : { ok: true, draft: { region, values, secrets, baseUrls, links, ...(approval ? { approval } : {}) } };
}

/** The approval card template: DingTalk only, same format as the card template id, required once approve-from-chat is on. */
function validateApproval(channel: ChannelId, raw: ApprovalSettings, issues: DraftIssue[]): ApprovalSettings {
  const at: DraftLocation = { kind: 'approval', key: 'approvalCardTemplateId' };
  const templateId = raw.approvalCardTemplateId.trim();
  if (channelDef(channel).protocol !== 'dingtalk') {
    if (templateId !== '') issues.push({ at, message: notAField('approvalCardTemplateId') });
    return { approveFromChat: raw.approveFromChat, approvalCardTemplateId: '' };
  }
  if (templateId !== '' && !CARD_TEMPLATE_ID_PATTERN.test(templateId)) {
    issues.push({ at, message: text(`Approval card template ID: ${CARD_TEMPLATE_ID_HINT.en}`, `审批卡片模板 ID：${CARD_TEMPLATE_ID_HINT.zh}`) });
  } else if (raw.approveFromChat && templateId === '') {
    issues.push({
      at,
      message: text(
        'Approve from chat on DingTalk needs the approval card template ID: a template whose Approve / Reject buttons send a callback (see the setup guide)',
        '在钉钉中审批需要填写审批卡片模板 ID：该模板的“同意 / 拒绝”按钮须设为回传请求（见设置指南）',
      ),
    });
  }
  return { approveFromChat: raw.approveFromChat, approvalCardTemplateId: templateId };
}

/** The message link settings: an https homepage, a pattern on its host, the DingTalk micro-app form only with CorpId and AgentId. */
function validateLinks(
  channel: ChannelId,
  raw: Readonly<Record<string, string>>,
  ctx: { region: DmsRegionId | null; values: Partial<Record<CredentialFieldId, string>> },
  issues: DraftIssue[],
): ChannelLinkValues {
  const dingtalk = channelDef(channel).protocol === 'dingtalk';
  const at = (key: string): DraftLocation => ({ kind: 'link', key });
  for (const key of Object.keys(raw)) {
    if (!(LINK_KEYS as readonly string[]).includes(key) || (key === 'dingtalkOpen' && !dingtalk)) issues.push({ at: at(key), message: notAField(key) });
  }
  let dmsHomepageUrl: string | undefined;
  const home = raw.dmsHomepageUrl?.trim() ?? '';
  if (home !== '') {
    const problem = checkHomepageUrl(home);
    if (problem) issues.push({ at: at('dmsHomepageUrl'), message: problem });
    else dmsHomepageUrl = normalizeHomepageUrl(home);
  }
  let ticketLinkPattern: string | undefined;
  const pattern = raw.ticketLinkPattern?.trim() ?? '';
  // A bad homepage is reported on its own field; the pattern is checked against a valid one only.
  if (pattern !== '' && (home === '' || dmsHomepageUrl)) {
    const problem = checkTicketLinkPattern(pattern, dmsHomepage({ region: ctx.region, dmsHomepageUrl }));
    if (problem) issues.push({ at: at('ticketLinkPattern'), message: problem });
    else ticketLinkPattern = pattern;
  }
  let dingtalkOpen: DingtalkOpenMode | undefined;
  const open = dingtalk ? (raw.dingtalkOpen?.trim() ?? '') : '';
  if (open !== '' && open !== 'page-link') {
    if (!(DINGTALK_OPEN_MODES as readonly string[]).includes(open)) {
      issues.push({ at: at('dingtalkOpen'), message: text(`Choose one of: ${DINGTALK_OPEN_MODES.join(', ')}`, `请选择：${DINGTALK_OPEN_MODES.join('、')}`) });
    } else if (!canUseMicroApp({ corpId: ctx.values.corpId, agentId: ctx.values.agentId })) {
      issues.push({
        at: at('dingtalkOpen'),
        message: text('Opening DMS as the DingTalk app needs CorpId and AgentId', '以钉钉应用方式打开 DMS 需要填写 CorpId 和 AgentId'),
      });
    } else dingtalkOpen = 'micro-app';
  }
  return {
    ...(dmsHomepageUrl ? { dmsHomepageUrl } : {}),
    ...(ticketLinkPattern ? { ticketLinkPattern } : {}),
    ...(dingtalkOpen ? { dingtalkOpen } : {}),
  };
}

/** What is still missing before a channel may be enabled (region, required values, required secrets). */
export function missingForEnable(
  channel: ChannelId,
  state: { readonly region: string | null; readonly values: Readonly<Partial<Record<string, string>>>; readonly secretsSet: ReadonlySet<string> },
): DraftIssue[] {
  const def = channelDef(channel);
  const missing: DraftIssue[] = [];
  if (state.region === null) {
    missing.push({ at: { kind: 'region' }, message: text('Choose the DMS region', '请选择 DMS 地域') });
  }
  for (const f of def.fields) {
    if (!f.required) continue;
    const present = f.secret ? state.secretsSet.has(f.id) : (state.values[f.id] ?? '') !== '';
    if (!present) {
      missing.push({
        at: f.secret ? { kind: 'secret', key: f.id } : { kind: 'value', key: f.id },
        message: text(`${f.label} is required to enable the channel`, `启用渠道需要填写 ${f.label}`),
      });
    }
  }
  return missing;
}

/**
 * A channel's stored secrets that a change of base URLs would carry to a new origin without being
 * entered again; one issue per such secret (at the secret's field), none when the save is safe.
 */
export function movedSecretIssues(
  channel: ChannelId,
  change: {
    /** Overrides before and after ('' or absent = the default). */
    readonly before: Readonly<Partial<Record<BaseUrlId, string>>>;
    readonly after: Readonly<Partial<Record<BaseUrlId, string>>>;
    readonly storedSecrets: ReadonlySet<string>;
    readonly newSecrets: Readonly<Partial<Record<string, string>>>;
  },
): DraftIssue[] {
  const def = channelDef(channel);
  const effective = (o: Readonly<Partial<Record<BaseUrlId, string>>>, id: BaseUrlId, fallback: string): string => o[id] || fallback;
  const moved = def.baseUrls.find((b) => originChanged(effective(change.before, b.id, b.defaultUrl), effective(change.after, b.id, b.defaultUrl)));
  if (!moved) return [];
  const target = effective(change.after, moved.id, moved.defaultUrl);
  return def.fields
    .filter((f) => f.secret && change.storedSecrets.has(f.id) && !change.newSecrets[f.id])
    .map((f) => ({ at: { kind: 'secret', key: f.id }, message: reenterSecret(f.label, moved.label, target) }));
}
