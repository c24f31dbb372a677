import type { senderMethods } from '../../../shared/contract/sender.js';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import type { AppServices } from '../app.js';
import { emptyCounts, exportCsv, summaryOf } from '../delivery/index.js';
import type { Handlers } from './dispatch.js';

const DAY_MS = 24 * 3_600_000;

export function senderHandlers(s: AppServices): Pick<Handlers, keyof typeof senderMethods> {
  const { outbox, sender, alerts, intake, directory } = s.delivery;
  const status = () => {
    alerts.refresh();
    return { paused: sender.paused, counts: outbox.counts(), alerts: alerts.state() };
  };
  const retryDone = (count: number) => {
    sender.poke();
    alerts.refresh();
    return { count };
  };
  return {
    'events.notify': async ({ event, idempotencyKey }, ctx) =>
      intake.accept(event, { source: ctx.transport === 'cli' ? 'cli' : 'api', ...(idempotencyKey ? { idempotencyKey } : {}) }),
    'sender.status': async () => status(),
    'sender.pause': async () => {
      sender.pause();
      return status();
    },
    'sender.resume': async () => {
      sender.resume();
      return status();
    },
    'sender.events': async ({ offset, limit, ...filter }) => {
      const page = outbox.listEvents(filter, offset, limit);
      return { total: page.total, items: page.items.map(summaryOf) };
    },
    'sender.deliveries': async ({ eventId }) => {
      const page = outbox.getEvent(eventId);
      if (!page) throw new AppError('NOT_FOUND', text('No such event.', '没有此事件。'));
      const deliveries = outbox.deliveriesOf(eventId).map((d) => ({ ...d, history: outbox.attemptsOf(d.id) }));
      const tally = emptyCounts();
      for (const d of deliveries) tally[d.state]++;
      return { event: { ...summaryOf({ ...page, counts: tally }), body: page.body }, deliveries };
    },
    'sender.stats': async ({ from, to, buckets }) => {
      const end = to ?? Date.now();
      return outbox.stats(from ?? end - DAY_MS, end, buckets);
    },
    'sender.retry': async ({ deliveryIds }) => retryDone(outbox.retry(deliveryIds, Date.now(), (uid, c) => directory.platformId(uid, c))),
    'sender.retryAllFailed': async () => retryDone(outbox.retry('all-dead', Date.now(), (uid, c) => directory.platformId(uid, c))),
    'sender.discard': async ({ deliveryIds }) => {
      const count = outbox.discard(deliveryIds, Date.now());
      alerts.refresh();
      return { count };
    },
    'sender.exportCsv': async (filter) => {
      const lang = s.settings.read().ui.language === 'en-US' ? 'en' : 'zh';
      const { csv } = exportCsv(outbox, filter, lang);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      return { filename: `channel-desk-deliveries-${stamp}.csv`, csv };
    },
  };
}
