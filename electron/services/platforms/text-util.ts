import { channelDef, type ChannelId } from '../../../shared/catalog/channels.js';

/** UTF-8 size and cutting of message bodies, and markdown escaping of values put into them. */

export const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Cuts to at most `maxBytes` of UTF-8 without splitting a character (or a surrogate pair). */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (utf8Length(s) <= maxBytes) return s;
  let bytes = 0;
  let out = '';
  for (const ch of s) {
    const n = utf8Length(ch);
    if (bytes + n > maxBytes) break;
    bytes += n;
    out += ch;
  }
  return out;
}

/** Markdown special characters in user-supplied values would change the layout; escape them. */
export const escapeMarkdown = (s: string): string => s.replace(/([\\`*_[\]()#>|])/g, '\\$1');

/**
 * Feishu/Lark markdown also reads HTML-like tags (`<at>`, `<font>`, `<link>`): values get `&`, `<` and
 * `>` as entities there (and `>` needs no backslash then).
 */
const escapeFeishuMarkdown = (s: string): string =>
  s
    .replace(/([\\`*_[\]()#|])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

/** The markdown escaping of values for one channel's markdown. */
export const escapeMarkdownFor = (channel: ChannelId): ((s: string) => string) =>
  channelDef(channel).protocol === 'feishu' ? escapeFeishuMarkdown : escapeMarkdown;
