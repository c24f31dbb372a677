import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../i18n/LanguageProvider';
import type { SecretInfo } from './model';

/** "Set · changed <time>" or "Not set": all the UI ever knows about a secret. */
export function SecretStatus({ fieldId, info }: { fieldId: string; info: SecretInfo | undefined }) {
  const { t } = useTranslation('channels');
  const { language } = useLanguage();
  if (!info?.set) {
    return (
      <Tag data-testid={`secret-status-${fieldId}`} data-secret-set="false">
        {t('secretNotSet')}
      </Tag>
    );
  }
  const time = info.changedAt
    ? new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(info.changedAt))
    : '—';
  return (
    <Tag color="green" data-testid={`secret-status-${fieldId}`} data-secret-set="true">
      {t('secretSet', { time })}
    </Tag>
  );
}
