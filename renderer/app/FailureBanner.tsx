import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, useQuery } from '../api';
import { useLocalized } from '../i18n/LanguageProvider';
import { RetryAllButton, useRetryAll } from '../pages/deliveries/RetryAllButton';
import { useShowError } from '../ui/errors';

/** Dead letters (and a paused sender), from the same alerts service that drives the tray. */
export function FailureBanner() {
  const { t } = useTranslation('deliveries');
  const l = useLocalized();
  const navigate = useNavigate();
  const showError = useShowError();
  const status = useQuery(['sender.status'], () => api['sender.status']({}));
  const retryAll = useRetryAll('open-log');
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
          {alerts.failureCount > 0 && <RetryAllButton testId="failure-banner-retry-all" size="small" retryAll={retryAll} />}
        </Space>
      }
    />
  );
}
