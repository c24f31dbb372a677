import type { ChannelId } from '../../../../shared/catalog/channels.js';
import type { DmsRegionId } from '../../../../shared/catalog/regions.js';
import { pick, text, type Language } from '../../../../shared/i18n-text.js';
import type { ReminderMark } from '../../../../shared/reminders.js';
import { sizeLimits } from '../../platforms/limits.js';
import { escapeMarkdownFor } from '../../platforms/text-util.js';
import type { OutgoingMessage } from '../../platforms/types.js';
import { linkFields, OPEN_DMS, ticketLinks, TRUNCATION_MARK, truncateUtf8, type ChannelLinkOptions } from '../sender/render.js';
import { defang } from '../ticket-text.js';
import { ageText } from './reminder-text.js';

type DigestMark = Extract<ReminderMark, { kind: 'digest' }>;

const LABELS = {
  title: (n: number) => text(`[DMS] Waiting for your approval: ${n} ticket${n === 1 ? '' : 's'}`, `[DMS] 待您审批：${n} 个工单`),
  intro: text('📋 Daily digest: tickets still waiting for your approval (oldest first).', '📋 每日汇总：仍在等待您审批的工单（最早的在前）。'),
  waiting: text('waiting', '已等待'),
  status: text('Pending Approval', '待审批'),
};

/**
 * One approver's daily digest on one channel: every pending ticket with its age, in the channel's language, and one
 * "Open DMS" link (a link per ticket only when the channel has a ticket-link pattern: otherwise they would all be the homepage).
 */
export function renderDigest(
  mark: DigestMark,
  opts: { channel: ChannelId; region: DmsRegionId | null; links?: ChannelLinkOptions; lang: Language },
): OutgoingMessage {
  const l = (t: { en: string; zh: string }): string => pick(t, opts.lang);
  const md = escapeMarkdownFor(opts.channel);
  const title = l(LABELS.title(mark.tickets.length));
  const rows = mark.tickets.map((t) => {
    const age = ageText(Math.max(1, Math.round((mark.at - t.since) / 60_000)), opts.lang);
    const name = defang(`#${t.taskId}${t.taskName ? ` ${t.taskName}` : ''}`);
    const open = ticketLinks(opts.channel, opts.region, opts.links, t.taskId);
    const link = open?.deep ? open.link : undefined;
    return {
      text: `• ${name} · ${l(LABELS.waiting)} ${age}${link ? `\n  ${link}` : ''}`,
      markdown: `- ${link ? `[${md(name)}](${link})` : md(name)} · ${l(LABELS.waiting)} ${md(age)}`,
    };
  });
  const limits = sizeLimits(opts.channel);
  const fit = (lines: string[], head: string, max: number): string => {
    const full = [head, '', ...lines].join('\n');
    return Buffer.byteLength(full) <= max ? full : truncateUtf8(full, max - 200) + l(TRUNCATION_MARK);
  };
  const plain = fit(
    rows.map((r) => r.text),
    `${title}\n${l(LABELS.intro)}`,
    limits.text,
  );
  const home = ticketLinks(opts.channel, opts.region, opts.links, '');
  return {
    title,
    text: plain,
    ...linkFields(home && !home.deep ? home : null, l(OPEN_DMS)),
    markdown: fit(
      rows.map((r) => r.markdown),
      `### ${md(title)}\n${md(l(LABELS.intro))}`,
      limits.markdown,
    ),
    cardParams: {
      title,
      module: '',
      businessType: '',
      status: l(LABELS.status),
      taskId: '',
      taskName: title,
      submitter: '',
      eventTime: new Date(mark.at).toISOString(),
      message: truncateUtf8(rows.map((r) => r.text).join('\n'), Math.floor(limits.markdown / 2)),
      url: home && !home.deep ? home.link : '',
    },
  };
}
