import { Button, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, useQuery } from '../../api';
import { useShowError } from '../../ui/errors';
import { useRetryAllReport, type ReportHint } from './useRetryAllReport';
import { useRetryFeedback } from './useRetryFeedback';

export interface RetryAll {
  /** Dead letters now, from the one cached sender status (every place counts the same). */
  readonly dead: number;
  readonly pending: boolean;
  readonly retry: (asked: number) => Promise<void>;
}

/**
 * "Retry all failed", wherever it appears (the Delivery log's toolbar, the app-wide failure banner): queues
 * the dead letters again, says how many went back, and once the queue has drained how many failed again.
 * Call it where the component stays mounted: the banner's button goes away while nothing is dead, and the
 * report must still come when the retried deliveries fail again.
 */
export function useRetryAll(hint: ReportHint, onRetried?: () => void): RetryAll {
  const showError = useShowError();
  const retried = useRetryFeedback();
  const status = useQuery(['sender.status'], () => api['sender.status']({}));
  const watch = useRetryAllReport(status.data?.counts, status.updatedAt, hint);
  const [pending, setPending] = useState(false);
  const retry = async (asked: number): Promise<void> => {
    setPending(true);
    try {
      const { count } = await api['sender.retryAllFailed']({});
      retried(count, asked);
      watch(count);
      onRetried?.();
      await status.reload();
    } catch (err) {
      showError(err);
    } finally {
      setPending(false);
    }
  };
  return { dead: status.data?.counts.dead ?? 0, pending, retry };
}

/** The button of useRetryAll: asks with the count first. Its confirmation's OK button is `${testId}-ok`. */
export function RetryAllButton({ testId, size, retryAll }: { testId: string; size?: 'small'; retryAll: RetryAll }) {
  const { t } = useTranslation('retry');
  const { dead, pending, retry } = retryAll;
  return (
    <Popconfirm
      title={t('confirmAll', { count: dead })}
      disabled={dead === 0}
      okButtonProps={{ ...{ 'data-testid': `${testId}-ok` } }}
      onConfirm={() => void retry(dead)}
    >
      <Button
        size={size}
        data-testid={testId}
        loading={pending}
        // Nothing to confirm when nothing is dead: the click says so at once.
        onClick={() => {
          if (dead === 0) void retry(0);
        }}
      >
        {t('retryAll')}
      </Button>
    </Popconfirm>
  );
}
