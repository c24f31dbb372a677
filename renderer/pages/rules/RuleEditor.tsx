import { AutoComplete, Form, Input, Modal, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS } from '../../../shared/catalog/channels';
import { ANY } from '../../../shared/catalog/dms-events';
import { ruleKeySchema, type RuleInput, type RuleView } from '../../../shared/contract/rules';
import type { FieldIssue } from '../../../shared/errors';
import { useLocalized } from '../../i18n/LanguageProvider';
import { applyFieldIssues } from '../../ui/errors';
import { ChatsField } from './ChatsField';
import { businessTypeOptions, moduleOptions, statusOptions, type Option } from './catalog-options';
import { ReminderFields, reminderFormValues, remindersOf, type ReminderFormValues } from './ReminderFields';
import { reminderFormIssues } from './reminder-issues';
import { TemplateEditor, templateProblems } from './TemplateEditor';
import { textLimit } from '../../ui/text-limit';

/** Add or edit one rule. `rule` null = a new one. */
export function RuleEditor(props: {
  open: boolean;
  rule: RuleView | null;
  users: readonly Option[];
  saving: boolean;
  /** Saves; resolves to the field issues when the services refuse the rule. */
  onSave: (rule: RuleInput) => Promise<readonly FieldIssue[] | undefined>;
  onCancel: () => void;
}) {
  const { t } = useTranslation('rules');
  const { t: tt } = useTranslation('templates');
  const l = useLocalized();
  const [form] = Form.useForm<RuleInput & ReminderFormValues>();
  const moduleId = Form.useWatch('module', form);
  const businessType = Form.useWatch('businessType', form);
  const status = Form.useWatch('status', form);
  // Custom rules take free text (what DMS sends) next to the catalogue's suggestions.
  const custom = Form.useWatch('custom', form) === true;
  const pick = (testId: string, options: Option[], onChange?: () => void) =>
    custom ? (
      <AutoComplete
        data-testid={testId}
        options={options}
        showSearch={{ filterOption: (input, o) => (o?.label ?? '').toLowerCase().includes(input.toLowerCase()) }}
      >
        {/* Module, business type and status share one limit. */}
        <Input {...textLimit(ruleKeySchema.shape.module)} />
      </AutoComplete>
    ) : (
      <Select data-testid={testId} showSearch={{ optionFilterProp: 'label' }} options={options} {...(onChange ? { onChange } : {})} />
    );

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue({
      ...(props.rule ?? {
        module: 'ticket',
        businessType: 'data-export',
        status: 'pending-approval',
        custom: false,
        enabled: true,
        additionalUsers: [],
        channels: [],
      }),
      ...reminderFormValues(props.rule?.reminders),
    });
  }, [props.open, props.rule, form]);

  return (
    <Modal
      open={props.open}
      title={props.rule ? t('form.titleEdit') : t('form.titleAdd')}
      okText={t('form.save')}
      cancelText={t('form.cancel')}
      confirmLoading={props.saving}
      onCancel={props.onCancel}
      onOk={() =>
        void form.validateFields().then(async ({ remindersOn, reminderForm, ...rule }) => {
          const issues = await props.onSave({ ...rule, ...remindersOf({ remindersOn, reminderForm }) });
          // What only the services check (e.g. a time zone) goes under its field too, not just in the notice.
          applyFieldIssues(form, reminderFormIssues(issues, 'rule.reminders'), l, 'rule');
        })
      }
      okButtonProps={{ 'data-testid': 'rule-form-save' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="rule-form">
        <Form.Item name="custom" label={t('form.customSwitch')} valuePropName="checked" extra={custom ? t('form.custom') : undefined}>
          <Switch data-testid="rule-form-custom" />
        </Form.Item>
        <Form.Item name="module" label={t('form.module')} rules={[{ required: true }]}>
          {pick('rule-form-module', moduleOptions(l), () => form.setFieldValue('businessType', ANY))}
        </Form.Item>
        <Form.Item name="businessType" label={t('form.businessType')} rules={[{ required: true }]}>
          {pick('rule-form-business-type', businessTypeOptions(l, moduleId, t('any')))}
        </Form.Item>
        <Form.Item name="status" label={t('form.status')} rules={[{ required: true }]}>
          {pick('rule-form-status', statusOptions(l, t('any')))}
        </Form.Item>
        <Form.Item name="enabled" label={t('form.enabled')} valuePropName="checked">
          <Switch data-testid="rule-form-enabled" />
        </Form.Item>
        <Form.Item name="additionalUsers" label={t('form.users')} extra={t('form.usersHelp')}>
          <Select data-testid="rule-form-users" mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={[...props.users]} />
        </Form.Item>
        <Form.Item name="channels" label={t('form.channels')} extra={t('form.channelsHelp')}>
          <Select data-testid="rule-form-channels" mode="multiple" options={CHANNELS.map((c) => ({ value: c.id, label: l(c.name) }))} />
        </Form.Item>
        <Form.Item name="chats" label={t('chats:label')} extra={t('chats:help')}>
          <ChatsField />
        </Form.Item>
        <Form.Item
          name="templates"
          label={tt('title')}
          // Checked as typed inside the editor; here once more on save, as the services will.
          validateTrigger={[]}
          rules={[
            {
              validator: async (_, v: RuleInput['templates']) => {
                const bad = await templateProblems(v);
                if (bad.length > 0) throw new Error(tt('invalid', { channels: bad.map((id) => l(CHANNELS.find((c) => c.id === id)!.name)).join(', ') }));
              },
            },
          ]}
        >
          <TemplateEditor kind={{ module: moduleId, businessType, status }} />
        </Form.Item>
        <ReminderFields users={props.users} />
      </Form>
    </Modal>
  );
}
