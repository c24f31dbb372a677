import { App, Button, Card, Flex, Form, InputNumber, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RETENTION_MAX_DAYS, RETENTION_MIN_DAYS, type RetentionView } from '../../../shared/contract/retention';
import type { FieldIssue } from '../../../shared/errors';
import { api, useAction, useQuery } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { applyFieldIssues, ErrorAlert, useShowError } from '../../ui/errors';

/** How long finished events stay in the Delivery log (pruned hourly; dead letters and queued ones stay). */
export function RetentionCard() {
  const { t } = useTranslation('settings');
  const localize = useLocalized();
  const { message } = App.useApp();
  const showError = useShowError();
  const query = useQuery(['retention.get'], () => api['retention.get']({}));
  const [form] = Form.useForm<RetentionView>();
  const save = useAction(async (v: RetentionView) => {
    try {
      query.setData(await api['retention.save'](v));
      void message.success(t('retentionSaved', { count: v.sentEventDays }));
    } catch (err) {
      const e = showError(err);
      applyFieldIssues(form, (e as { issues?: FieldIssue[] }).issues, localize);
    }
  });

  return (
    <Card title={t('retention')} data-testid="retention-card">
      {!query.data ? (
        query.error ? (
          <ErrorAlert error={query.error} onRetry={() => void query.reload()} />
        ) : (
          <Skeleton active paragraph={{ rows: 1 }} />
        )
      ) : (
        <Form<RetentionView> form={form} name="retention" layout="vertical" initialValues={query.data} onFinish={(v) => void save.run(v)}>
          <Form.Item
            name="sentEventDays"
            label={t('retentionDays')}
            extra={t('retentionHelp')}
            rules={[
              {
                required: true,
                type: 'integer',
                min: RETENTION_MIN_DAYS,
                max: RETENTION_MAX_DAYS,
                message: t('retentionRange', { min: RETENTION_MIN_DAYS, max: RETENTION_MAX_DAYS }),
              },
            ]}
          >
            {/* No min/max/precision here: they would change a typed 0 or 2.5 silently; the rule says what is wrong instead. */}
            <InputNumber<number> data-testid="retention-days" suffix={t('days')} />
          </Form.Item>
          <Flex justify="space-between" align="center" gap={8}>
            <Typography.Text type="secondary">{t('retentionNow', { count: query.data.sentEventDays })}</Typography.Text>
            <Button type="primary" htmlType="submit" loading={save.pending} data-testid="retention-save">
              {t('common:save')}
            </Button>
          </Flex>
        </Form>
      )}
    </Card>
  );
}
