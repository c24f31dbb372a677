import { channelDef, type ChannelId } from '../../../../shared/catalog/channels.js';
import { dingtalkMicroAppLink, MAX_TICKET_LINK_PATTERN } from '../../../../shared/dms-links.js';
import { text, type LocalizedText } from '../../../../shared/i18n-text.js';
import type { TemplateValues } from '../../../../shared/template-variables.js';
import { sizeLimits } from '../../platforms/limits.js';
import { escapeMarkdownFor } from '../../platforms/text-util.js';
import { jsonBytes } from './body.js';
import { parses, renderTemplate, templateSyntaxProblems } from './engine.js';

/** `n` three-byte characters: CJK text is the largest per character and is not changed by escaping. */
const wide = (n: number): string => '审'.repeat(n);

/**
 * The largest values an event can bring (DMS's own field limits; names and approvers as documented
 * in the README: names up to 64 characters, up to 20 approvers). `message` is empty: at send time it
 * is shortened to whatever room the rest leaves.
 */
export const WORST_CASE: TemplateValues = {
  ticket_id: '9'.repeat(20),
  title: wide(2000),
  headline: `[DMS] ${wide(200)} · ${wide(200)}`,
  module: wide(200),
  business_type: wide(200),
  status: wide(200),
  submitter: wide(64),
  approvers: Array.from({ length: 20 }, () => wide(64)).join(', '),
  event_time: wide(100),
  // The longest wrapped form (DingTalk micro-app) of the longest ticket link pattern allowed.
  dms_link: dingtalkMicroAppLink(`ding${'x'.repeat(64)}`, '9'.repeat(20), `https://${'x'.repeat(MAX_TICKET_LINK_PATTERN - 8)}`),
  reminder_count: 999,
  language: 'en-US',
  message: '',
};

/** Everything wrong with a template for one channel: syntax, names, and its worst-case rendered size. */
export function checkTemplate(channel: ChannelId, source: string): LocalizedText[] {
  const syntax = templateSyntaxProblems(source);
  // Only a template Mustache can read can be measured; the size problem is named beside the others.
  if (!parses(source)) return syntax;
  const limits = sizeLimits(channel);
  let bodies;
  try {
    bodies = [
      // Markdown first: escaping only grows it and its budget is the smaller one, so it is the one to name.
      { bytes: jsonBytes(renderTemplate(source, WORST_CASE, escapeMarkdownFor(channel))), max: limits.markdown },
      { bytes: jsonBytes(renderTemplate(source, WORST_CASE, (s) => s)), max: limits.text },
    ];
  } catch {
    // A {{.}} outside a section cannot be rendered; it is already named above.
    return syntax;
  }
  const over = bodies.find((b) => b.bytes > b.max);
  if (!over) return syntax;
  const platform = channelDef(channel).name;
  return [
    ...syntax,
    text(
      `too long for ${platform.en}: up to ${over.bytes} bytes with the longest values an event can bring, the limit is ${over.max}`,
      `超出${platform.zh}的长度限制：使用事件可能带来的最长值时可达 ${over.bytes} 字节，上限为 ${over.max}`,
    ),
  ];
}
