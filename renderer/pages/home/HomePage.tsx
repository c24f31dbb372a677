import { CheckCircleFilled, CloseCircleFilled, RightCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Flex, List, Progress, Row, Skeleton, Tag, Typography } from 'antd';
import { useCallback, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { channelDef } from '../../../shared/catalog/channels';
import type { ChannelHealth, HealthSummary } from '../../../shared/contract/health';
import type { Checklist, ChecklistStep } from '../../../shared/contract/home';
import { api, methodQuery, useQuery, type QueryDef } from '../../api';
import { useLanguage, useLocalized } from '../../i18n/LanguageProvider';
import { ErrorAlert } from '../../ui/errors';
import { channelTone, type Tone } from './health-tone';
import { LongConnectionBadge, useConnections } from '../channels/LongConnectionBadge';
import { channelsQuery } from '../channels/source';

const STEP_ICON: Record<ChecklistStep['status'], ReactNode> = {
  done: <CheckCircleFilled style={{ color: '#52c41a', fontSize: 18 }} />,
  failed: <CloseCircleFilled style={{ color: '#ff4d4f', fontSize: 18 }} />,
  todo: <ClockCircleOutlined style={{ fontSize: 18 }} />,
};

/**
 * What Home shows first: the app waits for these (briefly) before its first render, so Home appears with its data
 * in one render; main.tsx starts the calls before React loads.
 */
export const firstQueries: readonly QueryDef[] = [
  methodQuery('home.checklist'),
  methodQuery('health.get'),
  channelsQuery,
  methodQuery('approvals.connections'),
];

/** Home: the setup checklist from live state, then the health of every channel, the watcher and the inbox. */
export default function HomePage() {
  const checklist = useQuery(['home.checklist'], () => api['home.checklist']({}));
  const health = useQuery(['health.get'], () => api['health.get']({}));

  return (
    <Flex vertical gap={16} data-testid="page-home">
      {checklist.error && !checklist.data ? (
        <ErrorAlert error={checklist.error} onRetry={() => void checklist.reload()} />
      ) : checklist.data ? (
        <ChecklistCard checklist={checklist.data} />
      ) : (
        <Skeleton active />
      )}
      {health.error && !health.data ? (
        <ErrorAlert error={health.error} onRetry={() => void health.reload()} />
      ) : health.data ? (
        <HealthPanel health={health.data} />
      ) : (
        <Skeleton active />
      )}
    </Flex>
  );
}

function ChecklistCard({ checklist }: { checklist: Checklist }) {
  const { t } = useTranslation('home');
  const l = useLocalized();
  const navigate = useNavigate();
  return (
    <Card
      title={t('gettingStarted')}
      data-testid="home-checklist"
      data-done={checklist.done}
      extra={
        <Progress
          type="circle"
          size={36}
          percent={Math.round((checklist.done / checklist.total) * 100)}
          format={() => `${checklist.done}/${checklist.total}`}
        />
      }
    >
      {checklist.next === null && (
        <Typography.Paragraph type="success" data-testid="home-all-done">
          {t('allDone')}
        </Typography.Paragraph>
      )}
      <List
        dataSource={checklist.steps}
        renderItem={(s) => (
          <List.Item
            data-testid={`home-step-${s.id}`}
            data-status={s.status}
            style={s.id === checklist.next ? { background: 'rgba(22,119,255,0.06)', paddingInline: 8 } : { paddingInline: 8 }}
            actions={[
              <Button
                key="go"
                size="small"
                type={s.id === checklist.next ? 'primary' : 'default'}
                icon={<RightCircleOutlined />}
                onClick={() => void navigate(s.link)}
                data-testid={`home-step-go-${s.id}`}
              >
                {t('go')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              avatar={STEP_ICON[s.status]}
              title={
                <Flex gap={8} align="center" wrap>
                  <span>{t(`steps.${s.id}`)}</span>
                  <Tag color={s.status === 'done' ? 'success' : s.status === 'failed' ? 'error' : 'default'}>{t(`stepStatus.${s.status}`)}</Tag>
                </Flex>
              }
              description={<span data-testid={`home-step-detail-${s.id}`}>{l(s.detail)}</span>}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

function useTime(): (iso: string | null) => string {
  const { language } = useLanguage();
  const { t } = useTranslation('home');
  return useCallback((iso: string | null) => (iso ? new Date(iso).toLocaleString(language) : t('never')), [language, t]);
}

const OVERALL_COLOR: Record<HealthSummary['overall'], Tone> = { ok: 'success', degraded: 'error', setup: 'default' };

function HealthPanel({ health }: { health: HealthSummary }) {
  const { t } = useTranslation('home');
  const l = useLocalized();
  const time = useTime();
  const w = health.watcher;
  // Channels with approve-from-chat on show their long connection (the channel list says which).
  const channels = useQuery(channelsQuery.key, channelsQuery.load);
  const approveFromChat = new Set((channels.data ?? []).filter((c) => c.approval.approveFromChat).map((c) => c.channel));
  return (
    <Card
      title={t('health')}
      data-testid="home-health"
      extra={
        <Tag color={OVERALL_COLOR[health.overall]} data-testid="home-overall" data-state={health.overall}>
          {t(`overall.${health.overall}`)}
        </Tag>
      }
    >
      <Flex vertical gap={16}>
        {health.queue.paused && (
          <Tag color="warning" data-testid="home-paused">
            {t('queuePaused')}
          </Tag>
        )}
        <Row gutter={[16, 16]}>
          {health.channels.map((ch) => (
            <Col key={ch.channel} xs={24} lg={12}>
              <ChannelHealthCard ch={ch} approveFromChat={approveFromChat.has(ch.channel)} />
            </Col>
          ))}
        </Row>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('watcher')} data-testid="home-watcher">
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('watcher')}>
                  {!w.enabled ? t('watcherOff') : w.running ? t('watcherRunning') : t('watcherStopped')}
                </Descriptions.Item>
                <Descriptions.Item label={t('lastPoll')}>{time(w.lastPollAt)}</Descriptions.Item>
                <Descriptions.Item label={t('lastError')}>
                  {w.lastError ? <Typography.Text type="danger">{`${l(w.lastError.explanation)} · ${time(w.lastError.at)}`}</Typography.Text> : t('none')}
                </Descriptions.Item>
              </Descriptions>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('inbox')} data-testid="home-inbox">
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('lastEvent')}>
                  <span data-testid="home-inbox-last">
                    {time(health.inbox.lastEventAt)}
                    {health.inbox.lastEventSource ? ` · ${sourceLabel(t, health.inbox.lastEventSource)}` : ''}
                  </span>
                </Descriptions.Item>
                <Descriptions.Item label={t('keychain')}>
                  {health.keychain.ok ? (
                    t('keychainOk')
                  ) : (
                    <Typography.Text type="danger">{health.keychain.problem ? l(health.keychain.problem) : ''}</Typography.Text>
                  )}
                </Descriptions.Item>
              </Descriptions>
            </Card>
          </Col>
        </Row>
      </Flex>
    </Card>
  );
}

const SOURCES = new Set(['webhook', 'cli', 'api', 'watcher', 'test', 'reminder']);
const sourceLabel = (t: (k: string) => string, source: string): string => (SOURCES.has(source) ? t(`source.${source}`) : source);

function ChannelHealthCard({ ch, approveFromChat }: { ch: ChannelHealth; approveFromChat: boolean }) {
  const { t } = useTranslation('home');
  const connections = useConnections();
  const l = useLocalized();
  const time = useTime();
  const navigate = useNavigate();
  const tone = channelTone(ch);
  return (
    <Card
      size="small"
      data-testid={`home-channel-${ch.channel}`}
      data-tone={tone}
      title={l(channelDef(ch.channel).name)}
      extra={
        <Tag color={tone} data-testid={`home-channel-state-${ch.channel}`}>
          {ch.configured || ch.enabled ? t(`channelState.${ch.state}`) : t('notConfigured')}
        </Tag>
      }
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('enabled')}>{ch.enabled ? t('enabled') : t('disabled')}</Descriptions.Item>
        <Descriptions.Item label={t('lastSuccess')}>{time(ch.lastSuccessAt)}</Descriptions.Item>
        <Descriptions.Item label={t('lastError')}>
          {ch.lastError ? (
            <Typography.Text type="danger" data-testid={`home-channel-error-${ch.channel}`}>
              {`${l(ch.lastError.explanation)} [${ch.lastError.code}] · ${time(ch.lastError.at)}`}
            </Typography.Text>
          ) : (
            t('none')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('deadLetters')}>
          <span data-testid={`home-channel-dead-${ch.channel}`}>{ch.deadLetters}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('recipientProblems')}>
          <span data-testid={`home-channel-recipients-${ch.channel}`}>{ch.recipientProblems}</span>
        </Descriptions.Item>
        {approveFromChat && (
          <Descriptions.Item label={t('approvals:section.connection')}>
            <LongConnectionBadge channel={ch.channel} connection={connections.byChannel.get(ch.channel)} />
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('queued')}>{ch.queued}</Descriptions.Item>
        <Descriptions.Item label={t('rateLimitWaits')}>{ch.rateLimitWaits24h}</Descriptions.Item>
        <Descriptions.Item label={t('credentialTest')}>
          {ch.credentialTest ? `${ch.credentialTest.passed ? t('testPassed') : t('testFailed')} · ${time(ch.credentialTest.at)}` : t('never')}
        </Descriptions.Item>
      </Descriptions>
      <Flex gap={8} justify="end">
        <Button size="small" onClick={() => void navigate('/channels')}>
          {t('openChannel')}
        </Button>
        {(ch.deadLetters > 0 || ch.lastError) && (
          <Button size="small" onClick={() => void navigate('/deliveries')}>
            {t('openDeliveries')}
          </Button>
        )}
      </Flex>
    </Card>
  );
}
