import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography, App } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelDef } from '../../../shared/catalog/channels';
import { RuleChatTags } from './RuleChatTags';
import { RuleReminderTag } from './RuleReminderTag';
import type { RuleInput, RuleKey, RuleView } from '../../../shared/contract/rules';
import { api, useAction, useQuery } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { ErrorAlert, useShowError } from '../../ui/errors';
import { RuleEditor } from './RuleEditor';
import { SimulatorPanel } from './SimulatorPanel';
import { emptyText } from '../../ui/empty-text';
import { TABLE_SCROLL } from '../../ui/table-layout';

const keyOf = (r: RuleKey): string => `${r.module}|${r.businessType}|${r.status}`;
const onlyKey = (r: RuleKey): RuleKey => ({ module: r.module, businessType: r.businessType, status: r.status });

/** Rules: rule table, editor and simulator. */
export function RulesPage() {
  const { t } = useTranslation('rules');
  const l = useLocalized();
  const { message } = App.useApp();
  const showError = useShowError();
  const rules = useQuery(() => api['rules.list']({}), []);
  const users = useQuery(() => api['users.list']({}), []);
  const [editing, setEditing] = useState<RuleView | null | 'new'>(null);
  const save = useAction((input: RuleInput, previous?: RuleKey) => api['rules.save']({ rule: input, ...(previous ? { previous } : {}) }));

  const userOptions = useMemo(() => (users.data?.users ?? []).map((u) => ({ value: u.uid, label: u.name ? `${u.name} (${u.uid})` : u.uid })), [users.data]);
  const userName = (uid: string) => userOptions.find((o) => o.value === uid)?.label ?? uid;

  const mutate = async (call: () => Promise<{ rules: RuleView[] }>) => {
    try {
      rules.setData(await call());
    } catch (err) {
      showError(err);
    }
  };

  if (rules.error && !rules.data) return <ErrorAlert error={rules.error} onRetry={() => void rules.reload()} />;

  return (
    <div data-testid="page-rules">
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Card
        extra={
          <Button type="primary" onClick={() => setEditing('new')} data-testid="rule-add">
            {t('add')}
          </Button>
        }
      >
        <Table<RuleView>
          data-testid="rules-table"
          scroll={TABLE_SCROLL}
          loading={rules.loading && !rules.data}
          rowKey={keyOf}
          dataSource={rules.data?.rules ?? []}
          locale={{ emptyText: emptyText(rules.loading && !rules.data, t('empty')) }}
          pagination={false}
          onRow={(r) => ({ 'data-testid': `rule-row-${keyOf(r)}` }) as object}
          columns={[
            {
              title: t('columns.module'),
              render: (_, r) => (
                <Space size={4}>
                  {l(r.names.module)}
                  {r.custom && (
                    <Tooltip title={t('customTagHelp')}>
                      <Tag color="orange" data-testid={`rule-custom-${keyOf(r)}`}>
                        {t('customTag')}
                      </Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            { title: t('columns.businessType'), render: (_, r) => l(r.names.businessType) },
            { title: t('columns.status'), render: (_, r) => l(r.names.status) },
            {
              title: t('columns.enabled'),
              render: (_, r) => (
                <Switch
                  checked={r.enabled}
                  data-testid={`rule-enabled-${keyOf(r)}`}
                  onChange={(enabled) => void mutate(() => api['rules.setEnabled']({ key: onlyKey(r), enabled }))}
                />
              ),
            },
            { title: t('columns.users'), render: (_, r) => r.additionalUsers.map((u) => <Tag key={u}>{userName(u)}</Tag>) },
            {
              title: t('columns.channels'),
              render: (_, r) => (
                <>
                  {r.channels.length === 0 ? t('allChannels') : r.channels.map((c) => <Tag key={c}>{l(channelDef(c).name)}</Tag>)}
                  <RuleChatTags chats={r.chats ?? []} />
                </>
              ),
            },
            { title: t('reminders:column'), render: (_, r) => <RuleReminderTag reminders={r.reminders} userName={userName} /> },
            {
              title: t('columns.actions'),
              fixed: 'right',
              render: (_, r) => (
                <Space>
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                    {t('edit')}
                  </Button>
                  <Popconfirm title={t('deleteConfirm')} onConfirm={() => void mutate(() => api['rules.delete']({ key: onlyKey(r) }))}>
                    <Button size="small" danger icon={<DeleteOutlined />}>
                      {t('delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('simulator.title')} style={{ marginTop: 16 }}>
        <SimulatorPanel users={userOptions} />
      </Card>
      <RuleEditor
        open={editing !== null}
        rule={editing === 'new' ? null : editing}
        users={userOptions}
        saving={save.pending}
        onCancel={() => setEditing(null)}
        onSave={async (input) => {
          try {
            const next = await save.run(input, editing && editing !== 'new' ? onlyKey(editing) : undefined);
            rules.setData(next);
            setEditing(null);
            void message.success(t('saved'));
            return undefined;
          } catch (err) {
            return showError(err).issues;
          }
        }}
      />
    </div>
  );
}
