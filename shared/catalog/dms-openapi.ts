import { text, type LocalizedText } from '../i18n-text.js';

/**
 * Regions whose DMS OpenAPI endpoint `dms-enterprise.<region>.aliyuncs.com` the Endpoints page lists
 * (Asia Pacific table; ap-southeast-2 is closed). Not the same list as the notification regions in
 * regions.ts: any well-formed region id is accepted, these are only suggestions.
 */
export const DMS_API_REGIONS: readonly { readonly id: string; readonly name: LocalizedText }[] = [
  { id: 'cn-hangzhou', name: text('China (Hangzhou)', '华东1（杭州）') },
  { id: 'cn-shanghai', name: text('China (Shanghai)', '华东2（上海）') },
  { id: 'cn-beijing', name: text('China (Beijing)', '华北2（北京）') },
  { id: 'cn-qingdao', name: text('China (Qingdao)', '华北1（青岛）') },
  { id: 'cn-zhangjiakou', name: text('China (Zhangjiakou)', '华北3（张家口）') },
  { id: 'cn-huhehaote', name: text('China (Hohhot)', '华北5（呼和浩特）') },
  { id: 'cn-shenzhen', name: text('China (Shenzhen)', '华南1（深圳）') },
  { id: 'cn-chengdu', name: text('China (Chengdu)', '西南1（成都）') },
  { id: 'cn-hongkong', name: text('China (Hong Kong)', '中国香港') },
  { id: 'ap-southeast-1', name: text('Singapore', '新加坡') },
  { id: 'ap-southeast-3', name: text('Malaysia (Kuala Lumpur)', '马来西亚（吉隆坡）') },
  { id: 'ap-southeast-5', name: text('Indonesia (Jakarta)', '印度尼西亚（雅加达）') },
  { id: 'ap-northeast-1', name: text('Japan (Tokyo)', '日本（东京）') },
  { id: 'ap-northeast-2', name: text('South Korea (Seoul)', '韩国（首尔）') },
];

/** Region ids look like `cn-hangzhou`, `ap-southeast-1`, `eu-central-1`. */
export const REGION_ID_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;

export const publicEndpointHost = (region: string): string => `dms-enterprise.${region}.aliyuncs.com`;

/**
 * RAM actions approve-from-chat needs beyond read access (issue 19): ApproveOrder acts in DMS on behalf of the approver
 * (RealLoginUserUid), the others check the ticket and map its current handlers fresh before every press acts.
 */
export const APPROVE_FROM_CHAT_RAM_ACTIONS = ['dms:ApproveOrder', 'dms:GetApprovalDetail', 'dms:GetOrderBaseInfo', 'dms:GetUser'] as const;
