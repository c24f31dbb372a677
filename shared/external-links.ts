import { DMS_REGION_IDS, homepageUrl } from './catalog/regions.js';

/**
 * Hosts the app may open in the system browser: the DMS consoles of the regions it knows and the
 * platform consoles and docs the guide points to. Exact host match only, https only.
 */
export const EXTERNAL_LINK_HOSTS: ReadonlySet<string> = new Set([
  ...DMS_REGION_IDS.map((r) => new URL(homepageUrl(r)).hostname),
  'open-dev.dingtalk.com',
  'open.dingtalk.com',
  'card.dingtalk.com',
  'open.feishu.cn',
  'open.larksuite.com',
  'help.aliyun.com',
  'www.alibabacloud.com',
]);

export type ExternalLinkCheck = { readonly allowed: true; readonly url: string } | { readonly allowed: false; readonly url: string };

/**
 * Decides whether a link may be opened. When allowed, `url` is the normalised form: the caller must
 * open that string, not the original, so the OS handler cannot parse it differently than we did.
 */
export function checkExternalLink(raw: string): ExternalLinkCheck {
  const denied = { allowed: false, url: raw } as const;
  // Whitespace, control characters and backslashes are where parsers disagree; nothing we link has them.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (raw.length > 2048 || /[\s\u0000-\u001f\u007f\\]/.test(raw)) return denied;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return denied;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return denied;
  if (!EXTERNAL_LINK_HOSTS.has(url.hostname)) return denied;
  return { allowed: true, url: url.href };
}
