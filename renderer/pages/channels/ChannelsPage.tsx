import { App, Col, Drawer, Row, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CHANNEL_IDS, channelDef, isChannelId, type ChannelId } from '../../../shared/catalog/channels';
import type { FieldIssue } from '../../../shared/errors';
import { api, methodQuery, toApiError, useQuery, type QueryDef } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { ErrorAlert, useShowError } from '../../ui/errors';
import { ChannelCard, ChannelStatusTag } from './ChannelCard';
import { ChannelForm } from './ChannelForm';
import type { ChannelSaveRequest, ChannelView } from './model';
import { channelsQuery, saveChannel, setChannelEnabled } from './source';

interface Editing {
  readonly id: ChannelId;
  readonly issues?: readonly FieldIssue[] | undefined;
  readonly suggestedRegion?: string | undefined;
}

/** What the page shows first (loaded ahead by the shell, renderer/app/preload-pages.ts). */
export const firstQueries: readonly QueryDef[] = [channelsQuery, methodQuery('health.get'), methodQuery('messages.get'), methodQuery('approvals.connections')];

export function ChannelsPage() {
  const { t } = useTranslation('channels');
  const localize = useLocalized();
  const { message } = App.useApp();
  const showError = useShowError();
  const query = useQuery(channelsQuery.key, channelsQuery.load);
  const health = useQuery(['health.get'], () => api['health.get']({}));
  const [editing, setEditing] = useState<Editing | null>(null);
  const [toggling, setToggling] = useState<ChannelId | null>(null);
  const [params, setParams] = useSearchParams();

  // `?configure=<channel>&region=<id>` (the setup guide's "Next" link) opens that channel's form once.
  useEffect(() => {
    const id = params.get('configure');
    if (!isChannelId(id)) return;
    // The URL is outside React: the link's request is taken over once, then removed from it.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setEditing({ id, suggestedRegion: params.get('region') ?? undefined });
    setParams({}, { replace: true });
  }, [params, setParams]);

  const replace = (next: ChannelView) => {
    if (query.data) query.setData(query.data.map((v) => (v.channel === next.channel ? next : v)));
    void health.reload();
  };

  const save = async (req: ChannelSaveRequest, before: ChannelView): Promise<ChannelView> => {
    try {
      const next = await saveChannel(req, before);
      replace(next);
      void message.success(t('saved', { channel: localize(channelDef(next.channel).name) }));
      return next;
    } catch (err) {
      throw showError(err);
    }
  };

  const toggle = async (id: ChannelId, enabled: boolean) => {
    setToggling(id);
    try {
      const next = await setChannelEnabled(id, enabled);
      replace(next);
      const name = localize(channelDef(id).name);
      void message.success(enabled ? t('enabledNow', { channel: name }) : t('disabledNow', { channel: name }));
    } catch (err) {
      const e = toApiError(err);
      showError(e);
      // A refused enable names the missing fields: open the form with them marked.
      if (e.issues?.length) setEditing({ id, issues: e.issues });
    } finally {
      setToggling(null);
    }
  };

  if (query.error && !query.data) return <ErrorAlert error={query.error} onRetry={() => void query.reload()} />;
  if (!query.data) return <Skeleton active />;

  const byId = new Map(query.data.map((v) => [v.channel, v]));
  const current = editing ? byId.get(editing.id) : undefined;

  return (
    <div data-testid="page-channels">
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {CHANNEL_IDS.map((id) => {
          const view = byId.get(id);
          return view ? (
            <Col key={id} xs={24} xl={12}>
              <ChannelCard
                view={view}
                health={health.data?.channels.find((h) => h.channel === id)}
                toggling={toggling === id}
                onConfigure={() => setEditing({ id })}
                onToggle={(on) => void toggle(id, on)}
              />
            </Col>
          ) : null;
        })}
      </Row>
      <Drawer
        open={!!current}
        onClose={() => setEditing(null)}
        size={640}
        destroyOnHidden
        data-testid="channel-drawer"
        title={
          current ? (
            <span>
              {localize(channelDef(current.channel).name)} <ChannelStatusTag view={current} testId="drawer-status" />
            </span>
          ) : null
        }
      >
        {current && editing && (
          <ChannelForm
            key={current.channel}
            view={current}
            onSave={(req) => save(req, current)}
            initialIssues={editing.issues}
            onTested={() => void query.reload()}
            suggestedRegion={editing.suggestedRegion}
          />
        )}
      </Drawer>
    </div>
  );
}
