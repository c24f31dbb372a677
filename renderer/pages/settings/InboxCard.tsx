import { Alert, App, Button, Card, Flex, Form, Input, Popconfirm, Skeleton, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { inboxConfigSectionSchema, type InboxView } from '../../../shared/contract/inbox';
import type { FieldIssue } from '../../../shared/errors';
import { api, useAction, useQuery } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { applyFieldIssues, ErrorAlert, useShowError } from '../../ui/errors';
import { SecretStatus } from '../channels/SecretStatus';
import { inboxUrlProblem } from './inbox-url-problem';
import { textLimit } from '../../ui/text-limit';

interface FormValues {
  requireSignature: boolean;
  signingSecret: string;
}

/** The DMS webhook inbox: its URL, where to paste it, the signature policy and secret, token rotation. */
export function InboxCard() {
  const { t } = useTranslation('inbox');
  const localize = useLocalized();
  const { message } = App.useApp();
  const showError = useShowError();
  const query = useQuery(['inbox.get'], () => api['inbox.get']({}));
  const [form] = Form.useForm<FormValues>();
  const view = query.data;

  /** Runs a change, shows the stored state, and empties the secret field (it never stays in the page). */
  const apply = async (change: () => Promise<InboxView>, done: string): Promise<void> => {
    try {
      const next = await change();
      query.setData(next);
      form.setFieldsValue({ requireSignature: next.requireSignature, signingSecret: '' });
      void message.success(done);
    } catch (err) {
      const e = showError(err);
      applyFieldIssues(form, (e as { issues?: FieldIssue[] }).issues, localize);
    }
  };
  const save = useAction((v: FormValues) =>
    apply(() => api['inbox.save']({ requireSignature: v.requireSignature, ...(v.signingSecret ? { signingSecret: v.signingSecret } : {}) }), t('saved')),
  );
  const clear = useAction(() => apply(() => api['inbox.clearSigningSecret']({}), t('cleared')));
  const rotate = useAction(() => apply(() => api['inbox.rotateToken']({}), t('rotated')));

  if (!view) {
    return (
      <Card title={t('title')} data-testid="inbox-card">
        {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.reload()} /> : <Skeleton active />}
      </Card>
    );
  }
  const problem = view.url ? inboxUrlProblem(view.url) : null;

  return (
    <Card
      title={t('title')}
      data-testid="inbox-card"
      extra={
        view.url && (
          <Popconfirm title={t('rotateConfirm')} onConfirm={() => void rotate.run()}>
            <Button danger loading={rotate.pending} data-testid="inbox-rotate">
              {t('rotate')}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Space orientation="vertical" size={12} style={{ display: 'flex' }}>
        {view.url ? (
          <div>
            <Typography.Text strong>{t('url')}: </Typography.Text>
            <Typography.Text code copyable data-testid="inbox-url">
              {view.url}
            </Typography.Text>
          </div>
        ) : (
          <Alert type="info" showIcon data-testid="inbox-not-served" title={t('notServed')} />
        )}
        <Typography.Text type="secondary">{t('whereToPaste')}</Typography.Text>
        {problem && <Alert type="warning" showIcon data-testid={`inbox-${problem.kind}`} title={t(problem.kind, { host: problem.host })} />}
        <div>
          <Typography.Text strong>{t('signature')}: </Typography.Text>
          <Typography.Text code data-testid="inbox-signature-header">
            {`${view.signatureHeader}: ${t('signatureFormat')}`}
          </Typography.Text>
          <br />
          <Typography.Text code data-testid="inbox-timestamp-header">{`${view.timestampHeader}: ${t('timestampFormat')}`}</Typography.Text>
          <br />
          <Typography.Text type="secondary">
            {t('signatureHelp', { timestampHeader: view.timestampHeader, signatureHeader: view.signatureHeader })}
          </Typography.Text>
        </div>
        <Form<FormValues>
          form={form}
          name="inbox-settings"
          layout="vertical"
          initialValues={{ requireSignature: view.requireSignature, signingSecret: '' }}
          onFinish={(v) => void save.run(v)}
          data-testid="inbox-form"
        >
          <Form.Item
            name="signingSecret"
            label={
              <Space size={6}>
                <span>{t('secret')}</span>
                <SecretStatus fieldId="inbox-signing-secret" info={view.signingSecret} />
              </Space>
            }
          >
            <Input.Password
              data-testid="inbox-secret"
              autoComplete="new-password"
              spellCheck={false}
              placeholder={view.signingSecret.set ? t('secretPlaceholderSet') : t('secretPlaceholderNotSet')}
              {...textLimit(inboxConfigSectionSchema.shape.signingSecret)}
            />
          </Form.Item>
          <Form.Item name="requireSignature" label={t('require')} extra={t('requireHelp')} valuePropName="checked">
            <Switch data-testid="inbox-require" />
          </Form.Item>
          <Flex justify="end" gap={8}>
            {view.signingSecret.set && (
              <Popconfirm title={t('clearConfirm')} onConfirm={() => void clear.run()}>
                <Button loading={clear.pending} data-testid="inbox-clear-secret">
                  {t('clearSecret')}
                </Button>
              </Popconfirm>
            )}
            <Button type="primary" htmlType="submit" loading={save.pending} data-testid="inbox-save">
              {t('common:save')}
            </Button>
          </Flex>
        </Form>
      </Space>
    </Card>
  );
}
