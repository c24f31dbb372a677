import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, List, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { importSummaryText } from '../../../shared/config-import-summary';
import type { MethodOutput } from '../../../shared/contract/index';
import { namesItsPlace } from '../../../shared/validation-text';
import { api, toApiError, useAction, type ApiError } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { downloadText } from '../../ui/download';
import { ErrorAlert, useShowError } from '../../ui/errors';

/** `channels.feishu.appId` → `channels › feishu › appId`: where to look in the file, not a code path. */
const filePlace = (path: string): string => path.split('.').join(' › ');

/** Export / import of the config file through the config service (same checks and secret rules as the CLI). */
export function ConfigFileCard() {
  const { t } = useTranslation('configFile');
  const localize = useLocalized();
  const showError = useShowError();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<MethodOutput<'config.import'> | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const exporter = useAction(() => api['config.export']({}));
  const importer = useAction((text: string) => api['config.import']({ text }));

  const onFile = async (file: File): Promise<void> => {
    setResult(null);
    setFailure(null);
    try {
      setResult(await importer.run(await file.text()));
      void message.success(t('common:saved'));
    } catch (err) {
      setFailure(toApiError(err));
    }
  };

  return (
    <Card title={t('title')} data-testid="config-file-card">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('help')}</Typography.Text>
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            loading={exporter.pending}
            data-testid="config-export"
            onClick={async () => {
              try {
                const { text, fileName } = await exporter.run();
                downloadText(fileName, text, 'application/json;charset=utf-8');
              } catch (err) {
                showError(err);
              }
            }}
          >
            {t('export')}
          </Button>
          <Button icon={<UploadOutlined />} loading={importer.pending} data-testid="config-import" onClick={() => input.current?.click()}>
            {t('import')}
          </Button>
          <input
            ref={input}
            type="file"
            accept=".json,application/json"
            aria-label={t('chooseFile')}
            data-testid="config-import-file"
            style={{ display: 'none' }}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void onFile(file);
            }}
          />
        </Space>
        {result && <Alert type="success" showIcon data-testid="config-import-result" title={localize(importSummaryText(result))} />}
        {failure && (
          <div data-testid="config-import-error">
            {/* With issues, the list says where; the service's one-line summary repeats them as raw paths. */}
            {!failure.issues?.length && <ErrorAlert error={failure} />}
            {failure.issues && failure.issues.length > 0 && (
              <List
                bordered
                size="small"
                header={t('problemsTitle')}
                dataSource={failure.issues}
                renderItem={(i) => (
                  <List.Item>
                    {/* A sentence that starts with its place (`users.0.uid` must not be empty) is not told where again. */}
                    {i.path !== '' && !namesItsPlace(i) && <Typography.Text strong>{t('at', { path: filePlace(i.path) })}: </Typography.Text>}
                    {localize(i.message)}
                  </List.Item>
                )}
              />
            )}
          </div>
        )}
      </Flex>
    </Card>
  );
}
