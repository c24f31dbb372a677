import type { ChannelId } from '../../../shared/catalog/channels.js';
import { isRegionSupported, type DmsRegionId } from '../../../shared/catalog/regions.js';
import { guideFor, regionUrlsFor } from '../../../shared/catalog/setup-steps.js';
import type { GuideView } from '../../../shared/contract/guide.js';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import type { SettingsStore } from '../settings/settings-store.js';

export interface GuideService {
  get(channel: ChannelId): GuideView;
  setRegion(channel: ChannelId, region: DmsRegionId): GuideView;
  setChecked(channel: ChannelId, id: string, checked: boolean): GuideView;
}

export function createGuideService(settings: SettingsStore): GuideService {
  const view = (channel: ChannelId): GuideView => {
    const s = settings.read();
    const g = guideFor(channel);
    const state = s.guide[channel];
    const channelRegion = s.channels[channel].region;
    const region = state?.region ?? (channelRegion !== null && isRegionSupported(channel, channelRegion) ? channelRegion : null) ?? g.regions[0]!.id;
    const checked = new Set(state?.checked ?? []);
    return {
      channel,
      region,
      regions: g.regions.map((r) => ({ id: r.id, name: r.name })),
      usSiteNotice: g.usSiteNotice,
      urls: regionUrlsFor(channel, region),
      steps: g.steps.map((st) => ({ ...st, regionUrls: [...st.regionUrls], checked: checked.has(st.id) })),
      permissions: g.permissions.map((p) => ({ ...p, checked: checked.has(p.id) })),
      progress: { done: g.checklistIds.filter((id) => checked.has(id)).length, total: g.checklistIds.length },
    };
  };

  const updateState = (
    channel: ChannelId,
    change: (st: { region: DmsRegionId | null; checked: string[] }) => { region: DmsRegionId | null; checked: string[] },
  ) => {
    settings.update((s) => {
      const current = s.guide[channel] ?? { region: null, checked: [] };
      return { ...s, guide: { ...s.guide, [channel]: change({ region: current.region, checked: [...current.checked] }) } };
    });
  };

  return {
    get: view,
    setRegion(channel, region) {
      if (!isRegionSupported(channel, region)) {
        throw new AppError('BAD_INPUT', text(`Region ${region} is not listed for this platform`, `此平台不支持地域 ${region}`), {
          issues: [{ path: 'region', message: text('not listed for this platform in the guide', '指南中此平台不支持该地域') }],
        });
      }
      updateState(channel, (st) => ({ ...st, region }));
      return view(channel);
    },
    setChecked(channel, id, checked) {
      if (!guideFor(channel).checklistIds.includes(id)) {
        throw new AppError('BAD_INPUT', text(`Unknown checklist item: ${id}`, `未知的检查项：${id}`), {
          issues: [{ path: 'id', message: text('not a step or permission of this guide', '不是此指南的步骤或权限') }],
        });
      }
      updateState(channel, (st) => ({
        ...st,
        checked: checked ? [...new Set([...st.checked, id])] : st.checked.filter((x) => x !== id),
      }));
      return view(channel);
    },
  };
}
