import { Button, Card, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CHANNELS, type ChannelId } from '../../../shared/catalog/channels';
import { DELIVERY_STATES, eventFilterSchema, type DeliveryState, type EventSummary } from '../../../shared/contract/sender';
import { api, methodQuery, useQuery, type QueryDef } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { ErrorAlert, useShowError } from '../../ui/errors';
import { ApprovalsTab } from './ApprovalsTab';
import { DeliveryChart } from './DeliveryChart';
import { EventDeliveries, STATE_COLOR } from './EventDeliveries';
import { RetryAllButton, useRetryAll } from './RetryAllButton';
import { emptyText } from '../../ui/empty-text';
import { useDateFormat } from '../../ui/dates';
import { nowrapHeaders, WRAP } from '../../ui/table-layout';
import { textLimit } from '../../ui/text-limit';

const PAGE_SIZE = 20;

/** Saves text as a file in the browser / Electron window. */
function download(filename: string, body: string): void {
  const url = URL.createObjectURL(new Blob([body], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** Delivery log: the deliveries, and the audit of Approve / Reject presses on chat cards (`?tab=approvals`). */
/** One page of events under the filters. */
function eventsQuery(states: readonly DeliveryState[], channel: ChannelId | undefined, search: string, page: number) {
  return {
    key: ['sender.events', states.join(','), channel, search, page],
    load: () => api['sender.events']({ states: [...states], search, ...(channel ? { channel } : {}), offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
  } satisfies QueryDef;
}

/** The chart: the last 24 hours. */
const statsQuery = { key: ['sender.stats', 24], load: () => api['sender.stats']({ buckets: 24 }) } satisfies QueryDef;

/** What the page shows first, unfiltered (loaded ahead by the shell, renderer/app/preload-pages.ts). */
export const firstQueries: readonly QueryDef[] = [eventsQuery([], undefined, '', 1), methodQuery('sender.status'), statsQuery];

export function DeliveriesPage() {
  const { t } = useTranslation('approvals');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'approvals' ? 'approvals' : 'deliveries';
  return (
    <div data-testid="page-deliveries">
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'approvals' ? { tab: key } : {}, { replace: true })}
        items={[
          { key: 'deliveries', label: <span data-testid="tab-deliveries">{t('tab.deliveries')}</span>, children: <DeliveryEvents /> },
          { key: 'approvals', label: <span data-testid="tab-approvals">{t('tab.approvals')}</span>, children: <ApprovalsTab /> },
        ]}
      />
    </div>
  );
}

/** Chart, events with their deliveries, filters, retry / discard, export, live updates. */
function DeliveryEvents() {
  const { t } = useTranslation('deliveries');
  const { t: tr } = useTranslation('retry');
  const l = useLocalized();
  const dates = useDateFormat();
  const showError = useShowError();
  const [states, setStates] = useState<DeliveryState[]>([]);
  const [channel, setChannel] = useState<ChannelId | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const filter = useMemo(() => ({ states, search, ...(channel ? { channel } : {}) }), [states, search, channel]);

  const eventsDef = eventsQuery(states, channel, search, page);
  const events = useQuery(eventsDef.key, eventsDef.load);
  const status = useQuery(['sender.status'], () => api['sender.status']({}));
  const stats = useQuery(statsQuery.key, statsQuery.load);
  const { reload: reloadEvents } = events;
  const { reload: reloadStatus } = status;
  const { reload: reloadStats } = stats;
  const refresh = useCallback(() => {
    void reloadEvents();
    void reloadStatus();
    void reloadStats();
  }, [reloadEvents, reloadStatus, reloadStats]);
  const retryAll = useRetryAll('below', refresh);

  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      refresh();
    } catch (err) {
      showError(err);
    }
  };

  if (events.error && !events.data) return <ErrorAlert error={events.error} onRetry={refresh} />;
  const paused = status.data?.paused ?? false;

  return (
    <div data-testid="delivery-events">
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Card
        title={t('chart.title')}
        extra={
          <Space wrap>
            {paused && (
              <Tag color="warning" data-testid="sender-paused">
                {t('paused')}
              </Tag>
            )}
            <Button data-testid="sender-toggle" onClick={() => void act(() => (paused ? api['sender.resume']({}) : api['sender.pause']({})))}>
              {paused ? t('resume') : t('pause')}
            </Button>
            <RetryAllButton testId="retry-all" retryAll={retryAll} />
            <Button
              data-testid="export-csv"
              onClick={() =>
                void act(async () => {
                  const { filename, csv } = await api['sender.exportCsv'](filter);
                  download(filename, csv);
                })
              }
            >
              {t('export')}
            </Button>
          </Space>
        }
      >
        <DeliveryChart buckets={stats.data?.buckets ?? []} />
      </Card>
      <Card style={{ marginTop: 16 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 240 }}
            placeholder={t('filters.states')}
            data-testid="filter-states"
            value={states}
            onChange={(v) => {
              setStates(v);
              setPage(1);
            }}
            options={DELIVERY_STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))}
          />
          <Select
            allowClear
            style={{ minWidth: 180 }}
            placeholder={t('filters.allChannels')}
            value={channel}
            onChange={(v) => {
              setChannel(v);
              setPage(1);
            }}
            options={CHANNELS.map((c) => ({ value: c.id, label: l(c.name) }))}
          />
          <Input.Search
            allowClear
            placeholder={t('filters.search')}
            style={{ width: 260 }}
            maxLength={textLimit(eventFilterSchema.shape.search).maxLength}
            onSearch={(v) => {
              setSearch(v);
              setPage(1);
            }}
          />
        </Space>
        <Table<EventSummary>
          data-testid="events-table"
          rowKey="id"
          loading={events.loading && !events.data}
          dataSource={events.data?.items ?? []}
          locale={{ emptyText: emptyText(events.loading && !events.data, t('empty')) }}
          onRow={(e) => ({ 'data-testid': `event-row-${e.taskId}` }) as object}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: events.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          expandable={{ expandedRowRender: (e) => <EventDeliveries eventId={e.id} onChanged={refresh} /> }}
          // Fixed to the card's width (no sideways scroll): the expanded deliveries share it, so Retry stays in view at 1024 px.
          tableLayout="fixed"
          columns={nowrapHeaders<EventSummary>([
            { title: t('columns.received'), width: 110, render: (_, e) => <span style={WRAP}>{dates.dateTime(e.receivedAt)}</span> },
            {
              title: t('columns.event'),
              render: (_, e) => <span style={WRAP}>{`${l(e.names.module)} > ${l(e.names.businessType)} > ${l(e.names.status)}`}</span>,
            },
            { title: t('columns.ticket'), render: (_, e) => <span style={WRAP}>{`#${e.taskId} ${e.taskName}`}</span> },
            {
              title: t('columns.source'),
              width: 100,
              render: (_, e) => (
                <span style={WRAP} data-testid={`event-source-${e.taskId}`}>
                  {t(`source.${e.source}`)}
                </span>
              ),
            },
            {
              title: t('columns.deliveries'),
              width: '28%',
              render: (_, e) => (
                <Space size={4} wrap>
                  {DELIVERY_STATES.filter((s) => e.counts[s] > 0).map((s) => (
                    <Tag key={s} color={STATE_COLOR[s]} data-testid={`event-${e.taskId}-${s}`}>
                      {t(`state.${s}`)} {e.counts[s]}
                    </Tag>
                  ))}
                  {e.attempts > 0 && (
                    <Typography.Text type="secondary" data-testid={`event-${e.taskId}-attempts`}>
                      · {tr('attempts', { count: e.attempts })}
                    </Typography.Text>
                  )}
                  {e.notes.length > 0 && (
                    <Tag title={e.notes.map((n) => `${n.uid}: ${l(n.message)}`).join('\n')}>
                      {t('notes')} {e.notes.length}
                    </Tag>
                  )}
                </Space>
              ),
            },
          ])}
        />
      </Card>
    </div>
  );
}
