import { DeleteOutlined, DownloadOutlined, EditOutlined, ImportOutlined, PlusOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Input, List, Modal, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelDef, type ChannelId } from '../../../shared/catalog/channels';
import { DMS_UID_PATTERN, DMS_UID_TEXT, dmsUserInputSchema, type ImportReport, type ResolutionView, type UserView } from '../../../shared/contract/users';
import { api, methodQuery, useAction, useQuery, type QueryDef } from '../../api';
import { useLanguage, useLocalized } from '../../i18n/LanguageProvider';
import { downloadText } from '../../ui/download';
import { emptyText } from '../../ui/empty-text';
import { applyFieldIssues, ErrorAlert, useShowError } from '../../ui/errors';
import { CSV_TEMPLATE, failingAfterResolve, filterUsers, isEmailLike, isMobileLike } from './user-list';
import { TABLE_SCROLL } from '../../ui/table-layout';
import { ImportFromDmsButton } from './ImportFromDmsButton';
import { textLimit } from '../../ui/text-limit';

const STATUS_COLOR: Record<ResolutionView['status'], string> = { found: 'success', not_found: 'warning', outside_availability: 'orange', error: 'error' };

function ResolutionTag({ uid, channel, r }: { uid: string; channel: ChannelId; r: ResolutionView | undefined }) {
  const { t } = useTranslation('users');
  const localize = useLocalized();
  const testId = `user-resolution-${uid}-${channel}`;
  if (!r)
    return (
      <Tag data-testid={testId} data-status="none">
        {t('status.none')}
      </Tag>
    );
  const tip = r.explanation ? `${localize(r.explanation.message)} ${localize(r.explanation.fix)}` : (r.platformUserId ?? '');
  return (
    <Tooltip title={tip}>
      <Tag color={r.stale ? 'default' : STATUS_COLOR[r.status]} data-testid={testId} data-status={r.stale ? 'stale' : r.status}>
        {r.stale ? t('status.stale') : t(`status.${r.status}`)}
        {r.status === 'found' && !r.stale && r.platformUserId ? ` · ${r.platformUserId.slice(0, 12)}` : ''}
      </Tag>
    </Tooltip>
  );
}

interface FormValues {
  uid: string;
  name: string;
  mobile: string;
  email: string;
}

/** A name or e-mail up to 200+ characters: one line, cut with "…", whole on hover, so the other columns stay on screen. */
function LongText({ text, testId }: { text: string; testId?: string }) {
  return (
    <Typography.Text style={{ maxWidth: 150 }} ellipsis={{ tooltip: text }} data-testid={testId}>
      {text}
    </Typography.Text>
  );
}

function UserForm({ editing, onDone }: { editing: UserView | 'new'; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation('users');
  const [form] = Form.useForm<FormValues>();
  const localize = useLocalized();
  const showError = useShowError();
  const save = useAction((v: FormValues) =>
    api['users.upsert']({ user: v, ...(editing !== 'new' && editing.uid !== v.uid ? { previousUid: editing.uid } : {}) }),
  );
  const initial = editing === 'new' ? { uid: '', name: '', mobile: '', email: '' } : editing;
  return (
    <Modal
      open
      title={t(editing === 'new' ? 'form.titleAdd' : 'form.titleEdit')}
      okText={t('form.save')}
      cancelText={t('form.cancel')}
      confirmLoading={save.pending}
      onCancel={() => onDone(false)}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'user-form-save' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        data-testid="user-form"
        onFinish={async (v) => {
          try {
            await save.run(v);
            onDone(true);
          } catch (err) {
            const e = showError(err);
            applyFieldIssues(form, e.issues, localize, 'user');
          }
        }}
      >
        <Form.Item
          name="uid"
          label={t('columns.uid')}
          rules={[
            {
              validator: async (_, v: string | undefined) =>
                DMS_UID_PATTERN.test((v ?? '').trim()) ? undefined : Promise.reject(new Error(localize(DMS_UID_TEXT))),
            },
          ]}
        >
          <Input data-testid="user-form-uid" {...textLimit(dmsUserInputSchema.shape.uid)} />
        </Form.Item>
        <Form.Item name="name" label={t('columns.name')}>
          <Input data-testid="user-form-name" {...textLimit(dmsUserInputSchema.shape.name)} />
        </Form.Item>
        <Form.Item
          name="mobile"
          label={t('columns.mobile')}
          extra={t('userTools:mobileHint')}
          rules={[
            { validator: async (_, v: string | undefined) => (isMobileLike(v ?? '') ? undefined : Promise.reject(new Error(t('userTools:mobileInvalid')))) },
          ]}
        >
          <Input data-testid="user-form-mobile" {...textLimit(dmsUserInputSchema.shape.mobile)} />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('columns.email')}
          extra={t('userTools:emailHint')}
          rules={[
            { validator: async (_, v: string | undefined) => (isEmailLike(v ?? '') ? undefined : Promise.reject(new Error(t('userTools:emailInvalid')))) },
          ]}
        >
          <Input data-testid="user-form-email" {...textLimit(dmsUserInputSchema.shape.email)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CsvImport({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('users');
  const localize = useLocalized();
  const showError = useShowError();
  const [csv, setCsv] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const run = useAction((text: string) => api['users.importCsv']({ csv: text }));
  return (
    <Modal open title={t('csv.title')} footer={null} onCancel={onDone} destroyOnHidden width={640}>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('csv.help')}</Typography.Text>
        <div>
          <Button
            icon={<DownloadOutlined />}
            data-testid="users-csv-template"
            onClick={() => downloadText('users-template.csv', CSV_TEMPLATE, 'text/csv;charset=utf-8')}
          >
            {t('userTools:template')}
          </Button>
        </div>
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label={t('csv.file')}
          data-testid="users-csv-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void file.text().then(setCsv);
          }}
        />
        <Input.TextArea rows={8} value={csv} onChange={(e) => setCsv(e.target.value)} data-testid="users-csv-text" placeholder="uid,name,mobile,email" />
        <Button
          type="primary"
          loading={run.pending}
          disabled={csv.trim() === ''}
          data-testid="users-csv-run"
          onClick={async () => {
            try {
              setReport(await run.run(csv));
            } catch (err) {
              showError(err);
            }
          }}
        >
          {t('csv.run')}
        </Button>
        {report && (
          <div data-testid="users-csv-report">
            <Alert type={report.errors.length ? 'warning' : 'success'} showIcon title={t('csv.result', { created: report.created, updated: report.updated })} />
            {report.errors.length > 0 && (
              <List
                size="small"
                header={t('csv.errors', { count: report.errors.length })}
                dataSource={report.errors}
                renderItem={(e) => <List.Item data-testid={`users-csv-error-${e.row}`}>{localize(e.reason)}</List.Item>}
              />
            )}
          </div>
        )}
      </Flex>
    </Modal>
  );
}

/** DMS users: table with per-channel resolution, add/edit, CSV import, resolve. */
/** What the page shows first (loaded ahead by the shell, renderer/app/preload-pages.ts). */
export const firstQueries: readonly QueryDef[] = [methodQuery('users.list'), methodQuery('health.get')];

export function UsersPage() {
  const { t } = useTranslation('users');
  const { language } = useLanguage();
  const localize = useLocalized();
  const showError = useShowError();
  const { message } = App.useApp();
  const query = useQuery(['users.list'], () => api['users.list']({}));
  const health = useQuery(['health.get'], () => api['health.get']({}));
  const [editing, setEditing] = useState<UserView | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [channelErrors, setChannelErrors] = useState<{ channel: ChannelId; text: string }[]>([]);
  const resolve = useAction((uids?: string[]) => api['users.resolve'](uids ? { uids } : {}));
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string[]>([]);

  const runResolve = async (uids?: string[]): Promise<void> => {
    try {
      const report = await resolve.run(uids);
      setChannelErrors(report.channelErrors.map((e) => ({ channel: e.channel, text: `${localize(e.message)}${e.fix ? ` ${localize(e.fix)}` : ''}` })));
      // The lookups may have just turned a channel failing: judge the outcome on fresh health.
      const failing = failingAfterResolve(report, (await health.reload())?.channels ?? health.data?.channels ?? []);
      if (failing.length === 0) void message.success(t('resolved'));
      else {
        const causes = failing.map((f) => `${localize(channelDef(f.channel).name)}: ${f.cause ? localize(f.cause) : t('channelFailing')}`);
        void message.warning(t('resolvedButFailing', { causes: causes.join('; ') }));
      }
      await query.reload();
    } catch (err) {
      showError(err);
    }
  };

  const remove = async (uid: string): Promise<void> => {
    try {
      await api['users.delete']({ uid });
      await query.reload();
    } catch (err) {
      showError(err);
    }
  };

  // One call per user (the contract deletes one at a time); stops at the first failure and says so.
  const removeSelected = async (): Promise<void> => {
    let deleted = 0;
    try {
      for (const uid of selected) {
        await api['users.delete']({ uid });
        deleted++;
      }
      void message.success(t('userTools:deletedCount', { count: deleted }));
    } catch (err) {
      showError(err);
    } finally {
      setSelected([]);
      await query.reload();
    }
  };

  // The service's error instead of the table (never "No users yet" for a list we could not read); a retry shows the table loading.
  const failed = !query.data && !query.loading ? query.error : undefined;
  const users = filterUsers(query.data?.users ?? [], search);
  const empty = emptyText(
    query.loading && !query.data,
    search.trim() && query.data?.users.length ? t('userTools:noMatch', { search: search.trim() }) : t('empty'),
  );

  const channels = query.data?.channels ?? [];
  return (
    <div data-testid="page-users">
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }} wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="users-add">
          {t('add')}
        </Button>
        <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="users-import">
          {t('import')}
        </Button>
        <ImportFromDmsButton onImported={() => void query.reload()} />
        <Button
          icon={<SyncOutlined />}
          loading={resolve.pending}
          disabled={channels.length === 0}
          onClick={() => void runResolve()}
          data-testid="users-resolve"
        >
          {t('resolve')}
        </Button>
        <Input.Search
          allowClear
          placeholder={t('userTools:search')}
          aria-label={t('userTools:search')}
          style={{ width: 280 }}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="users-search"
        />
      </Space>
      {selected.length > 0 && (
        <Space style={{ marginBottom: 16 }} wrap data-testid="users-bulk">
          <Typography.Text>{t('userTools:selected', { count: selected.length })}</Typography.Text>
          <Button
            icon={<SyncOutlined />}
            loading={resolve.pending}
            disabled={channels.length === 0}
            onClick={() => void runResolve(selected)}
            data-testid="users-bulk-resolve"
          >
            {t('userTools:lookUpSelected')}
          </Button>
          <Popconfirm title={t('userTools:deleteSelectedConfirm', { count: selected.length })} onConfirm={() => void removeSelected()}>
            <Button danger icon={<DeleteOutlined />} data-testid="users-bulk-delete">
              {t('userTools:deleteSelected')}
            </Button>
          </Popconfirm>
          <Button type="link" onClick={() => setSelected([])}>
            {t('userTools:clearSelection')}
          </Button>
        </Space>
      )}
      {failed && <ErrorAlert error={failed} onRetry={() => void query.reload()} />}
      {query.data && channels.length === 0 && <Alert type="info" showIcon title={t('noChannels')} style={{ marginBottom: 16 }} />}
      {channelErrors.map((e) => (
        <Alert
          key={e.channel}
          type="error"
          showIcon
          title={`${localize(channelDef(e.channel).name)}: ${e.text}`}
          style={{ marginBottom: 8 }}
          data-testid={`users-channel-error-${e.channel}`}
        />
      ))}
      {!failed && (
        <Table<UserView>
          rowKey="uid"
          loading={query.loading}
          dataSource={users}
          // Never the empty text while loading: the list may not be empty at all.
          locale={{ emptyText: empty }}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), preserveSelectedRowKeys: false }}
          scroll={TABLE_SCROLL}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          data-testid="users-table"
          onRow={(u) => ({ 'data-testid': `user-row-${u.uid}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'uid', title: t('columns.uid'), dataIndex: 'uid', sorter: (a, b) => a.uid.localeCompare(b.uid, undefined, { numeric: true }) },
            {
              key: 'name',
              title: t('columns.name'),
              dataIndex: 'name',
              sorter: (a, b) => a.name.localeCompare(b.name, language),
              render: (name: string) => <LongText text={name} testId="user-name" />,
            },
            { key: 'mobile', title: t('columns.mobile'), dataIndex: 'mobile' },
            { key: 'email', title: t('columns.email'), dataIndex: 'email', render: (email: string) => <LongText text={email} /> },
            ...channels.map((c) => ({
              key: c,
              title: localize(channelDef(c).name),
              render: (_: unknown, u: UserView) => <ResolutionTag uid={u.uid} channel={c} r={u.resolutions[c]} />,
            })),
            {
              key: 'actions',
              title: t('columns.actions'),
              // Always in view when the table scrolls sideways inside its card (narrow windows).
              fixed: 'right' as const,
              render: (_: unknown, u: UserView) => (
                <Space size={4}>
                  {/* Same row actions as the other tables: small buttons, icon and word, Delete last with a confirmation. */}
                  <Button
                    size="small"
                    icon={<SyncOutlined />}
                    disabled={channels.length === 0}
                    onClick={() => void runResolve([u.uid])}
                    aria-label={`${t('resolveOne')} ${u.uid}`}
                  >
                    {t('resolveOne')}
                  </Button>
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setEditing(u)}
                    aria-label={`${t('edit')} ${u.uid}`}
                    data-testid={`user-edit-${u.uid}`}
                  >
                    {t('edit')}
                  </Button>
                  <Popconfirm title={t('deleteConfirm', { uid: u.uid })} onConfirm={() => void remove(u.uid)}>
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={`${t('delete')} ${u.uid}`} data-testid={`user-delete-${u.uid}`}>
                      {t('delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      )}
      {editing && (
        <UserForm
          editing={editing}
          onDone={(saved) => {
            setEditing(null);
            if (saved) {
              void message.success(t('saved'));
              void query.reload();
            }
          }}
        />
      )}
      {importing && (
        <CsvImport
          onDone={() => {
            setImporting(false);
            void query.reload();
          }}
        />
      )}
    </div>
  );
}
