import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography, App } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelDef } from '../../../shared/catalog/channels';
import { RuleChatTags } from './RuleChatTags';
import { RuleReminderTag } from './RuleReminderTag';
import type { RuleInput, RuleKey, RuleView } from '../../../shared/contract/rules';
import { api, methodQuery, useAction, useQuery, type QueryDef } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { ErrorAlert, useShowError } from '../../ui/errors';
import { RuleEditor } from './RuleEditor';
import { SimulatorPanel } from './SimulatorPanel';
import { emptyText } from '../../ui/empty-text';
import { TAG_WRAP, WRAP } from '../../ui/table-layout';

const keyOf = (r: RuleKey): string => `${r.module}|${r.businessType}|${r.status}`;
const onlyKey = (r: RuleKey): RuleKey => ({ module: r.module, businessType: r.businessType, status: r.status });

/** Rules: rule table, editor and simulator. */
/** What the page shows first (loaded ahead by the shell, renderer/app/preload-pages.ts). */
export const firstQueries: readonly QueryDef[] = [methodQuery('rules.list'), methodQuery('users.list')];

export function RulesPage() {
  const { t } = useTranslation('rules');
  const l = useLocalized();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const rules = useQuery(['rules.list'], () => api['rules.list']({}));
  const users = useQuery(['users.list'], () => api['users.list']({}));
  const [editing, setEditing] = useState<RuleView | null | 'new'>(null);
  const save = useAction((input: RuleInput, previous?: RuleKey) => api['rules.save']({ rule: input, ...(previous ? { previous } : {}) }));

  const userOptions = useMemo(() => (users.data?.users ?? []).map((u) => ({ value: u.uid, label: u.name ? `${u.name} (${u.uid})` : u.uid })), [users.data]);
  const userName = (uid: string) => userOptions.find((o) => o.value === uid)?.label ?? uid;

  const mutate = async (call: () => Promise<{ rules: RuleView[] }>): Promise<boolean> => {
    try {
      rules.setData(await call());
      return true;
    } catch (err) {
      showError(err);
      return false;
    }
  };
  const setEnabled = (r: RuleView, enabled: boolean) => mutate(() => api['rules.setEnabled']({ key: onlyKey(r), enabled }));
  /** Switching a rule off silences its events: asked first, and undoable for a while after. */
  const switchOff = (r: RuleView) => {
    const name = `${l(r.names.module)} > ${l(r.names.businessType)} > ${l(r.names.status)}`;
    void modal.confirm({
      title: t('off.confirm', { name }),
      content: t('off.detail'),
      okText: t('off.ok'),
      okButtonProps: { danger: true, ...{ 'data-testid': 'rule-off-ok' } },
      onOk: async () => {
        if (!(await setEnabled(r, false))) return;
        const key = `rule-off-${keyOf(r)}`;
        void message.open({
          key,
          type: 'info',
          duration: 10,
          content: (
            <span data-testid="rule-off-done">
              {t('off.done', { name })}{' '}
              <Button
                size="small"
                type="link"
                data-testid="rule-off-undo"
                onClick={() => {
                  message.destroy(key);
                  void setEnabled(r, true);
                }}
              >
                {t('off.undo')}
              </Button>
            </span>
          ),
        });
      },
    });
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
          loading={rules.loading && !rules.data}
          rowKey={keyOf}
          dataSource={rules.data?.rules ?? []}
          locale={{ emptyText: emptyText(rules.loading && !rules.data, t('empty')) }}
          pagination={false}
          onRow={(r) => ({ 'data-testid': `rule-row-${keyOf(r)}` }) as object}
          // Compact cells in a fixed layout: channels, chats and reminders stay on screen at 1024 px.
          tableLayout="fixed"
          columns={[
            {
              title: t('columns.event'),
              width: '24%',
              render: (_, r) => (
                <div style={WRAP}>
                  <div>
                    {l(r.names.module)}
                    {r.custom && (
                      <Tooltip title={t('customTagHelp')}>
                        <Tag color="orange" style={{ marginInlineStart: 4 }} data-testid={`rule-custom-${keyOf(r)}`}>
                          {t('customTag')}
                        </Tag>
                      </Tooltip>
                    )}
                  </div>
                  <div>{l(r.names.businessType)}</div>
                  <Typography.Text type="secondary">{l(r.names.status)}</Typography.Text>
                </div>
              ),
            },
            {
              title: t('columns.enabled'),
              width: 90,
              render: (_, r) => (
                <Switch
                  checked={r.enabled}
                  data-testid={`rule-enabled-${keyOf(r)}`}
                  onChange={(enabled) => (enabled ? void setEnabled(r, true) : switchOff(r))}
                />
              ),
            },
            {
              title: t('columns.sendsTo'),
              render: (_, r) => (
                <div style={WRAP} data-testid={`rule-sends-to-${keyOf(r)}`}>
                  <div>{r.channels.length === 0 ? t('allChannels') : r.channels.map((c) => <Tag key={c}>{l(channelDef(c).name)}</Tag>)}</div>
                  {r.additionalUsers.length > 0 && (
                    <div>
                      {r.additionalUsers.map((u) => (
                        <Tag key={u} style={TAG_WRAP}>
                          {userName(u)}
                        </Tag>
                      ))}
                    </div>
                  )}
                  <RuleChatTags chats={r.chats ?? []} />
                </div>
              ),
            },
            { title: t('reminders:column'), width: '22%', render: (_, r) => <RuleReminderTag reminders={r.reminders} userName={userName} /> },
            {
              title: t('columns.actions'),
              width: 110,
              render: (_, r) => (
                <Space orientation="vertical" size={4}>
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
