import { text, type LocalizedText } from './i18n-text.js';

/**
 * Where a stored secret may be sent. A secret belongs to the origin it was entered for: when a base
 * URL's origin changes, the stored secret must be entered again in the same save (as Grafana does for
 * data source URLs), so nobody can redirect it to another host by editing only the address. Plain
 * http is accepted only for loopback hosts (local fakes and tunnels), never across a network.
 */

/** 127.0.0.0/8, ::1 and localhost. `hostname` as URL.hostname gives it (IPv6 in brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h === '[::1]' || h === '::1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

/** Null when the URL may carry a secret; otherwise why not. */
export function plainHttpProblem(url: URL): LocalizedText | null {
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return null;
  return text(
    'Plain http:// is allowed only for 127.0.0.1, ::1 and localhost; use https:// so the secret is not sent in clear text',
    '仅 127.0.0.1、::1 和 localhost 允许使用 http://；请使用 https://，以免密钥以明文传输',
  );
}

/** `https://host:port` of a URL, or the input itself when it is not a URL (compared as text then). */
export function originOf(raw: string): string {
  try {
    return new URL(raw).origin;
  } catch {
    return raw;
  }
}

export const originChanged = (before: string, after: string): boolean => originOf(before) !== originOf(after);

/** The field message when an address moved and the stored secret was not entered again. */
export function reenterSecret(secretLabel: string, addressLabel: LocalizedText, newUrl: string): LocalizedText {
  const origin = originOf(newUrl);
  return text(
    `${addressLabel.en} now points to ${origin}: enter ${secretLabel} again (a stored secret is only sent to the address it was entered for)`,
    `${addressLabel.zh} 已改为 ${origin}：请重新输入 ${secretLabel}（已保存的密钥只会发送到录入时的地址）`,
  );
}
