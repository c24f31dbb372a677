import { Button, Collapse, Flex, Form, Input, InputNumber, Select, Space, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { DMS_API_REGIONS, publicEndpointHost } from '../../../shared/catalog/dms-openapi';
import { ACCESS_KEY_ID_PATTERN, DMS_FIELD_TEXT, dmsConfigSectionSchema, dmsConnectionSchema, type DmsConnectionView } from '../../../shared/contract/dms';
import type { FieldIssue } from '../../../shared/errors';
import { useLocalized } from '../../i18n/LanguageProvider';
import { applyFieldIssues } from '../../ui/errors';
import type { DmsSaveRequest } from './source';
import { useDateFormat } from '../../ui/dates';
import { textLimit } from '../../ui/text-limit';

interface FormValues {
  enabled: boolean;
  region: string;
  tid: number | null;
  accessKeyId: string;
  accessKeySecret?: string;
  endpoint: string;
  pollSeconds: number;
}

const toValues = (v: DmsConnectionView): FormValues => ({
  enabled: v.enabled,
  region: v.region,
  tid: v.tid,
  accessKeyId: v.accessKeyId,
  accessKeySecret: '',
  endpoint: v.endpoint,
  pollSeconds: v.pollSeconds,
});

export interface ConnectionFormProps {
  readonly view: DmsConnectionView;
  /** Saves and resolves with the stored view; throws ApiError (field issues land on the form). */
  readonly onSave: (req: DmsSaveRequest) => Promise<DmsConnectionView>;
}

/** Region, Tid, AccessKey (secret write-only), endpoint override and interval of the DMS connection. */
export function ConnectionForm({ view, onSave }: ConnectionFormProps) {
  const { t } = useTranslation('dms');
  const localize = useLocalized();
  const dates = useDateFormat();
  const [form] = Form.useForm<FormValues>();
  const region = Form.useWatch('region', form) ?? view.region;

  const submit = async (values: FormValues): Promise<void> => {
    try {
      const next = await onSave({
        enabled: values.enabled,
        region: values.region,
        tid: values.tid ?? null,
        accessKeyId: values.accessKeyId.trim(),
        endpoint: values.endpoint.trim(),
        pollSeconds: values.pollSeconds,
        ...(values.accessKeySecret ? { accessKeySecret: values.accessKeySecret } : {}),
      });
      // The typed secret leaves the DOM once it is stored.
      form.setFieldsValue(toValues(next));
    } catch (err) {
      applyFieldIssues(form, (err as { issues?: FieldIssue[] }).issues, localize);
    }
  };

  const changed = view.secretChangedAt ? dates.dateTimeShort(view.secretChangedAt) : '—';

  return (
    <Form<FormValues>
      form={form}
      name="dms-connection"
      layout="vertical"
      initialValues={toValues(view)}
      onFinish={(v) => void submit(v)}
      data-testid="dms-connection-form"
    >
      <Form.Item name="region" label={t('connection.region')} extra={t('connection.regionHelp', { host: view.resolvedEndpoint ?? publicEndpointHost(region) })}>
        <Select data-testid="dms-region" showSearch options={DMS_API_REGIONS.map((r) => ({ value: r.id, label: `${localize(r.name)} · ${r.id}` }))} />
      </Form.Item>
      <Form.Item
        name="tid"
        label={t('connection.tid')}
        extra={t('connection.tidHelp')}
        rules={[
          {
            // Refused in words, not clamped to 1: a negative or oversized Tid is a paste accident to see.
            validator: async (_, v: number | null | undefined) =>
              v === null || v === undefined || (Number.isSafeInteger(v) && v > 0) ? undefined : Promise.reject(new Error(localize(DMS_FIELD_TEXT.tid))),
          },
        ]}
      >
        <InputNumber data-testid="dms-tid" style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        name="accessKeyId"
        label={t('connection.accessKeyId')}
        rules={[
          {
            validator: async (_, v: string | undefined) =>
              ACCESS_KEY_ID_PATTERN.test((v ?? '').trim()) ? undefined : Promise.reject(new Error(localize(DMS_FIELD_TEXT.accessKeyId))),
          },
        ]}
      >
        <Input data-testid="dms-access-key-id" autoComplete="off" spellCheck={false} {...textLimit(dmsConnectionSchema.shape.accessKeyId)} />
      </Form.Item>
      <Form.Item
        name="accessKeySecret"
        label={
          <Space size={6}>
            <span>{t('connection.accessKeySecret')}</span>
            <Tag color={view.secretSet ? 'green' : undefined} data-testid="dms-secret-status" data-secret-set={String(view.secretSet)}>
              {view.secretSet ? t('connection.secretSet', { time: changed }) : t('connection.secretNotSet')}
            </Tag>
          </Space>
        }
      >
        <Input.Password
          data-testid="dms-access-key-secret"
          autoComplete="new-password"
          spellCheck={false}
          placeholder={view.secretSet ? t('connection.secretPlaceholderSet') : t('connection.secretPlaceholderNotSet')}
          {...textLimit(dmsConfigSectionSchema.shape.accessKeySecret)}
        />
      </Form.Item>
      <Collapse
        ghost
        items={[
          {
            key: 'advanced',
            label: <span data-testid="dms-advanced-toggle">{t('connection.advanced')}</span>,
            forceRender: true,
            children: (
              <>
                <Form.Item name="endpoint" label={t('connection.endpoint')} extra={t('connection.endpointHelp')}>
                  <Input
                    data-testid="dms-endpoint"
                    placeholder={publicEndpointHost(region)}
                    autoComplete="off"
                    spellCheck={false}
                    {...textLimit(dmsConnectionSchema.shape.endpoint)}
                  />
                </Form.Item>
                <Form.Item name="pollSeconds" label={t('connection.pollSeconds')}>
                  <InputNumber data-testid="dms-poll-seconds" min={10} max={3600} precision={0} />
                </Form.Item>
              </>
            ),
          },
        ]}
      />
      <Form.Item name="enabled" hidden valuePropName="checked">
        <Switch />
      </Form.Item>
      <Flex justify="end">
        <Button type="primary" htmlType="submit" data-testid="dms-save">
          {t('common:save')}
        </Button>
      </Flex>
    </Form>
  );
}
