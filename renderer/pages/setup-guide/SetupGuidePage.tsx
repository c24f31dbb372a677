import { ArrowRightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, Form, Progress, Segmented, Select, Skeleton, Space, Steps, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { CHANNEL_IDS, channelDef, isChannelId, type ChannelId } from '../../../shared/catalog/channels';
import type { GuideView } from '../../../shared/contract/guide';
import { text } from '../../../shared/i18n-text';
import { api, useQuery, type QueryDef } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { ErrorAlert, useShowError } from '../../ui/errors';
import { ExternalLinkButton } from '../../ui/external-link';
import { RegionUrl } from './RegionUrl';
import { ApproveFromChatGuide } from './ApproveFromChatGuide';

/** The platform the guide opens on without `?platform=`. */
const DEFAULT_CHANNEL: ChannelId = 'dingtalk';

const guideQuery = (channel: ChannelId): QueryDef<GuideView> => ({ key: ['guide.get', channel], load: () => api['guide.get']({ channel }) });

/** What the page shows first (loaded ahead by the shell, renderer/app/preload-pages.ts). */
export const firstQueries: readonly QueryDef[] = [guideQuery(DEFAULT_CHANNEL)];

export function SetupGuidePage() {
  const { t } = useTranslation('guide');
  const localize = useLocalized();
  const [params, setParams] = useSearchParams();
  const platformParam = params.get('platform');
  const channel: ChannelId = isChannelId(platformParam) ? platformParam : DEFAULT_CHANNEL;
  const showError = useShowError();
  const guide = guideQuery(channel);
  const query = useQuery(guide.key, guide.load);
  const { setData } = query;

  // Each change returns the whole guide view: the page shows exactly what was stored.
  const apply = useCallback(
    async (call: () => Promise<GuideView>) => {
      try {
        setData(await call());
      } catch (err) {
        showError(err);
      }
    },
    [setData, showError],
  );

  const view = query.data?.channel === channel ? query.data : undefined;
  const consoleUrl = channelDef(channel).consoleUrl;
  // The real next step: the first one not ticked (not simply the one after the last tick).
  const nextId = view?.steps.find((s) => !s.checked)?.id;
  const complete = !!view && view.progress.total > 0 && view.progress.done === view.progress.total;
  const credentialsLink = `/channels?${new URLSearchParams({ configure: channel, ...(view?.region ? { region: view.region } : {}) }).toString()}`;

  return (
    <div data-testid="page-setup-guide">
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="vertical">
          <Form.Item label={t('platform')}>
            <Segmented<ChannelId>
              data-testid="guide-platform"
              value={channel}
              options={CHANNEL_IDS.map((id) => ({
                value: id,
                label: <span data-testid={`guide-platform-${id}`}>{localize(channelDef(id).name)}</span>,
              }))}
              onChange={(v) => setParams({ platform: v }, { replace: true })}
            />
          </Form.Item>
          <Form.Item label={t('region')} htmlFor="guide-region" style={{ marginBottom: 8 }}>
            <Select
              id="guide-region"
              data-testid="guide-region"
              style={{ maxWidth: 420 }}
              value={view?.region}
              disabled={!view}
              options={(view?.regions ?? []).map((r) => ({ value: r.id, label: `${localize(r.name)} · ${r.id}` }))}
              onChange={(region: GuideView['region']) => void apply(() => api['guide.setRegion']({ channel, region }))}
            />
          </Form.Item>
          {view && <Alert type="info" showIcon title={localize(view.usSiteNotice)} data-testid="us-site-notice" />}
        </Form>
        {view && (
          <Flex align="center" gap={16} style={{ marginTop: 16 }}>
            <Typography.Text strong>{t('progress')}</Typography.Text>
            <Progress
              data-testid="guide-progress"
              data-done={view.progress.done}
              data-total={view.progress.total}
              percent={view.progress.total ? Math.round((view.progress.done / view.progress.total) * 100) : 0}
              style={{ flex: 1, margin: 0 }}
            />
            <Typography.Text type="secondary">{t('done', view.progress)}</Typography.Text>
          </Flex>
        )}
        {complete && (
          <Flex align="center" gap={12} style={{ marginTop: 12 }}>
            <Typography.Text type="success">{t('guideNext:allDone')}</Typography.Text>
            <Link to={credentialsLink} data-testid="guide-next-credentials">
              <Button type="primary" icon={<ArrowRightOutlined />} iconPlacement="end">
                {t('guideNext:nextCredentials')}
              </Button>
            </Link>
          </Flex>
        )}
      </Card>

      {query.error && !view && <ErrorAlert error={query.error} onRetry={() => void query.reload()} />}
      {!view && !query.error && <Skeleton active />}
      {view && (
        <Card title={t('steps')} extra={<ExternalLinkButton url={consoleUrl}>{t('openConsole')}</ExternalLinkButton>}>
          <Steps
            orientation="vertical"
            data-testid="guide-steps"
            items={view.steps.map((s) => ({
              status: s.checked ? 'finish' : s.id === nextId ? 'process' : 'wait',
              title: (
                <Checkbox
                  data-testid={`check-${s.id}`}
                  checked={s.checked}
                  onChange={(e) => void apply(() => api['guide.setChecked']({ channel, id: s.id, checked: e.target.checked }))}
                >
                  {localize(s.title)}
                  {s.id === nextId && (
                    <Tag color="processing" style={{ marginInlineStart: 8 }} data-testid={`next-step-${s.id}`}>
                      {t('guideNext:nextStep')}
                    </Tag>
                  )}
                </Checkbox>
              ),
              content: (
                <StepBody
                  step={s}
                  view={view}
                  consoleUrl={consoleUrl}
                  onToggle={(id, checked) => void apply(() => api['guide.setChecked']({ channel, id, checked }))}
                />
              ),
            }))}
          />
        </Card>
      )}
      {view && <ApproveFromChatGuide channel={channel} />}
    </div>
  );
}

function StepBody({
  step,
  view,
  consoleUrl,
  onToggle,
}: {
  step: GuideView['steps'][number];
  view: GuideView;
  consoleUrl: string;
  onToggle: (id: string, checked: boolean) => void;
}) {
  const { t } = useTranslation('guide');
  const localize = useLocalized();
  return (
    <div style={{ paddingBottom: 12 }}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>{localize(step.detail)}</Typography.Paragraph>
      {step.regionUrls.map((kind) => {
        const url = view.urls[kind];
        if (!url) return null;
        const meta = URL_LABELS[kind];
        return <RegionUrl key={kind} label={t(meta.label)} help={t(meta.help)} url={url} testId={meta.testId} />;
      })}
      {step.listsPermissions && (
        <Space orientation="vertical" size={4} data-testid="guide-permissions" style={{ display: 'flex' }}>
          <Typography.Text strong>{t('permissions')}</Typography.Text>
          {view.permissions.map((p) => (
            <Checkbox key={p.id} data-testid={`check-${p.id}`} checked={p.checked} onChange={(e) => onToggle(p.id, e.target.checked)}>
              {localize(text(p.name, p.nameZh))} {p.scope && <Tag style={{ marginInlineStart: 4 }}>{p.scope}</Tag>}
              {p.why && <Typography.Text type="secondary">{localize(p.why)}</Typography.Text>}
            </Checkbox>
          ))}
        </Space>
      )}
      {step.id === 'card-template' && <CardTemplateNote />}
      {/* The card header links the platform console; only a different page gets its own link. */}
      {step.consoleUrl && step.consoleUrl !== consoleUrl && (
        <ExternalLinkButton url={step.consoleUrl} testId={`open-${step.id}`}>
          {t('openConsole')}
        </ExternalLinkButton>
      )}
    </div>
  );
}

const CARD_VARIABLES = ['title', 'module', 'businessType', 'status', 'taskId', 'taskName', 'submitter', 'eventTime', 'message', 'url'] as const;

/** What the guide's DingTalkTemplate.json is for, and the variables our cards fill (electron/services/sender/render.ts). */
function CardTemplateNote() {
  const { t } = useTranslation('guideNext');
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 8 }}
      data-testid="card-template-note"
      title={t('cardTemplateTitle')}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 4 }}>{t('cardTemplate')}</Typography.Paragraph>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {CARD_VARIABLES.map((v) => (
              <li key={v}>{t(`cardVariables.${v}`)}</li>
            ))}
          </ul>
        </>
      }
    />
  );
}

const URL_LABELS = {
  homepage: { label: 'homepage', help: 'homepageHelp', testId: 'url-homepage' },
  redirectUrl: { label: 'redirectUrl', help: 'redirectHelp', testId: 'url-redirect' },
  trustedH5Domain: { label: 'trustedDomain', help: 'trustedHelp', testId: 'url-trusted' },
} as const;
