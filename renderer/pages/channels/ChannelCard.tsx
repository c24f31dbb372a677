import { Button, Card, Descriptions, Switch, Tag } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { channelDef } from '../../../shared/catalog/channels';
import { findRegion } from '../../../shared/catalog/regions';
import { useLocalized } from '../../i18n/LanguageProvider';
import type { ChannelStatus, ChannelView } from './model';
import { SecretStatus } from './SecretStatus';
import type { ChannelHealth } from '../../../shared/contract/health';
import { channelTone } from '../home/health-tone';
import { DeliveryHealthTag } from './DeliveryHealthTag';
import { useDateFormat } from '../../ui/dates';
import { LongConnectionBadge, useConnections } from './LongConnectionBadge';

const STATUS_COLOR: Record<ChannelStatus, string> = {
  'not-configured': 'default',
  configured: 'blue',
  enabled: 'green',
};

const STATUS_KEY: Record<ChannelStatus, string> = {
  'not-configured': 'status.notConfigured',
  configured: 'status.configured',
  enabled: 'status.enabled',
};

export function ChannelStatusTag({
  view,
  health,
  testId = `channel-status-${view.channel}`,
}: {
  view: ChannelView;
  health?: ChannelHealth | undefined;
  testId?: string;
}) {
  const { t } = useTranslation('channels');
  // "Enabled" is not green while the channel's deliveries fail.
  const failing = health !== undefined && channelTone(health) === 'error';
  return (
    <Tag color={failing ? 'warning' : STATUS_COLOR[view.status]} data-testid={testId} data-status={view.status}>
      {t(STATUS_KEY[view.status])}
    </Tag>
  );
}

export function ChannelCard({
  view,
  onConfigure,
  onToggle,
  toggling,
  health,
}: {
  view: ChannelView;
  /** Delivery health from the health service; undefined while loading. */
  health?: ChannelHealth | undefined;
  onConfigure: () => void;
  onToggle: (enabled: boolean) => void;
  toggling: boolean;
}) {
  const { t } = useTranslation('channels');
  const localize = useLocalized();
  const dates = useDateFormat();
  const def = channelDef(view.channel);
  const region = view.region ? findRegion(view.region) : undefined;
  const secretFields = def.fields.filter((f) => f.secret);
  const connections = useConnections();

  return (
    <Card
      data-testid={`channel-card-${view.channel}`}
      title={
        <span>
          {localize(def.name)} <ChannelStatusTag view={view} health={health} />
        </span>
      }
      extra={
        <Switch
          data-testid={`channel-enable-${view.channel}`}
          aria-label={`${t('enable')} ${localize(def.name)}`}
          checked={view.enabled}
          loading={toggling}
          onChange={onToggle}
        />
      }
      actions={[
        <Button key="configure" type="link" icon={<SettingOutlined />} onClick={onConfigure} data-testid={`channel-configure-${view.channel}`}>
          {t('configure')}
        </Button>,
      ]}
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'region', label: t('region'), children: region ? `${localize(region.name)} · ${region.id}` : t('noRegion') },
          ...(health && view.enabled ? [{ key: 'delivery', label: t('home:deliveries'), children: <DeliveryHealthTag health={health} /> }] : []),
          ...(view.approval.approveFromChat
            ? [
                {
                  key: 'approveFromChat',
                  label: t('approvals:section.connection'),
                  children: <LongConnectionBadge channel={view.channel} connection={connections.byChannel.get(view.channel)} />,
                },
              ]
            : []),
          ...def.fields
            .filter((f) => !f.secret && f.required)
            .slice(0, 2)
            .map((f) => ({ key: f.id, label: f.label, children: view.values[f.id] || '—' })),
          {
            key: 'lastTest',
            label: t('credtest:lastTest'),
            children: view.lastTest ? (
              <span data-testid={`channel-last-test-${view.channel}`} data-ok={String(view.lastTest.ok)}>
                <Tag color={view.lastTest.ok ? 'success' : 'error'}>{t(view.lastTest.ok ? 'common:runState.passed' : 'common:runState.failed')}</Tag>
                {localize(view.lastTest.summary)} · {dates.dateTime(view.lastTest.at)}
              </span>
            ) : (
              t('credtest:never')
            ),
          },
          ...secretFields.map((f) => ({
            key: f.id,
            label: f.label,
            children: <SecretStatus fieldId={`${view.channel}-${f.id}`} info={view.secrets[f.id]} />,
          })),
        ]}
      />
    </Card>
  );
}
