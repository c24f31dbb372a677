import { Descriptions, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChannelId } from '../../../shared/catalog/channels';
import type { LongConnectionView } from '../../../shared/contract/approvals';
import { api, useQuery } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { useDateFormat } from '../../ui/dates';

/** A connection as shown: the service's phase, or `notRunning` when approve-from-chat is on but no connection reports. */
export type ConnectionPhase = LongConnectionView['phase'] | 'notRunning';

const PHASE_COLOR: Record<ConnectionPhase, string> = {
  connected: 'success',
  connecting: 'processing',
  failing: 'error',
  off: 'default',
  notRunning: 'default',
};

/** The long connections of every channel with approve-from-chat on, shared by Home, the channel cards and the form. */
export function useConnections(): { byChannel: ReadonlyMap<ChannelId, LongConnectionView>; loaded: boolean } {
  const q = useQuery(['approvals.connections'], () => api['approvals.connections']({}));
  return { byChannel: new Map((q.data?.connections ?? []).map((c) => [c.channel, c])), loaded: q.data !== undefined };
}

/** Badge "Approve from chat: Connected" with the failure explained in a tooltip (and in `data-phase` for tests). */
export function LongConnectionBadge({ channel, connection }: { channel: ChannelId; connection: LongConnectionView | undefined }) {
  const { t } = useTranslation('approvals');
  const l = useLocalized();
  const dates = useDateFormat();
  const phase: ConnectionPhase = connection?.phase ?? 'notRunning';
  const why = connection?.lastError ? l(connection.lastError) : phase === 'notRunning' ? t('section.notRunning') : null;
  const last = connection?.lastCallbackAt ? `${t('section.lastCallback')}: ${dates.dateTime(connection.lastCallbackAt)}` : null;
  const tip = [why, last].filter(Boolean).join(' · ');
  const tag = (
    <Tag color={PHASE_COLOR[phase]} data-testid={`approval-connection-${channel}`} data-phase={phase}>
      {t('badge', { state: t(`phase.${phase}`) })}
    </Tag>
  );
  return tip ? <Tooltip title={tip}>{tag}</Tooltip> : tag;
}

/** The form's view of the connection: phase, why it fails, since when, last callback. */
export function LongConnectionDetails({ channel, connection }: { channel: ChannelId; connection: LongConnectionView | undefined }) {
  const { t } = useTranslation('approvals');
  const l = useLocalized();
  const dates = useDateFormat();
  return (
    <Descriptions
      size="small"
      column={1}
      data-testid={`approval-connection-details-${channel}`}
      items={[
        { key: 'state', label: t('section.connection'), children: <LongConnectionBadge channel={channel} connection={connection} /> },
        ...(connection?.lastError
          ? [
              {
                key: 'error',
                label: t('phase.failing'),
                children: (
                  <Typography.Text type="danger" data-testid={`approval-connection-error-${channel}`}>
                    {`${l(connection.lastError)} · ${dates.dateTime(connection.since)}`}
                  </Typography.Text>
                ),
              },
            ]
          : []),
        ...(connection
          ? [
              {
                key: 'callback',
                label: t('section.lastCallback'),
                children: connection.lastCallbackAt ? dates.dateTime(connection.lastCallbackAt) : t('section.never'),
              },
              { key: 'reconnects', label: t('section.reconnects'), children: connection.reconnects },
            ]
          : [
              {
                key: 'why',
                label: t('phase.notRunning'),
                children: <Typography.Text type="secondary">{t('section.notRunning')}</Typography.Text>,
              },
            ]),
      ]}
    />
  );
}
