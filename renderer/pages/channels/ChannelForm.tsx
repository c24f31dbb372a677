import { Alert, Button, Collapse, Divider, Flex, Form, Input, Select, Space, Switch, Tooltip, Typography } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import type { Rule } from 'antd/es/form';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelDef, type CredentialField } from '../../../shared/catalog/channels';
import type { CredtestRun } from '../../../shared/contract/credtest';
import { isRegionSupported, regionsFor, US_SITE_NOTICE } from '../../../shared/catalog/regions';
import type { FieldIssue } from '../../../shared/errors';
import { useLocalized } from '../../i18n/LanguageProvider';
import { applyFieldIssues } from '../../ui/errors';
import { toFormValues, toSaveRequest, type ChannelFormValues, type ChannelSaveRequest, type ChannelView } from './model';
import { SecretStatus } from './SecretStatus';
import { CredentialTestPanel, type CredtestDraft } from './CredentialTestPanel';
import { fieldsForFailure } from './failure-field';
import { MovedSecretNotice } from './MovedSecretNotice';
import { NotificationLanguage } from './NotificationLanguage';
import { OpenDmsLinks } from './OpenDmsLinks';
import { ApproveFromChat } from './ApproveFromChat';
import { isPlainHttpToRemote, isValidBaseUrl, matchesFormat } from './validation';
import { channelSaveInputSchema } from '../../../shared/contract/channels';
import { textLimit } from '../../ui/text-limit';

export interface ChannelFormProps {
  readonly view: ChannelView;
  /** Saves and resolves with the new view; throws ApiError (field issues are mapped onto the form). */
  readonly onSave: (req: ChannelSaveRequest) => Promise<ChannelView>;
  /** Issues to show right away, e.g. after the card's Enable switch was refused. */
  readonly initialIssues?: readonly FieldIssue[] | undefined;
  /** A credential test finished (the card's last test may have changed). */
  readonly onTested?: (run: CredtestRun) => void;
  /** The region the admin just chose in the setup guide: preselected (over a stored one), saved only with the form. */
  readonly suggestedRegion?: string | undefined;
}

/** The guide's region when it is one this channel supports and differs from the stored one. */
function guideRegion(view: ChannelView, region: string | undefined): string | undefined {
  return region && region !== view.region && isRegionSupported(view.channel, region) ? region : undefined;
}

/**
 * One channel's credentials: exactly the catalog's fields, write-only secrets, region and base URL
 * overrides. Required fields are only enforced when the channel is (being) enabled, so an admin can
 * save half a configuration and come back.
 */
export function ChannelForm({ view, onSave, initialIssues, onTested, suggestedRegion }: ChannelFormProps) {
  const def = channelDef(view.channel);
  const { t } = useTranslation('channels');
  const localize = useLocalized();
  const [form] = Form.useForm<ChannelFormValues>();
  /** Bumped on every edit of a tested value: a shown test result no longer applies. */
  const [valuesVersion, setValuesVersion] = useState(0);
  const fromGuide = guideRegion(view, suggestedRegion);

  useEffect(() => {
    if (initialIssues?.length) applyFieldIssues(form, initialIssues, localize);
  }, [form, initialIssues, localize]);

  const submit = async (): Promise<boolean> => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return false;
    try {
      const next = await onSave(toSaveRequest(view.channel, values));
      // The typed secrets leave the DOM with the save; the form now mirrors what was stored.
      form.setFieldsValue(toFormValues(next));
      form.setFieldValue('secrets', {});
      return true;
    } catch (err) {
      const issues = (err as { issues?: FieldIssue[] }).issues;
      applyFieldIssues(form, issues, localize);
      return false;
    }
  };

  /** The form's current values for a credential test; null (errors shown) when they do not validate. */
  const draft = useCallback(async (): Promise<CredtestDraft | null> => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return null;
    // Approve-from-chat settings are not part of a credential test.
    const { channel: _channel, approval: _approval, ...typed } = toSaveRequest(view.channel, values).save;
    return typed;
  }, [form, view.channel]);

  /** Marks the field a failed step points at (e.g. the card template id for param.cardTemplateNotExist). */
  const markFailure = (run: CredtestRun): void => {
    onTested?.(run);
    const failed = run.steps.find((st) => st.status === 'fail');
    const fields = fieldsForFailure(failed?.code ?? null).flatMap((id) => {
      const field = def.fields.find((f) => f.id === id);
      return field ? [[field.secret ? 'secrets' : 'values', id] as const] : [];
    });
    if (!failed?.diagnosis || fields.length === 0) return;
    form.setFields(fields.map((name) => ({ name: [...name], errors: [localize(failed.diagnosis!)] })));
    form.scrollToField([...fields[0]!]);
  };

  const saveFromTest = async (enable: boolean): Promise<boolean> => {
    if (enable) form.setFieldValue('enabled', true);
    return submit();
  };

  return (
    <>
      <Form<ChannelFormValues>
        form={form}
        name={`channel-${view.channel}`}
        layout="vertical"
        initialValues={fromGuide ? { ...toFormValues(view), region: fromGuide } : toFormValues(view)}
        onFinish={() => void submit()}
        onValuesChange={(changed: Partial<ChannelFormValues>) => {
          if (Object.keys(changed).some((k) => k !== 'enabled')) setValuesVersion((v) => v + 1);
        }}
        data-testid={`channel-form-${view.channel}`}
        requiredMark
      >
        <Form.Item name="enabled" label={t('enable')} valuePropName="checked" extra={t('enabledHelp')}>
          <Switch data-testid="form-enabled" />
        </Form.Item>

        <Form.Item
          name="region"
          label={t('region')}
          required
          dependencies={['enabled']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v: string | undefined) => (getFieldValue('enabled') && !v ? Promise.reject(new Error(t('regionRequired'))) : Promise.resolve()),
            }),
          ]}
          extra={
            <>
              {fromGuide && (
                <Typography.Text type="warning" data-testid="region-from-guide">
                  {t('regionFromGuide')}
                </Typography.Text>
              )}
              <Alert type="info" showIcon title={localize(US_SITE_NOTICE)} style={{ marginTop: 8 }} data-testid="us-site-notice" />
            </>
          }
        >
          <Select
            data-testid="form-region"
            placeholder={t('regionPlaceholder')}
            allowClear
            options={regionsFor(view.channel).map((r) => ({ value: r.id, label: `${localize(r.name)} · ${r.id}` }))}
          />
        </Form.Item>

        {def.fields.map((field) => (
          <CredentialFormItem key={field.id} field={field} view={view} />
        ))}

        <Collapse
          ghost
          items={[
            {
              key: 'advanced',
              label: <span data-testid="advanced-toggle">{t('advanced')}</span>,
              forceRender: true,
              children: (
                <>
                  <Typography.Paragraph type="secondary" data-testid="advanced-help">
                    {t('advancedHelp', { platform: localize(def.name) })}
                  </Typography.Paragraph>
                  <Typography.Paragraph type="secondary">{t('secretFollowsAddress')}</Typography.Paragraph>
                  <MovedSecretNotice form={form} view={view} />
                  {def.baseUrls.map((b) => (
                    <Form.Item
                      key={b.id}
                      name={['baseUrls', b.id]}
                      label={localize(b.label)}
                      rules={[
                        {
                          validator: (_, v: string | undefined) =>
                            !v?.trim()
                              ? Promise.resolve()
                              : !isValidBaseUrl(v.trim())
                                ? Promise.reject(new Error(t('badUrl', { example: b.defaultUrl })))
                                : isPlainHttpToRemote(v.trim())
                                  ? Promise.reject(new Error(t('httpLoopbackOnly')))
                                  : Promise.resolve(),
                        },
                      ]}
                    >
                      <Input
                        placeholder={b.defaultUrl}
                        data-testid={`baseurl-${b.id}`}
                        autoComplete="off"
                        spellCheck={false}
                        {...textLimit(channelSaveInputSchema.shape.baseUrls)}
                      />
                    </Form.Item>
                  ))}
                </>
              ),
            },
            {
              key: 'links',
              label: <span data-testid="links-toggle">{t('links.title')}</span>,
              forceRender: true,
              children: <OpenDmsLinks form={form} channel={view.channel} />,
            },
          ]}
        />

        <ApproveFromChat form={form} channel={view.channel} />

        <Flex justify="end" style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" data-testid="channel-save">
            {t('common:save')}
          </Button>
        </Flex>
      </Form>
      <Divider titlePlacement="start">{t('credtest:title')}</Divider>
      <CredentialTestPanel
        channel={view.channel}
        draft={draft}
        valuesVersion={valuesVersion}
        enabled={view.enabled}
        onFinished={markFailure}
        onSave={saveFromTest}
      />

      <Divider titlePlacement="start">{t('messages:title')}</Divider>
      <NotificationLanguage channel={view.channel} />
    </>
  );
}

function CredentialFormItem({ field, view }: { field: CredentialField; view: ChannelView }) {
  const { t } = useTranslation('channels');
  const localize = useLocalized();
  const secretInfo = view.secrets[field.id];
  const alreadySet = field.secret && !!secretInfo?.set;

  const rules: Rule[] = [
    ({ getFieldValue }) => ({
      validator: (_, raw: string | undefined) => {
        const v = field.secret ? (raw ?? '') : (raw ?? '').trim();
        if (v === '') {
          const missing = field.required && getFieldValue('enabled') && !alreadySet;
          return missing ? Promise.reject(new Error(t('requiredToEnable', { field: field.label }))) : Promise.resolve();
        }
        return matchesFormat(field, v) ? Promise.resolve() : Promise.reject(new Error(t('format', { hint: localize(field.formatHint) })));
      },
    }),
  ];

  const label = (
    <Space size={6}>
      <span>{field.label}</span>
      {field.note && (
        <Tooltip title={localize(field.note)}>
          <InfoCircleOutlined aria-label={localize(field.note)} />
        </Tooltip>
      )}
      {field.secret && <SecretStatus fieldId={field.id} info={secretInfo} />}
    </Space>
  );

  const extra = (
    <span data-testid={`where-${field.id}`}>
      {t('whereToFind', { where: localize(field.whereToFind) })} · {t('format', { hint: localize(field.formatHint) })}
    </span>
  );

  return (
    <Form.Item
      name={[field.secret ? 'secrets' : 'values', field.id]}
      label={label}
      required={field.required}
      dependencies={['enabled']}
      rules={rules}
      extra={extra}
    >
      {field.secret ? (
        <Input.Password
          data-testid={`field-${field.id}`}
          aria-label={field.label}
          autoComplete="new-password"
          spellCheck={false}
          placeholder={alreadySet ? t('secretPlaceholderSet') : t('secretPlaceholderNotSet')}
          {...textLimit(channelSaveInputSchema.shape.secrets.unwrap().shape.appSecret)}
        />
      ) : (
        <Input
          data-testid={`field-${field.id}`}
          aria-label={field.label}
          autoComplete="off"
          spellCheck={false}
          {...textLimit(channelSaveInputSchema.shape.values)}
        />
      )}
    </Form.Item>
  );
}
