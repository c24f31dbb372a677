import { App, Button, Card, Form, Skeleton, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../shared/errors';
import { api, useAction, useQuery } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { applyFieldIssues, ErrorAlert, useShowError } from '../../ui/errors';
import { reminderConfigOf, reminderForm, ReminderInputs, type ReminderFormValues } from '../rules/ReminderFields';
import { reminderFormIssues } from '../rules/reminder-issues';

/** Approval-reminder defaults: what every rule's `reminders` fields left empty take. */
export function ReminderDefaultsCard() {
  const { t } = useTranslation('reminders');
  const localize = useLocalized();
  const { message } = App.useApp();
  const showError = useShowError();
  const query = useQuery(['rules.reminderDefaults'], () => api['rules.reminderDefaults']({}));
  const users = useQuery(['users.list'], () => api['users.list']({}));
  const [form] = Form.useForm<ReminderFormValues>();
  const userOptions = useMemo(() => (users.data?.users ?? []).map((u) => ({ value: u.uid, label: u.name ? `${u.name} (${u.uid})` : u.uid })), [users.data]);
  const defaults = query.data?.defaults;

  useEffect(() => {
    if (defaults) form.setFieldsValue({ reminderForm: reminderForm(defaults) });
  }, [defaults, form]);

  const save = useAction(async (v: ReminderFormValues) => {
    try {
      query.setData(await api['rules.saveReminderDefaults']({ defaults: reminderConfigOf(v.reminderForm) }));
      void message.success(t('defaultsSaved'));
    } catch (err) {
      const e = showError(err);
      // The services name `defaults.quietHours.timeZone`; the form calls it `reminderForm.timeZone`.
      applyFieldIssues(form, reminderFormIssues((e as { issues?: FieldIssue[] }).issues, 'defaults'), localize);
    }
  });

  return (
    <Card title={t('defaultsTitle')} data-testid="reminder-defaults-card">
      {!defaults ? (
        query.error ? (
          <ErrorAlert error={query.error} onRetry={() => void query.reload()} />
        ) : (
          <Skeleton active />
        )
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => void save.run(v)}>
          <Typography.Paragraph type="secondary">{t('defaultsHelp')}</Typography.Paragraph>
          <ReminderInputs users={userOptions} />
          <Button type="primary" htmlType="submit" loading={save.pending} data-testid="reminder-defaults-save">
            {t('defaultsSave')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
