import { text, type LocalizedText } from '../i18n-text.js';
import type { ChannelId } from './channels.js';

/** A DMS data-processing region that the guide lists for message notifications. */
export interface DmsRegion {
  readonly id: string;
  readonly name: LocalizedText;
}

/** Every region the guide lists, in the guide's order. */
export const DMS_REGIONS = [
  { id: 'cn-hangzhou', name: text('China (Hangzhou)', '华东1（杭州）') },
  { id: 'ap-northeast-1', name: text('Japan (Tokyo)', '日本（东京）') },
  { id: 'ap-southeast-1', name: text('Singapore', '新加坡') },
  { id: 'ap-southeast-3', name: text('Malaysia (Kuala Lumpur)', '马来西亚（吉隆坡）') },
  { id: 'ap-southeast-5', name: text('Indonesia (Jakarta)', '印度尼西亚（雅加达）') },
  { id: 'me-central-1', name: text('SAU (Riyadh - Partner Region)', '沙特（利雅得 - 合作伙伴运营）') },
  { id: 'cn-hongkong', name: text('China (Hong Kong)', '中国香港') },
  { id: 'ap-northeast-2', name: text('South Korea (Seoul)', '韩国（首尔）') },
] as const satisfies readonly DmsRegion[];

export type DmsRegionId = (typeof DMS_REGIONS)[number]['id'];

export const DMS_REGION_IDS = DMS_REGIONS.map((r) => r.id) as [DmsRegionId, ...DmsRegionId[]];

/** The guide's DingTalk table has all eight; its Feishu/Lark table stops before Hong Kong and Seoul. */
const FEISHU_LARK_REGIONS: readonly DmsRegionId[] = ['cn-hangzhou', 'ap-northeast-1', 'ap-southeast-1', 'ap-southeast-3', 'ap-southeast-5', 'me-central-1'];

/** A catalog region, with its id typed as one of the known ids. */
export type KnownRegion = (typeof DMS_REGIONS)[number];

export function regionsFor(channel: ChannelId): readonly KnownRegion[] {
  if (channel === 'feishu' || channel === 'lark') {
    return DMS_REGIONS.filter((r) => FEISHU_LARK_REGIONS.includes(r.id));
  }
  return DMS_REGIONS;
}

export function isRegionSupported(channel: ChannelId, region: string): region is DmsRegionId {
  return regionsFor(channel).some((r) => r.id === region);
}

export function findRegion(id: string): DmsRegion | undefined {
  return DMS_REGIONS.find((r) => r.id === id);
}

/** The mobile homepage URL of the platform app: the DMS console of the region. */
export const homepageUrl = (region: DmsRegionId): string => `https://dms-${region}.alibabacloud.com`;

/** Feishu/Lark security settings: the redirect URL DMS's mobile console uses. */
export const redirectUrl = (region: DmsRegionId): string => `${homepageUrl(region)}/console/mobile/index/`;

/** Feishu/Lark security settings: the trusted H5 domain is the homepage itself. */
export const trustedH5Domain = (region: DmsRegionId): string => homepageUrl(region);

/** The guide: "The US site does not support message notifications." */
export const US_SITE_NOTICE = text(
  'The DMS US site does not support message notifications, so it is not offered here.',
  'DMS 美国站不支持消息通知，因此此处不提供美国站点。',
);
