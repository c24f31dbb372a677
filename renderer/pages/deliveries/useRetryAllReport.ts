import { App } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { StateCounts } from '../../../shared/contract/sender';

/** Where the admin sees why deliveries failed again: below (in the Delivery log) or by opening the log. */
export type ReportHint = 'below' | 'open-log';

/**
 * After "Retry all failed": once the queue has drained (nothing queued, sending or retrying in a status
 * read after the retry), says how many of the retried deliveries failed again, or that all went out.
 * Returns `watch(asked)`, called with how many went back to the queue.
 */
export function useRetryAllReport(counts: StateCounts | undefined, updatedAt: number, hint: ReportHint): (asked: number) => void {
  const { t } = useTranslation('retry');
  const { message } = App.useApp();
  const pending = useRef<{ asked: number; after: number } | null>(null);

  useEffect(() => {
    const p = pending.current;
    // Only a status read after the retry counts (the one before still shows the old dead letters). By time, not by
    // object: when all fail again the answer equals the one before, and the cache keeps that very object.
    if (!p || !counts || updatedAt <= p.after) return;
    if (counts.queued + counts.sending + counts.retrying > 0) return;
    pending.current = null;
    const again = Math.min(counts.dead, p.asked);
    if (again > 0) {
      const content = t(hint === 'below' ? 'failedAgain' : 'failedAgainOpenLog', { count: again, asked: p.asked });
      void message.warning({ content, key: 'retry-all-report' });
    } else void message.success({ content: t('allDelivered', { count: p.asked }), key: 'retry-all-report' });
  }, [counts, updatedAt, hint, message, t]);

  return (asked: number) => {
    pending.current = asked > 0 ? { asked, after: Date.now() } : null;
  };
}
