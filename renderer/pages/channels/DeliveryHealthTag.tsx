import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChannelHealth } from '../../../shared/contract/health';
import { channelTone } from '../home/health-tone';

/** How the channel's deliveries are going (from the health service), coloured as on Home. */
export function DeliveryHealthTag({ health }: { health: ChannelHealth }) {
  const { t } = useTranslation('home');
  const tone = channelTone(health);
  return (
    <Tag color={tone} data-testid={`channel-delivery-${health.channel}`} data-tone={tone}>
      {t(`channelState.${health.state}`)}
      {health.deadLetters > 0 ? ` · ${t('deadLetters')} ${health.deadLetters}` : ''}
      {health.recipientProblems > 0 ? ` · ${t('recipientProblems')} ${health.recipientProblems}` : ''}
    </Tag>
  );
}
