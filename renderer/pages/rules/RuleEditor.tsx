import { Form, Modal, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS } from '../../../shared/catalog/channels';
import { ANY } from '../../../shared/catalog/dms-events';
import type { RuleInput, RuleView } from '../../../shared/contract/rules';
import { useLocalized } from '../../i18n/LanguageProvider';
import { businessTypeOptions, moduleOptions, statusOptions, type Option } from './catalog-options';

/** Add or edit one rule. `rule` null = a new one. */
export function RuleEditor(props: {
  open: boolean;
  rule: RuleView | null;
  users: readonly Option[];
  saving: boolean;
  onSave: (rule: RuleInput) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation('rules');
  const l = useLocalized();
  const [form] = Form.useForm<RuleInput>();
  const moduleId = Form.useWatch('module', form);

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue(
      props.rule ?? { module: 'ticket', businessType: 'data-export', status: 'pending-approval', enabled: true, additionalUsers: [], channels: [] },
    );
  }, [props.open, props.rule, form]);

  return (
    <Modal
      open={props.open}
      title={props.rule ? t('form.titleEdit') : t('form.titleAdd')}
      okText={t('form.save')}
      cancelText={t('form.cancel')}
      confirmLoading={props.saving}
      onCancel={props.onCancel}
      onOk={() => void form.validateFields().then((v) => props.onSave(v))}
      okButtonProps={{ 'data-testid': 'rule-form-save' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="rule-form">
        <Form.Item name="module" label={t('form.module')} rules={[{ required: true }]}>
          <Select
            data-testid="rule-form-module"
            options={moduleOptions(l)}
            onChange={() => form.setFieldValue('businessType', ANY)}
          />
        </Form.Item>
        <Form.Item name="businessType" label={t('form.businessType')} rules={[{ required: true }]}>
          <Select data-testid="rule-form-business-type" showSearch optionFilterProp="label" options={businessTypeOptions(l, moduleId, t('any'))} />
        </Form.Item>
        <Form.Item name="status" label={t('form.status')} rules={[{ required: true }]}>
          <Select data-testid="rule-form-status" showSearch optionFilterProp="label" options={statusOptions(l, t('any'))} />
        </Form.Item>
        <Form.Item name="enabled" label={t('form.enabled')} valuePropName="checked">
          <Switch data-testid="rule-form-enabled" />
        </Form.Item>
        <Form.Item name="additionalUsers" label={t('form.users')} extra={t('form.usersHelp')}>
          <Select data-testid="rule-form-users" mode="multiple" optionFilterProp="label" options={[...props.users]} />
        </Form.Item>
        <Form.Item name="channels" label={t('form.channels')} extra={t('form.channelsHelp')}>
          <Select data-testid="rule-form-channels" mode="multiple" options={CHANNELS.map((c) => ({ value: c.id, label: l(c.name) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
