import { Alert, Button, Space } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, useQuery } from '../api';
import { useLocalized } from '../i18n/LanguageProvider';
import { usePolling } from '../pages/deliveries/usePolling';
import { useRetryFeedback } from '../pages/deliveries/useRetryFeedback';
import { useShowError } from '../ui/errors';

/** Dead letters (and a paused sender), from the same alerts service that drives the tray. */
export function FailureBanner() {
  const { t } = useTranslation('deliveries');
  const l = useLocalized();
  const navigate = useNavigate();
  const showError = useShowError();
  const retried = useRetryFeedback();
  const [retrying, setRetrying] = useState(false);
  const status = useQuery(() => api['sender.status']({}), []);
  const { reload: reloadStatus } = status;
  const reload = useCallback(() => void reloadStatus(), [reloadStatus]);
  usePolling(reload, 5_000);
  const alerts = status.data?.alerts;
  if (!alerts?.banner) return null;
  return (
    <Alert
      data-testid="failure-banner"
      data-level={alerts.level}
      type={alerts.failureCount > 0 ? 'error' : 'warning'}
      showIcon
      style={{ marginBottom: 16 }}
      title={l(alerts.banner.message)}
      action={
        <Space>
          <Button size="small" onClick={() => void navigate('/deliveries')} data-testid="failure-banner-open">
            {t('banner.open')}
          </Button>
          {alerts.paused && (
            <Button
              size="small"
              type="primary"
              data-testid="failure-banner-resume"
              onClick={() =>
                void api['sender.resume']({})
                  .then((next) => status.setData(next))
                  .catch(showError)
              }
            >
              {t('banner.resume')}
            </Button>
          )}
          {alerts.failureCount > 0 && (
            <Button
              size="small"
              data-testid="failure-banner-retry-all"
              loading={retrying}
              onClick={() => {
                setRetrying(true);
                void api['sender.retryAllFailed']({})
                  .then((r) => {
                    retried(r.count, alerts.failureCount);
                    return status.reload();
                  })
                  .catch(showError)
                  .finally(() => setRetrying(false));
              }}
            >
              {t('banner.retryAll')}
            </Button>
          )}
        </Space>
      }
    />
  );
}
