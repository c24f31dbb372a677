import { Alert, Button } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, useQuery } from '../api';
import { useLocalized } from '../i18n/LanguageProvider';
import { usePolling } from '../pages/deliveries/usePolling';

/** The vault (keychain or encrypted file) as the services last saw it: why deliveries wait, and the fix. */
export function VaultBanner() {
  const { t } = useTranslation('vault');
  const l = useLocalized();
  const navigate = useNavigate();
  const health = useQuery(() => api['vault.health']({}), []);
  const { reload: reloadHealth } = health;
  const reload = useCallback(() => void reloadHealth(), [reloadHealth]);
  usePolling(reload, 5_000);
  const status = health.data;
  if (!status || status.available || !status.problem) return null;
  return (
    <Alert
      data-testid="vault-banner"
      data-reason={status.problem.reason}
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('bannerTitle')}
      description={
        <>
          <div>{t('bannerBody', { problem: l(status.problem.message) })}</div>
          <div>
            {t('common:fix')}: {l(status.problem.fix)}
          </div>
        </>
      }
      action={
        <Button size="small" onClick={() => void navigate('/settings')} data-testid="vault-banner-open">
          {t('openSettings')}
        </Button>
      }
    />
  );
}
