import { DeleteOutlined, RedoOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { channelDef } from '../../../shared/catalog/channels';
import { chatIdOf } from '../../../shared/chats';
import type { DeliveryError, DeliveryState } from '../../../shared/contract/sender';
import type { MethodOutput } from '../../../shared/contract/index';
import { api, useQuery } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { useShowError } from '../../ui/errors';
import { ExternalLinkButton } from '../../ui/external-link';
import { usePolling } from './usePolling';
import { useRetryFeedback } from './useRetryFeedback';
import { emptyText } from '../../ui/empty-text';
import { useDateFormat } from '../../ui/dates';
import { nowrapHeaders } from '../../ui/table-layout';

export const STATE_COLOR: Record<DeliveryState, string> = {
  queued: 'default',
  sending: 'processing',
  sent: 'success',
  retrying: 'warning',
  dead: 'error',
  discarded: 'default',
};

/** A platform error in the admin's words: what happened, the fix, and the console page. */
export function ErrorExplained({ error, testId }: { error: DeliveryError; testId?: string }) {
  const { t } = useTranslation('deliveries');
  const l = useLocalized();
  return (
    <div data-testid={testId} data-code={error.code}>
      {/* The code stays in data-code (support, tests); the admin reads the explanation. */}
      <Typography.Text type="danger">{l(error.message)}</Typography.Text>
      {/* A platform's numeric code is what its documentation and support ask for. */}
      {/^\d+$/.test(error.code) && <Typography.Text type="secondary"> ({t('platformCode', { code: error.code })})</Typography.Text>}
      <br />
      <Typography.Text type="secondary">
        {t('fix')}: {l(error.fix)}
      </Typography.Text>
      {error.consoleUrl && (
        <div>
          <ExternalLinkButton url={error.consoleUrl}>{t('openConsole')}</ExternalLinkButton>
        </div>
      )}
    </div>
  );
}

/** One event's deliveries with their attempts; dead letters can be retried or discarded. */
type DeliveryWithHistory = MethodOutput<'sender.deliveries'>['deliveries'][number];

export function EventDeliveries({ eventId, onChanged }: { eventId: string; onChanged: () => void }) {
  const { t } = useTranslation('deliveries');
  const l = useLocalized();
  const dates = useDateFormat();
  const showError = useShowError();
  const retried = useRetryFeedback();
  const query = useQuery(() => api['sender.deliveries']({ eventId }), [eventId]);
  const { reload: reloadQuery } = query;
  const reload = useCallback(() => void reloadQuery(), [reloadQuery]);
  usePolling(reload, 3_000);

  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      await query.reload();
      onChanged();
    } catch (err) {
      showError(err);
    }
  };

  const deliveries = query.data?.deliveries ?? [];
  return (
    <Table<DeliveryWithHistory>
      size="small"
      rowKey="id"
      loading={query.loading && !query.data}
      locale={{ emptyText: emptyText(query.loading && !query.data, undefined) }}
      pagination={false}
      dataSource={deliveries}
      onRow={(d) => ({ 'data-testid': `delivery-${d.id}`, 'data-state': d.state }) as object}
      expandable={{
        rowExpandable: (d) => d.history.length > 0,
        expandedRowRender: (d) => (
          <Timeline
            items={d.history.map((a, i) => ({
              key: i,
              color: a.ok ? 'green' : 'red',
              content: (
                <div>
                  <Typography.Text type="secondary">
                    {dates.dateTime(a.at)} · {a.durationMs} ms
                  </Typography.Text>{' '}
                  {a.ok ? t('attemptOk') : a.error && <ErrorExplained error={a.error} />}
                </div>
              ),
            }))}
          />
        ),
      }}
      columns={nowrapHeaders<DeliveryWithHistory>([
        { title: t('columns.channel'), render: (_, d) => l(channelDef(d.channel).name) },
        {
          title: t('columns.recipient'),
          render: (_, d) => {
            const chatId = chatIdOf(d.recipientUid);
            if (chatId) return <span data-testid="delivery-chat">{t('chats:inLog', { name: d.recipientName, chatId })}</span>;
            return d.recipientName && d.recipientName !== d.recipientUid ? `${d.recipientName} (${d.recipientUid})` : d.recipientUid;
          },
        },
        {
          title: t('columns.state'),
          render: (_, d) => (
            <Tag color={STATE_COLOR[d.state]} data-testid={`delivery-state-${d.id}`}>
              {t(`state.${d.state}`)}
            </Tag>
          ),
        },
        { title: t('columns.attempts'), dataIndex: 'attempts' },
        {
          title: t('columns.lastError'),
          render: (_, d) => (d.lastError && d.state !== 'sent' ? <ErrorExplained error={d.lastError} testId={`delivery-error-${d.id}`} /> : null),
        },
        {
          title: t('columns.actions'),
          render: (_, d) =>
            d.state === 'dead' || d.state === 'discarded' ? (
              <Space>
                <Button
                  size="small"
                  type="primary"
                  icon={<RedoOutlined />}
                  data-testid={`delivery-retry-${d.id}`}
                  onClick={() => void act(async () => retried((await api['sender.retry']({ deliveryIds: [d.id] })).count, 1))}
                >
                  {t('retry')}
                </Button>
                {d.state === 'dead' && (
                  <Popconfirm title={t('discard')} onConfirm={() => void act(() => api['sender.discard']({ deliveryIds: [d.id] }))}>
                    <Button size="small" danger icon={<DeleteOutlined />} data-testid={`delivery-discard-${d.id}`}>
                      {t('discard')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ) : null,
        },
      ])}
    />
  );
}
