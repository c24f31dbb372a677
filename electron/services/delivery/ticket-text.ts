import { DMS_REGION_IDS, homepageUrl } from '../../../shared/catalog/regions.js';
import type { DmsEvent } from '../../../shared/events/dms-event.js';

/**
 * Ticket text (title, submitter, message, approver names, unknown kind names) is written by whoever
 * files the DMS ticket, and it reaches group chats. Before it enters any body, template variable or
 * card variable it is defanged: no mention of everyone, no platform `<at>` tag, and no working link
 * except to a DMS console. The text stays readable (`＠all`, `hxxps://evil[.]example/login`).
 */

/** Hosts of the DMS consoles the app links to: links there stay links. */
const DMS_HOSTS: ReadonlySet<string> = new Set(DMS_REGION_IDS.map((r) => new URL(homepageUrl(r)).hostname));

const isDmsUrl = (url: string): boolean => {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.username === '' && DMS_HOSTS.has(u.hostname);
  } catch {
    return false;
  }
};

/** `https://evil.example/x` → `hxxps://evil[.]example/x`; other schemes lose their colon (`javascript[:]…`). */
function defangUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*):(?:\/\/([^/?#]*))?(.*)$/is.exec(url);
  if (!m) return url;
  const [, scheme = '', authority, rest = ''] = m;
  const head = /^https?$/i.test(scheme) ? `${scheme.replace(/tt/i, 'xx')}:` : `${scheme}[:]`;
  return authority === undefined ? `${head}${rest}` : `${head}//${authority.replaceAll('.', '[.]')}${rest}`;
}

/**
 * In one pass (so a defanged link is not defanged again): `[text](target)` (also `<target> "title"`),
 * the markdown link form every platform renders, or a bare URL.
 */
const LINK = /\[([^\]\n]*)\]\(\s*<?([^\s)>]*)>?[^)\n]*\)|\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`()[\]]+/gi;
/** Closing punctuation after a bare URL is text, not part of it. */
const TRAILING = /[.,;:!?'"，。；：！？、]+$/;

function unlink(found: string, label: string | undefined, target: string | undefined): string {
  if (label !== undefined && target !== undefined) return isDmsUrl(target) ? found : `${label} (${defangUrl(target)})`;
  const url = found.replace(TRAILING, '');
  return isDmsUrl(url) ? found : defangUrl(url) + found.slice(url.length);
}

/** One event-controlled value, defanged for every platform and format (plain text; markdown escaping comes after). */
export function defang(value: string): string {
  return (
    value
      .replace(LINK, unlink)
      // Feishu/Lark `<at user_id="all">` / `<at id=all>` (text, post and card markdown).
      .replace(/<(?=\s*\/?\s*at\b)/gi, '＜')
      // DingTalk and Feishu/Lark mention-everyone words (not inside an e-mail address).
      .replace(/(?<![\w.])@(?=(?:all|everyone|here)\b|所有人)/giu, '＠')
  );
}

const person = (p: DmsEvent['targetUsers'][number]) => ({ ...p, uid: defang(p.uid), name: defang(p.name) });

/** The event with every value that can reach a message defanged (kind names are defanged where they are shown). */
export function defangEvent(event: DmsEvent): DmsEvent {
  return {
    ...event,
    submitterUid: defang(event.submitterUid),
    submitterName: defang(event.submitterName),
    taskId: defang(event.taskId),
    taskName: defang(event.taskName),
    eventTime: defang(event.eventTime),
    message: defang(event.message),
    targetUsers: event.targetUsers.map(person),
    receivers: event.receivers.map(person),
  };
}
