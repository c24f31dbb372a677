import { Alert, App, Button, Descriptions, Flex, Skeleton, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { classifyEvent } from '../../../shared/catalog/dms-events';
import type { WatcherStatus } from '../../../shared/contract/dms';
import { useQuery } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { ErrorAlert, useShowError } from '../../ui/errors';
import { loadWatcher, pollNow, startWatcher, stopWatcher } from './source';
import { withCode } from '../../ui/with-code';
import { useDateFormat } from '../../ui/dates';

/** Watcher state, live (service events), with start / stop / poll now. */
export function WatcherPanel() {
  const { t } = useTranslation('dms');
  const localize = useLocalized();
  const dates = useDateFormat();
  const { message } = App.useApp();
  const showError = useShowError();
  const query = useQuery(['dms.watcherStatus'], loadWatcher);
  const [busy, setBusy] = useState<'start' | 'stop' | 'poll' | null>(null);

  const act = async (kind: 'start' | 'stop' | 'poll'): Promise<void> => {
    setBusy(kind);
    try {
      const next = await (kind === 'start' ? startWatcher() : kind === 'stop' ? stopWatcher() : pollNow());
      query.setData(next);
      // A failed poll is shown by the status below; only success gets a toast.
      if (kind !== 'poll' || next.failures === 0) {
        void message.success(t(kind === 'start' ? 'watcher.started' : kind === 'stop' ? 'watcher.stoppedNow' : 'watcher.polled'));
      }
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };

  if (query.error && !query.data) return <ErrorAlert error={query.error} onRetry={() => void query.reload()} />;
  const s: WatcherStatus | undefined = query.data;
  if (!s) return <Skeleton active />;

  const when = (iso: string | null): string => (iso ? dates.dateTime(iso) : t('watcher.never'));

  return (
    <Flex vertical gap={12} data-testid="dms-watcher-panel">
      <Flex gap={8} align="center">
        <Tag color={s.running ? 'green' : 'default'} data-testid="dms-watcher-state" data-running={String(s.running)}>
          {s.running ? t('watcher.running') : t('watcher.stopped')}
        </Tag>
        {s.running ? (
          <Button onClick={() => void act('stop')} loading={busy === 'stop'} data-testid="dms-watcher-stop">
            {t('watcher.stop')}
          </Button>
        ) : (
          <Button type="primary" onClick={() => void act('start')} loading={busy === 'start'} data-testid="dms-watcher-start">
            {t('watcher.start')}
          </Button>
        )}
        <Button onClick={() => void act('poll')} loading={busy === 'poll' || s.polling} data-testid="dms-watcher-poll">
          {t('watcher.pollNow')}
        </Button>
      </Flex>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'last', label: t('watcher.lastPoll'), children: <span data-testid="dms-watcher-last-poll">{when(s.lastPollAt)}</span> },
          { key: 'ok', label: t('watcher.lastSuccess'), children: when(s.lastSuccessAt) },
          {
            key: 'next',
            label: t('watcher.nextPoll'),
            children: <span data-testid="dms-watcher-next-poll">{s.running ? when(s.nextPollAt) : t('watcher.never')}</span>,
          },
          { key: 'mark', label: t('watcher.watermark'), children: s.watermark ?? t('watcher.never') },
          {
            key: 'counts',
            label: t('watcher.counts'),
            children: (
              <span data-testid="dms-watcher-counts">
                {s.counts.polls} / {s.counts.ordersSeen} / {s.counts.eventsEmitted} / {s.counts.errors}
              </span>
            ),
          },
        ]}
      />
      {s.lastError && (
        <Alert
          type={s.failures > 0 ? 'error' : 'warning'}
          showIcon
          data-testid="dms-watcher-error"
          title={`${t('watcher.lastError')} (${when(s.lastError.at)}): ${withCode(localize(s.lastError.message), s.lastError.code)}`}
          description={s.lastError.fix ? `${t('common:fix')}: ${localize(s.lastError.fix)}` : undefined}
        />
      )}
      {s.recentEvents.length > 0 && (
        <Table
          size="small"
          rowKey={(e) => `${e.orderId}:${e.statusCode}:${e.at}`}
          pagination={false}
          data-testid="dms-watcher-events"
          dataSource={s.recentEvents}
          columns={[
            { key: 'at', title: t('watcher.columns.at'), render: (_, e) => when(e.at) },
            { key: 'order', title: t('watcher.columns.order'), dataIndex: 'orderId' },
            {
              key: 'kind',
              title: t('watcher.columns.kind'),
              render: (_, e) => {
                // The watcher stores DMS's English names; the catalogue gives them in the UI language.
                const kind = classifyEvent(e.module, e.businessType, e.status);
                return (
                  <span>
                    {localize(kind.module.name)} › {localize(kind.businessType.name)} › {localize(kind.status.name)}{' '}
                    {!e.known && <Tag color="orange">{t('watcher.unknown')}</Tag>}
                    {!e.accepted && <Tag>{t('watcher.duplicate')}</Tag>}
                  </span>
                );
              },
            },
            { key: 'code', title: t('watcher.columns.code'), render: (_, e) => `${e.pluginType} / ${e.statusCode}` },
          ]}
        />
      )}
    </Flex>
  );
}
