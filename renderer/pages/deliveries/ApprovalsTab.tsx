import { Button, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { channelDef } from '../../../shared/catalog/channels';
import type { ApprovalEntry } from '../../../shared/contract/approvals';
import { api, useQuery } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { useDateFormat } from '../../ui/dates';
import { emptyText } from '../../ui/empty-text';
import { ErrorAlert } from '../../ui/errors';
import { nowrapHeaders, WRAP } from '../../ui/table-layout';

const PAGE_SIZE = 50;

const OUTCOME_COLOR: Record<NonNullable<ApprovalEntry['outcome']> | 'pending', string> = {
  approved: 'success',
  rejected: 'magenta',
  refused: 'warning',
  failed: 'error',
  duplicate: 'default',
  pending: 'processing',
};

/** The press audit (approvals.list), newest first, paged by id: "Older" follows hasMore, "Newer" goes back. */
export function ApprovalsTab() {
  const { t } = useTranslation('approvals');
  const l = useLocalized();
  const dates = useDateFormat();
  const navigate = useNavigate();
  /** The `beforeId` of every page above the one shown (empty = the newest page, kept live). */
  const [cursors, setCursors] = useState<number[]>([]);
  const beforeId = cursors.at(-1);
  const list = useQuery(['approvals.list', beforeId ?? null], () =>
    api['approvals.list']({ limit: PAGE_SIZE, ...(beforeId === undefined ? {} : { beforeId }) }),
  );
  const entries = list.data?.entries ?? [];
  const last = entries.at(-1);

  if (list.error && !list.data) return <ErrorAlert error={list.error} onRetry={() => void list.reload()} />;
  const firstLoad = list.loading && !list.data;

  return (
    <div data-testid="approvals-tab">
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Table<ApprovalEntry>
        data-testid="approvals-table"
        rowKey="id"
        size="small"
        loading={firstLoad}
        dataSource={entries}
        pagination={false}
        tableLayout="fixed"
        onRow={(e) => ({ 'data-testid': `approval-row-${e.id}`, 'data-outcome': e.outcome ?? 'pending' }) as object}
        locale={{
          emptyText: emptyText(
            firstLoad,
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              data-testid="approvals-empty"
              description={
                <>
                  <Typography.Paragraph strong style={{ marginBottom: 4 }}>
                    {t('empty')}
                  </Typography.Paragraph>
                  <Typography.Paragraph type="secondary">{t('emptyHow')}</Typography.Paragraph>
                </>
              }
            >
              <Button onClick={() => void navigate('/channels')}>{t('openChannels')}</Button>
            </Empty>,
          ),
        }}
        columns={nowrapHeaders<ApprovalEntry>([
          { title: t('columns.time'), width: 104, render: (_, e) => <span style={WRAP}>{dates.dateTime(e.pressedAt)}</span> },
          { title: t('columns.platform'), width: 84, render: (_, e) => <span style={WRAP}>{e.channel ? l(channelDef(e.channel).name) : e.platform}</span> },
          {
            title: t('columns.presser'),
            width: '18%',
            render: (_, e) => (
              <span style={WRAP} data-testid={`approval-presser-${e.id}`}>
                {e.presserId}
                <br />
                {'→ '}
                {e.dmsUid === null ? (
                  <Typography.Text type="secondary">{t('unmapped')}</Typography.Text>
                ) : e.presserName && e.presserName !== e.dmsUid ? (
                  `${e.presserName} (${e.dmsUid})`
                ) : (
                  e.dmsUid
                )}
              </span>
            ),
          },
          { title: t('columns.ticket'), width: 90, render: (_, e) => <span style={WRAP}>{e.orderId}</span> },
          {
            title: t('columns.action'),
            width: 76,
            render: (_, e) => <Tag color={e.action === 'approve' ? 'green' : 'red'}>{t(`action.${e.action}`)}</Tag>,
          },
          { title: t('columns.comment'), render: (_, e) => <span style={WRAP}>{e.comment || '—'}</span> },
          {
            title: t('columns.outcome'),
            width: '30%',
            render: (_, e) => {
              const outcome = e.outcome ?? 'pending';
              const why = e.message ? l(e.message) : e.reason;
              return (
                <span style={WRAP}>
                  <span data-testid={`approval-outcome-${e.id}`}>
                    <Tag color={OUTCOME_COLOR[outcome]}>{t(`outcome.${outcome}`)}</Tag>
                    {why}
                  </span>
                  {e.requestId && (
                    <Typography.Text type="secondary" style={{ display: 'block' }} data-testid={`approval-request-${e.id}`}>
                      {`${t('columns.requestId')}: ${e.requestId}`}
                    </Typography.Text>
                  )}
                </span>
              );
            },
          },
        ])}
      />
      <Flex justify="end" gap={8} style={{ marginTop: 12 }}>
        <Button disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="approvals-newer">
          {t('newer')}
        </Button>
        <Button disabled={!list.data?.hasMore || !last} onClick={() => last && setCursors((c) => [...c, last.id])} data-testid="approvals-older">
          {t('older')}
        </Button>
      </Flex>
    </div>
  );
}
