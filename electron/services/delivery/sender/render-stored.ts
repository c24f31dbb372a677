import type { ChannelId } from '../../../../shared/catalog/channels.js';
import type { DmsRegionId } from '../../../../shared/catalog/regions.js';
import type { Language } from '../../../../shared/i18n-text.js';
import type { OutgoingMessage } from '../../platforms/types.js';
import type { StoredEvent } from '../outbox/types.js';
import { renderDigest } from '../reminders/digest-text.js';
import { reminderLine } from '../reminders/reminder-text.js';
import { renderMessage, type ChannelLinkOptions } from './render.js';

/**
 * What a stored event says on one channel. Reminders and escalations are the ticket's message with the
 * reminder line (in the channel's language) as its text (and a template's `reminder_count`); a digest is its own list.
 */
export function renderStored(
  stored: StoredEvent,
  opts: { channel: ChannelId; region: DmsRegionId | null; links?: ChannelLinkOptions; lang: Language; template?: string },
): OutgoingMessage {
  const mark = stored.reminder;
  // A digest lists many tickets: the rule's one-ticket template does not apply to it.
  if (mark?.kind === 'digest') return renderDigest(mark, opts);
  const body = mark ? { ...stored.body, message: reminderLine(mark, opts.lang) } : stored.body;
  return renderMessage(body, {
    ...opts,
    kind: stored.kind,
    test: stored.source === 'test',
    ...(mark?.kind === 'reminder' ? { reminderCount: mark.n } : {}),
  });
}
