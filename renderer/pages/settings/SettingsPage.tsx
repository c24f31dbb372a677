import { Alert, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, methodQuery, useQuery, type QueryDef } from '../../api';
import { LanguageSwitch } from '../../i18n/LanguageSwitch';
import { useLocalized } from '../../i18n/LanguageProvider';
import { ErrorAlert } from '../../ui/errors';
import { ConfigFileCard } from './ConfigFileCard';
import { InboxCard } from './InboxCard';
import { ReminderDefaultsCard } from './ReminderDefaultsCard';
import { RetentionCard } from './RetentionCard';

/** What the page and its cards show first (loaded ahead by the shell, renderer/app/preload-pages.ts). */
export const firstQueries: readonly QueryDef[] = [
  methodQuery('app.info'),
  methodQuery('retention.get'),
  methodQuery('inbox.get'),
  methodQuery('rules.reminderDefaults'),
  methodQuery('users.list'),
];

/** A value still on its way: one line, like the value it stands for. */
const PENDING = <Typography.Text type="secondary">…</Typography.Text>;

export function SettingsPage() {
  const { t } = useTranslation('settings');
  const localize = useLocalized();
  const query = useQuery(['app.info'], () => api['app.info']({}));
  const info = query.data;

  return (
    <Space orientation="vertical" size={16} style={{ display: 'flex' }} data-testid="page-settings">
      {info?.settingsRecovery && (
        <Alert
          type="warning"
          showIcon
          data-testid="settings-recovered"
          title={localize(info.settingsRecovery.message)}
          description={t('recoveredBackup', { path: info.settingsRecovery.backupPath })}
        />
      )}
      <Card title={t('language')}>
        <Space orientation="vertical">
          <LanguageSwitch testId="settings-language" />
          <Typography.Text type="secondary">{t('languageHelp')}</Typography.Text>
        </Space>
      </Card>
      {query.error && !info ? (
        <ErrorAlert error={query.error} onRetry={() => void query.reload()} />
      ) : (
        // Shown at once, the values following: at their final size, so the cards below stay where they are.
        <>
          <Card title={t('keychain')} aria-busy={!info}>
            <Descriptions
              column={1}
              items={[
                {
                  key: 'status',
                  label: t('status'),
                  children: !info ? (
                    PENDING
                  ) : info.vault.available ? (
                    <Tag color="green" data-testid="vault-status" data-available="true">
                      {t('keychainOk')}
                    </Tag>
                  ) : (
                    <Tag color="red" data-testid="vault-status" data-available="false">
                      {t('keychainUnavailable')}
                    </Tag>
                  ),
                },
                {
                  key: 'backend',
                  label: t('backend'),
                  children: info ? <span data-testid="vault-backend">{t(`backends.${info.vault.backend}`)}</span> : PENDING,
                },
                { key: 'location', label: t('location'), children: info ? <Typography.Text code>{info.vault.location}</Typography.Text> : PENDING },
              ]}
            />
            {info && !info.vault.available && info.vault.problem && (
              <Alert
                type="error"
                showIcon
                data-testid="vault-problem"
                title={localize(info.vault.problem.message)}
                description={`${t('common:fix')}: ${localize(info.vault.problem.fix)}`}
              />
            )}
          </Card>
          <Card title={t('dataFolder')} aria-busy={!info}>
            <Descriptions
              column={1}
              items={[
                {
                  key: 'dir',
                  label: t('dataFolder'),
                  children: info ? (
                    <Typography.Text code copyable data-testid="data-dir">
                      {info.dataDir}
                    </Typography.Text>
                  ) : (
                    PENDING
                  ),
                },
                { key: 'mode', label: t('mode'), children: info ? t(`modes.${info.mode}`) : PENDING },
                { key: 'file', label: t('settingsFile'), children: info ? <Typography.Text code>{info.settingsFile}</Typography.Text> : PENDING },
                { key: 'version', label: t('version'), children: info ? info.version : PENDING },
              ]}
            />
            <Typography.Text type="secondary">{t('dataFolderHelp')}</Typography.Text>
          </Card>
        </>
      )}
      {/* Keyed: Space keys its items by position, and the cards above appear when the app info arrives; without a key
          these cards would remount then and lose what the admin just did (an import's result, a half-typed secret). */}
      <InboxCard key="inbox" />
      <ReminderDefaultsCard key="reminder-defaults" />
      <RetentionCard key="retention" />
      <ConfigFileCard key="config-file" />
    </Space>
  );
}
