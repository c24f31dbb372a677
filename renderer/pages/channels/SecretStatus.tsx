import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SecretInfo } from './model';
import { useDateFormat } from '../../ui/dates';

/** "Set · changed <time>" or "Not set": all the UI ever knows about a secret. */
export function SecretStatus({ fieldId, info }: { fieldId: string; info: SecretInfo | undefined }) {
  const { t } = useTranslation('channels');
  const dates = useDateFormat();
  if (!info?.set) {
    return (
      <Tag data-testid={`secret-status-${fieldId}`} data-secret-set="false">
        {t('secretNotSet')}
      </Tag>
    );
  }
  const time = info.changedAt ? dates.dateTimeShort(info.changedAt) : '—';
  return (
    <Tag color="green" data-testid={`secret-status-${fieldId}`} data-secret-set="true">
      {t('secretSet', { time })}
    </Tag>
  );
}
