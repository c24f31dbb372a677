import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * What Retry and Retry-all tell the admin, wherever they appear (delivery row, log toolbar, banner):
 * how many went back to the queue, and why the rest did not. `asked` is how many dead letters were
 * offered (null when unknown).
 */
export function useRetryFeedback(): (count: number, asked: number | null) => void {
  const { t } = useTranslation('retry');
  const { message } = App.useApp();
  return useCallback(
    (count: number, asked: number | null) => {
      if (count === 0 && asked === 0) void message.info(t('nothing'));
      else if (count === 0) void message.warning(t('none'));
      else if (asked !== null && count < asked) void message.warning(t('partial', { count, asked }));
      else void message.success(t('queued', { count }));
    },
    [t, message],
  );
}
