import type { Delivery, EventFilter, EventSummary, StateCounts } from '../../../shared/contract/sender.js';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import type { DmsEvent } from '../../../shared/events/dms-event.js';
import type { Directory } from '../directory/directory.js';
import { lookUpAgain } from '../directory/retry-lookups.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { AlertsService } from './alerts/alerts.js';
import { exportCsv, summaryOf } from './outbox/delivery-log.js';
import { emptyCounts } from './outbox/rows.js';
import type { DeliveryAttempt, DeliveryLogReader, OutboxAdmin, StatsBucket } from './outbox/types.js';
import type { Sender } from './sender/sender.js';

const DAY_MS = 24 * 3_600_000;

/** What the Delivery log page and the tray do with the pipeline: status, pause, the log, retry and discard. */
export interface DeliveryControl {
  status(): { paused: boolean; counts: StateCounts; alerts: ReturnType<AlertsService['state']> };
  pause(): ReturnType<DeliveryControl['status']>;
  resume(): ReturnType<DeliveryControl['status']>;
  events(q: EventFilter & { offset: number; limit: number }): { total: number; items: EventSummary[] };
  deliveries(eventId: string): {
    event: EventSummary & { body: DmsEvent };
    deliveries: (Delivery & { history: DeliveryAttempt[] })[];
  };
  /** Buckets over [from, to); the default window is the last 24 hours. */
  stats(q: { from?: number | undefined; to?: number | undefined; buckets: number }): { bucketMs: number; buckets: StatsBucket[] };
  /** Dead letters for "no such person" / "outside availability" are looked up again first. */
  retry(ids: readonly number[] | 'all-dead'): Promise<{ count: number }>;
  discard(ids: readonly number[]): { count: number };
  /** The CSV in the UI language, with a timestamped file name. */
  exportCsv(filter: EventFilter): { filename: string; csv: string };
}

export function createDeliveryControl(deps: {
  outbox: { readonly log: DeliveryLogReader; readonly admin: OutboxAdmin };
  sender: Pick<Sender, 'paused' | 'pause' | 'resume' | 'poke'>;
  alerts: Pick<AlertsService, 'refresh' | 'state'>;
  /** `resolve` (the users directory has it) looks dead letters' people up again before a retry. */
  directory: Pick<Directory, 'platformId'> & Partial<Pick<Directory, 'resolve'>>;
  settings: SettingsStore;
  now?: () => number;
}): DeliveryControl {
  const { outbox, sender, alerts } = deps;
  const now = deps.now ?? Date.now;
  const status = () => {
    alerts.refresh();
    return { paused: sender.paused, counts: outbox.log.counts(), alerts: alerts.state() };
  };
  return {
    status,
    pause() {
      sender.pause();
      return status();
    },
    resume() {
      sender.resume();
      return status();
    },
    events({ offset, limit, ...filter }) {
      const page = outbox.log.listEvents(filter, offset, limit);
      const attempts = outbox.log.attemptsPerEvent(page.items.map((e) => e.id));
      return { total: page.total, items: page.items.map((e) => summaryOf({ ...e, attempts: attempts.get(e.id) ?? 0 })) };
    },
    deliveries(eventId) {
      const page = outbox.log.getEvent(eventId);
      if (!page) throw new AppError('NOT_FOUND', text('No such event.', '没有此事件。'));
      const deliveries = outbox.log.deliveriesOf(eventId).map((d) => ({ ...d, history: outbox.log.attemptsOf(d.id) }));
      const tally = emptyCounts();
      for (const d of deliveries) tally[d.state]++;
      return { event: { ...summaryOf({ ...page, counts: tally, attempts: deliveries.reduce((n, d) => n + d.attempts, 0) }), body: page.body }, deliveries };
    },
    stats({ from, to, buckets }) {
      const end = to ?? now();
      return outbox.log.stats(from ?? end - DAY_MS, end, buckets);
    },
    async retry(ids) {
      const { resolve } = deps.directory;
      if (resolve) await lookUpAgain({ resolve: resolve.bind(deps.directory) }, outbox.admin.deadRecipients(ids));
      const count = outbox.admin.retry(ids, now(), (uid, c) => deps.directory.platformId(uid, c));
      sender.poke();
      alerts.refresh();
      return { count };
    },
    discard(ids) {
      const count = outbox.admin.discard(ids, now());
      alerts.refresh();
      return { count };
    },
    exportCsv(filter) {
      const lang = deps.settings.read().ui.language === 'en-US' ? 'en' : 'zh';
      const { csv } = exportCsv(outbox.log, filter, lang);
      const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
      return { filename: `channel-desk-deliveries-${stamp}.csv`, csv };
    },
  };
}
