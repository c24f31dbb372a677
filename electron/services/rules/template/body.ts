import type { ChannelId } from '../../../../shared/catalog/channels.js';
import type { TemplateValues } from '../../../../shared/template-variables.js';
import { sizeLimits } from '../../platforms/limits.js';
import { escapeMarkdownFor, truncateUtf8, utf8Length } from '../../platforms/text-util.js';
import { renderTemplate } from './engine.js';

/** Bytes once JSON-encoded (quotes, backslashes, newlines grow): what the platform request carries. */
export const jsonBytes = (s: string): number => utf8Length(JSON.stringify(s)) - 2;

/**
 * A rule's template rendered as the text body, the markdown body and the card's `message` variable
 * (as written, within half the markdown budget like the default card message) of one channel. Only
 * `message` (the event's free text) is shortened, with `mark`, as in the default rendering; values
 * beyond the checked worst case are cut at the end as a last resort.
 */
export function templateBodies(source: string, values: TemplateValues, channel: ChannelId, mark: string): { text: string; markdown: string; card: string } {
  const limits = sizeLimits(channel);
  const fit = (escape: (s: string) => string, maxBytes: number): string => {
    const build = (message: string): string => renderTemplate(source, { ...values, message }, escape);
    const full = build(values.message);
    if (jsonBytes(full) <= maxBytes) return full;
    let room = maxBytes - jsonBytes(build('')) - jsonBytes(mark) - 16;
    let out = room > 0 ? build(truncateUtf8(values.message, room) + mark) : full;
    while (jsonBytes(out) > maxBytes && room > 0) {
      room = Math.floor(room * 0.8);
      out = build(truncateUtf8(values.message, room) + mark);
    }
    if (jsonBytes(out) <= maxBytes) return out;
    let cut = maxBytes - jsonBytes(mark);
    while (cut > 0 && jsonBytes(truncateUtf8(out, cut) + mark) > maxBytes) cut = Math.floor(cut * 0.8);
    return truncateUtf8(out, Math.max(0, cut)) + mark;
  };
  const raw = (s: string): string => s;
  return { text: fit(raw, limits.text), markdown: fit(escapeMarkdownFor(channel), limits.markdown), card: fit(raw, Math.floor(limits.markdown / 2)) };
}
