import type { ChannelId } from '../../../../shared/catalog/channels.js';
import { classifyEvent, describeKey } from '../../../../shared/catalog/dms-events.js';
import type { DmsRegionId } from '../../../../shared/catalog/regions.js';
import { linkFields, openLinks, type LinkContext, type OpenLinks } from '../../../../shared/dms-links.js';
import type { DmsEvent } from '../../../../shared/events/dms-event.js';
import { pick, text, type Language } from '../../../../shared/i18n-text.js';
import { sizeLimits } from '../../platforms/limits.js';
import { escapeMarkdownFor, truncateUtf8, utf8Length } from '../../platforms/text-util.js';
import type { OutgoingMessage } from '../../platforms/types.js';
import type { EventKindIds } from '../outbox/types.js';
import { templateBodies } from '../../rules/template/body.js';
import { defang, defangEvent } from '../ticket-text.js';
import { templateValues } from './template-values.js';

export { truncateUtf8 };

export const TRUNCATION_MARK = text('… (truncated, open the ticket for the full text)', '…（内容过长已截断，请打开工单查看全文）');

/** A channel's link settings beyond its region (absent = the region's homepage, DingTalk's page link). */
export type ChannelLinkOptions = Omit<LinkContext, 'region'>;

/** "Open DMS" for one ticket on one channel; null without a region or homepage. */
export const ticketLinks = (channel: ChannelId, region: DmsRegionId | null, links: ChannelLinkOptions | undefined, taskId: string): OpenLinks | null =>
  openLinks(channel, { ...links, region }, taskId);

export { linkFields };

export const OPEN_DMS = text('Open DMS', '打开 DMS');

/** Leads the headline of a test send (the rule simulator's "Send this event for real"), so no one acts on it. */
export const TEST_MARK = text('[Test]', '[测试]');

const LABELS = {
  ticket: text('Ticket', '工单'),
  submitter: text('Submitter', '提交人'),
  time: text('Time', '时间'),
  open: OPEN_DMS,
};

/** Display names of a kind the intake classified and stored (catalogue ids, or the raw text when unknown). */
const kindNames = (k: EventKindIds) => ({
  module: { name: describeKey('module', k.module) },
  businessType: { name: describeKey('businessType', k.businessType, k.module) },
  status: { name: describeKey('status', k.status) },
});

/**
 * What one event says on one channel. The event's free-text `message` is what may be long, so it
 * alone is shortened to fit the channel's limit, with a visible mark. `kind` is the one the intake
 * stored with the event; without it (an event not yet stored) the event is classified here.
 */
export function renderMessage(
  filed: DmsEvent,
  opts: {
    channel: ChannelId;
    region: DmsRegionId | null;
    links?: ChannelLinkOptions;
    lang: Language;
    kind?: EventKindIds;
    template?: string;
    reminderCount?: number;
    test?: boolean;
  },
): OutgoingMessage {
  // Every value the ticket's filer wrote, defanged once for all bodies, template and card variables.
  const event = defangEvent(filed);
  const md = escapeMarkdownFor(opts.channel);
  const kind = opts.kind ? kindNames(opts.kind) : classifyEvent(event.category, event.module, event.event);
  // Unknown kinds are named by the event's own text, so names are defanged too.
  const l = (t: { en: string; zh: string }): string => defang(pick(t, opts.lang));
  const title = `${opts.test ? `${l(TEST_MARK)} ` : ''}[DMS] ${l(kind.businessType.name)} · ${l(kind.status.name)}`;
  const open = ticketLinks(opts.channel, opts.region, opts.links, event.taskId);
  const link = open?.link;
  const ticket = `#${event.taskId}${event.taskName ? ` ${event.taskName}` : ''}`;
  const submitter = event.submitterName || event.submitterUid;
  const limits = sizeLimits(opts.channel);

  const textBody = (message: string): string =>
    [
      title,
      `${l(LABELS.ticket)}: ${ticket}`,
      `${l(LABELS.submitter)}: ${submitter}`,
      `${l(LABELS.time)}: ${event.eventTime}`,
      ...(message ? ['', message] : []),
      ...(link ? ['', `${l(LABELS.open)}: ${link}`] : []),
    ].join('\n');
  const markdownBody = (message: string): string =>
    [
      `### ${md(title)}`,
      // The ticket is named, not linked: DMS documents no ticket page, and the platform adds the "Open DMS" link.
      `- **${l(LABELS.ticket)}**: ${md(ticket)}`,
      `- **${l(LABELS.submitter)}**: ${md(submitter)}`,
      `- **${l(LABELS.time)}**: ${md(event.eventTime)}`,
      ...(message ? ['', md(message)] : []),
    ].join('\n');

  const fit = (build: (m: string) => string, maxBytes: number): string => {
    const full = build(event.message);
    if (utf8Length(full) <= maxBytes) return full;
    const mark = l(TRUNCATION_MARK);
    // Escaping may grow the text, so shrink until it fits (a few rounds at most).
    let room = Math.max(0, maxBytes - utf8Length(build('')) - utf8Length(mark) - 16);
    let out = build(truncateUtf8(event.message, room) + mark);
    while (utf8Length(out) > maxBytes && room > 0) {
      room = Math.floor(room * 0.8);
      out = build(truncateUtf8(event.message, room) + mark);
    }
    return out;
  };

  const cardMessage = truncateUtf8(event.message, Math.floor(limits.markdown / 2));
  const message: OutgoingMessage = {
    title,
    text: fit(textBody, limits.text),
    markdown: fit(markdownBody, limits.markdown),
    ...linkFields(open, l(LABELS.open)),
    cardParams: {
      title,
      module: l(kind.module.name),
      businessType: l(kind.businessType.name),
      status: l(kind.status.name),
      taskId: event.taskId,
      taskName: event.taskName,
      submitter,
      eventTime: event.eventTime,
      message: cardMessage === event.message ? cardMessage : cardMessage + l(TRUNCATION_MARK),
      url: link ?? '',
    },
  };
  if (!opts.template) return message;
  // A rule's template replaces the text and markdown bodies and the card's `message` (title, link and other card variables stay).
  const values = templateValues(event, { headline: title, names: kind, l, submitter, link, lang: opts.lang, reminderCount: opts.reminderCount ?? 0 });
  const bodies = templateBodies(opts.template, values, opts.channel, l(TRUNCATION_MARK));
  return { ...message, text: bodies.text, markdown: bodies.markdown, cardParams: { ...message.cardParams, message: bodies.card } };
}
