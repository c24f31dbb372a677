import { Alert, Button, Form, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelDef } from '../../../shared/catalog/channels';
import type { Simulation } from '../../../shared/contract/rules';
import { unwrapDmsBody } from '../../../shared/events/dms-body';
import { api, useAction } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { useShowError } from '../../ui/errors';
import { businessTypeOptions, moduleOptions, statusOptions, type Option } from './catalog-options';
import { SendForReal } from './SendForReal';
import { ReminderTimeline } from './ReminderTimeline';

interface PickValues {
  module: string;
  businessType: string;
  status: string;
  eventUsers: string[];
  submitterUid: string;
}

/** Who would be notified for an event, per channel, and who would get nothing. */
export function SimulatorPanel({ users }: { users: readonly Option[] }) {
  const { t } = useTranslation('rules');
  const l = useLocalized();
  const showError = useShowError();
  const [mode, setMode] = useState<'pick' | 'paste'>('pick');
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [result, setResult] = useState<{ input: Parameters<(typeof api)['rules.simulate']>[0]; plan: Simulation } | null>(null);
  const [form] = Form.useForm<PickValues>();
  const moduleId = Form.useWatch('module', form);
  const simulate = useAction((input: Parameters<(typeof api)['rules.simulate']>[0]) => api['rules.simulate'](input));

  const run = async () => {
    let input: Parameters<(typeof api)['rules.simulate']>[0];
    if (mode === 'paste') {
      try {
        // DMS's own body wraps the event in `messageEvent`; the simulator takes either shape, as the inbox does.
        input = { event: unwrapDmsBody(JSON.parse(json)) as never };
        setJsonError(null);
      } catch {
        setJsonError(t('simulator.badJson'));
        return;
      }
    } else {
      const v = await form.validateFields();
      input = { ...v, eventUsers: v.eventUsers ?? [], submitterUid: v.submitterUid ?? '' };
    }
    try {
      setResult({ input, plan: await simulate.run(input) });
    } catch (err) {
      showError(err);
    }
  };

  return (
    <div data-testid="rule-simulator">
      <Typography.Paragraph type="secondary">{t('simulator.intro')}</Typography.Paragraph>
      <Segmented
        value={mode}
        onChange={(v) => setMode(v as 'pick' | 'paste')}
        options={[
          { value: 'pick', label: t('simulator.modePick') },
          { value: 'paste', label: t('simulator.modePaste') },
        ]}
        style={{ marginBottom: 12 }}
      />
      {mode === 'pick' ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ module: 'ticket', businessType: 'data-export', status: 'pending-approval', eventUsers: [], submitterUid: '' }}
        >
          <Space wrap>
            <Form.Item name="module" label={t('form.module')} rules={[{ required: true }]}>
              <Select style={{ width: 200 }} options={moduleOptions(l)} onChange={() => form.setFieldValue('businessType', '*')} data-testid="sim-module" />
            </Form.Item>
            <Form.Item name="businessType" label={t('form.businessType')} rules={[{ required: true }]}>
              <Select
                style={{ width: 200 }}
                showSearch={{ optionFilterProp: 'label' }}
                options={businessTypeOptions(l, moduleId, t('any'))}
                data-testid="sim-business-type"
              />
            </Form.Item>
            <Form.Item name="status" label={t('form.status')} rules={[{ required: true }]}>
              <Select style={{ width: 180 }} showSearch={{ optionFilterProp: 'label' }} options={statusOptions(l, t('any'))} data-testid="sim-status" />
            </Form.Item>
          </Space>
          <Form.Item name="eventUsers" label={t('simulator.eventUsers')}>
            <Select mode="tags" options={[...users]} showSearch={{ optionFilterProp: 'label' }} data-testid="sim-event-users" />
          </Form.Item>
          <Form.Item name="submitterUid" label={t('simulator.submitter')}>
            <Input style={{ width: 240 }} data-testid="sim-submitter" />
          </Form.Item>
        </Form>
      ) : (
        <Form layout="vertical">
          <Form.Item label={t('simulator.json')} validateStatus={jsonError ? 'error' : ''} help={jsonError}>
            <Input.TextArea rows={8} value={json} onChange={(e) => setJson(e.target.value)} data-testid="sim-json" />
          </Form.Item>
        </Form>
      )}
      <Button type="primary" onClick={() => void run()} loading={simulate.pending} data-testid="sim-run">
        {t('simulator.run')}
      </Button>
      {result && <SimulationResult plan={result.plan} users={users} />}
      {result && <SendForReal input={result.input} result={result.plan} />}
    </div>
  );
}

function SimulationResult({ plan: result, users }: { plan: Simulation; users: readonly Option[] }) {
  const { t } = useTranslation('rules');
  const l = useLocalized();
  const person = (p: { uid: string; name: string }) => (p.name && p.name !== p.uid ? `${p.name} (${p.uid})` : p.uid);
  return (
    <div style={{ marginTop: 16 }} data-testid="sim-result" data-will-send={String(result.willSend)}>
      <Alert
        type={result.willSend ? (result.nobody.length ? 'warning' : 'success') : 'error'}
        showIcon
        title={result.willSend ? t('simulator.willSend') : t('simulator.willNotSend')}
        description={
          result.rule
            ? `${t('simulator.ruleUsed')}: ${l(result.rule.names.module)} > ${l(result.rule.names.businessType)} > ${l(result.rule.names.status)}`
            : t('simulator.noRule')
        }
        style={{ marginBottom: 12 }}
      />
      <Table
        size="small"
        pagination={false}
        rowKey="channel"
        dataSource={result.channels.filter((c) => c.used || c.missing.length > 0)}
        columns={[
          {
            title: t('simulator.channel'),
            dataIndex: 'channel',
            render: (c: Simulation['channels'][number]['channel'], row) => (
              <Space>
                {l(channelDef(c).name)}
                {!row.enabled && <Tag>{t('simulator.disabled')}</Tag>}
                {row.enabled && !row.used && <Tag>{t('simulator.unused')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('simulator.recipients'),
            render: (_, row) =>
              row.recipients.map((r) => (
                <Tag key={r.uid} color="green" data-testid={`sim-recipient-${row.channel}-${r.uid}`}>
                  {person(r)} · {t(`simulator.origin.${r.origin}`)}
                </Tag>
              )),
          },
          {
            title: t('simulator.missing'),
            render: (_, row) =>
              row.missing.map((m) => (
                <Tag key={m.uid} color="orange" data-testid={`sim-missing-${row.channel}-${m.uid}`}>
                  {person(m)} · {t(`simulator.reason.${m.reason}`)}
                </Tag>
              )),
          },
        ]}
      />
      {result.chats.length > 0 && (
        <div style={{ marginTop: 12 }} data-testid="sim-chats">
          <Typography.Text strong>{t('simulator.chats')}: </Typography.Text>
          {result.chats.map((c) => (
            <Tag key={`${c.channel}-${c.chatId}`} color={c.reason ? 'default' : 'blue'} data-testid={`sim-chat-${c.chatId}`}>
              {l(channelDef(c.channel).name)} · {c.name}
              {c.reason ? ` · ${t(`simulator.reason.${c.reason}`)}` : ''}
            </Tag>
          ))}
        </div>
      )}
      {result.nobody.length > 0 && (
        <Alert
          type="error"
          style={{ marginTop: 12 }}
          title={t('simulator.nobody')}
          data-testid="sim-nobody"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {result.nobody.map((n) => (
                <li key={`${n.uid}-${n.reason}`} data-testid={`sim-nobody-${n.uid || 'none'}`}>
                  {n.uid ? `${person(n)}: ` : ''}
                  {l(n.message)}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {result.reminders && (
        <ReminderTimeline steps={result.reminders} escalateTo={result.escalateTo ?? []} userName={(uid) => users.find((u) => u.value === uid)?.label ?? uid} />
      )}
    </div>
  );
}
