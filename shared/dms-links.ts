import type { ChannelId } from './catalog/channels.js';
import { homepageUrl, type DmsRegionId } from './catalog/regions.js';
import { text, type LocalizedText } from './i18n-text.js';

/**
 * Where a message's "Open DMS" goes, and how each platform is asked to open it inside its app.
 *
 * What is documented and what is not:
 * - DMS: only the homepage of the region (what the setup guide has the admin enter as the app's homepage) is
 *   documented. No ticket-detail URL is: the old `…/?orderId=<id>` was never sourced, so it is gone; an admin who
 *   knows their tenant's deep link can set a pattern with `{{ticket_id}}` (kept on the homepage's host).
 * - DingTalk "消息链接说明": `dingtalk://dingtalkclient/page/link?url=…&pc_slide=…` (documented) and
 *   `dingtalk://dingtalkclient/action/openapp?corpid=…&container_type=work_platform&app_id=…&redirect_type=jump&redirect_url=…`
 *   (documented, but which id goes in `app_id` for an internal app is not: we send the AgentId — unverified).
 * - Feishu / Lark AppLink: `client/web_url/open?mode=…&url=…` (web page inside the client) and
 *   `client/web_app/open?appId=…[&lk_target_url=…]` (the web app whose homepage is DMS), both documented.
 */

export const DINGTALK_OPEN_MODES = ['page-link', 'micro-app'] as const;
export type DingtalkOpenMode = (typeof DINGTALK_OPEN_MODES)[number];

export const TICKET_ID_PLACEHOLDER = '{{ticket_id}}';
/** Keeps the wrapped link (up to three times longer once encoded) small next to a message's size limit. */
export const MAX_TICKET_LINK_PATTERN = 512;

/** A channel's link settings (all optional: the region's homepage and DingTalk's page link are the defaults). */
export interface ChannelLinkValues {
  /** The DMS homepage, when not the region's (e.g. https://dms.aliyun.com). */
  readonly dmsHomepageUrl?: string | undefined;
  /** A known ticket deep link on the homepage's host, with `{{ticket_id}}`. */
  readonly ticketLinkPattern?: string | undefined;
  /** DingTalk only: open DMS as a link in DingTalk's browser or as the app (micro-app form). */
  readonly dingtalkOpen?: DingtalkOpenMode | undefined;
}

export const LINK_KEYS = ['dmsHomepageUrl', 'ticketLinkPattern', 'dingtalkOpen'] as const;
export type LinkKey = (typeof LINK_KEYS)[number];

/** Everything a channel's links are built from. */
export interface LinkContext extends ChannelLinkValues {
  readonly region: DmsRegionId | null;
  /** The channel's credential values: Feishu/Lark App ID; DingTalk CorpId and AgentId. */
  readonly appId?: string | undefined;
  readonly agentId?: string | undefined;
  readonly corpId?: string | undefined;
}

/** The links of one ticket on one channel. */
export interface OpenLinks {
  /** The DMS page itself (homepage, or the pattern's deep link). */
  readonly target: string;
  /** True when `target` came from the admin's ticket-link pattern. */
  readonly deep: boolean;
  /** The one link for text and Markdown bodies and single-URL cards. */
  readonly link: string;
  /** Card buttons with per-client URLs (Feishu/Lark `multi_url`); same as `link` elsewhere. */
  readonly pc: string;
  readonly mobile: string;
}

const enc = encodeURIComponent;

/** The homepage in effect: the channel's own, else the region's; null when neither is set. */
export function dmsHomepage(ctx: Pick<LinkContext, 'region' | 'dmsHomepageUrl'>): string | null {
  if (ctx.dmsHomepageUrl) return ctx.dmsHomepageUrl;
  return ctx.region ? homepageUrl(ctx.region) : null;
}

/** The DMS page for a ticket: the pattern's deep link when one is set, else the homepage. */
export function dmsTarget(ctx: LinkContext, ticketId: string): { url: string; deep: boolean } | null {
  const home = dmsHomepage(ctx);
  if (!home) return null;
  if (ctx.ticketLinkPattern) return { url: ctx.ticketLinkPattern.split(TICKET_ID_PLACEHOLDER).join(enc(ticketId)), deep: true };
  return { url: home, deep: false };
}

const WRAPPED = /^(dingtalk:\/\/|https:\/\/applink\.(feishu\.cn|larksuite\.com)\/)/i;

/** A link already in a platform's open-in-app form: wrapping it again would nest the encoding. */
export const isWrappedLink = (url: string): boolean => WRAPPED.test(url);

/** DingTalk "消息链接说明": open the URL inside DingTalk (pc_slide=false: PC opens it in the browser, as the doc says). */
export const dingtalkPageLink = (url: string): string => (isWrappedLink(url) ? url : `dingtalk://dingtalkclient/page/link?url=${enc(url)}&pc_slide=false`);

/** DingTalk micro-app form, so DMS's free login runs. `appId` is the AgentId: the doc's `app_id` is unverified for internal apps. */
export const dingtalkMicroAppLink = (corpId: string, appId: string, url: string): string =>
  isWrappedLink(url)
    ? url
    : `dingtalk://dingtalkclient/action/openapp?corpid=${enc(corpId)}&container_type=work_platform&app_id=${enc(appId)}&redirect_type=jump&redirect_url=${enc(url)}`;

export const applinkHost = (channel: ChannelId): string => (channel === 'lark' ? 'https://applink.larksuite.com' : 'https://applink.feishu.cn');

/** Feishu/Lark AppLink "open a web page in the client"; PC opens a window. */
export const feishuWebUrlLink = (channel: ChannelId, url: string): string =>
  isWrappedLink(url) ? url : `${applinkHost(channel)}/client/web_url/open?mode=window&url=${enc(url)}`;

/** Feishu/Lark AppLink "open a web app": the app whose homepage is DMS, logged in; a deep link only when one is known. */
export const feishuWebAppLink = (channel: ChannelId, appId: string, deepLink?: string): string =>
  `${applinkHost(channel)}/client/web_app/open?appId=${enc(appId)}${deepLink ? `&lk_target_url=${enc(deepLink)}` : ''}`;

/** Whether the DingTalk micro-app form can be built (it needs CorpId and AgentId). */
export const canUseMicroApp = (ctx: Pick<LinkContext, 'corpId' | 'agentId'>): boolean => !!ctx.corpId && !!ctx.agentId;

/** The links for one ticket on one channel; null when the channel has neither region nor homepage. */
export function openLinks(channel: ChannelId, ctx: LinkContext, ticketId: string): OpenLinks | null {
  const target = dmsTarget(ctx, ticketId);
  if (!target) return null;
  if (channel === 'feishu' || channel === 'lark') {
    const pc = feishuWebUrlLink(channel, target.url);
    // Without the App ID (not configured yet) the phone gets the web page form too.
    const mobile = ctx.appId ? feishuWebAppLink(channel, ctx.appId, target.deep ? target.url : undefined) : pc;
    // Approval works on phones, so single-link bodies carry the phone form.
    return { target: target.url, deep: target.deep, link: mobile, pc, mobile };
  }
  const link =
    ctx.dingtalkOpen === 'micro-app' && canUseMicroApp(ctx) ? dingtalkMicroAppLink(ctx.corpId!, ctx.agentId!, target.url) : dingtalkPageLink(target.url);
  return { target: target.url, deep: target.deep, link, pc: link, mobile: link };
}

/** A message's link fields (OutgoingMessage `link`, `linkLabel`, `openUrls`); per-client URLs only where they differ. */
export function linkFields(open: OpenLinks | null, label: string): { link?: string; linkLabel?: string; openUrls?: { pc: string; mobile: string } } {
  if (!open) return {};
  const differ = open.pc !== open.link || open.mobile !== open.link;
  return { link: open.link, linkLabel: label, ...(differ ? { openUrls: { pc: open.pc, mobile: open.mobile } } : {}) };
}

/** The DMS homepage override: an https URL without credentials, query or fragment. */
export function checkHomepageUrl(raw: string): LocalizedText | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return text('Enter an absolute URL such as https://dms.aliyun.com', '请输入完整的 URL，例如 https://dms.aliyun.com');
  }
  if (url.protocol !== 'https:') return text('The DMS homepage must be an https:// URL', 'DMS 首页必须是 https:// 地址');
  if (url.username !== '' || url.password !== '') return text('The URL must not contain a user name or password', 'URL 中不能包含用户名或密码');
  if (url.search !== '' || url.hash !== '') return text('The URL must not contain a query (?…) or fragment (#…)', 'URL 中不能包含查询参数（?…）或片段（#…）');
  return null;
}

/** Without the trailing slash, as the guide writes homepages. */
export const normalizeHomepageUrl = (raw: string): string => new URL(raw).href.replace(/\/+$/, '');

/**
 * A ticket-link pattern must contain `{{ticket_id}}` and stay on the DMS homepage's host: the placeholder only after the
 * origin, so no ticket id can change where the link goes.
 */
export function checkTicketLinkPattern(raw: string, homepage: string | null): LocalizedText | null {
  if (!homepage) {
    return text('Choose the DMS region (or set the DMS homepage) before a ticket link pattern', '设置工单链接格式前，请先选择 DMS 地域（或填写 DMS 首页）');
  }
  if (raw.length > MAX_TICKET_LINK_PATTERN) {
    return text(`The pattern is longer than ${MAX_TICKET_LINK_PATTERN} characters`, `格式超过 ${MAX_TICKET_LINK_PATTERN} 个字符`);
  }
  if (!raw.includes(TICKET_ID_PLACEHOLDER)) return text(`The pattern must contain ${TICKET_ID_PLACEHOLDER}`, `格式中必须包含 ${TICKET_ID_PLACEHOLDER}`);
  const origin = new URL(homepage).origin;
  const offHost = text(`The link must stay on the DMS homepage's host: start it with ${origin}/`, `链接必须留在 DMS 首页所在的主机上：请以 ${origin}/ 开头`);
  const head = raw.slice(0, origin.length + 1);
  if (head.toLowerCase() !== `${origin}/` && head.toLowerCase() !== `${origin}?` && head.toLowerCase() !== `${origin}#`) return offHost;
  let url: URL;
  try {
    url = new URL(raw.split(TICKET_ID_PLACEHOLDER).join('1'));
  } catch {
    return text('The pattern is not a valid URL', '该格式不是有效的 URL');
  }
  return url.origin === origin ? null : offHost;
}
