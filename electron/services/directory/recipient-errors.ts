import { channelDef, type ChannelId } from '../../../shared/catalog/channels.js';
import type { DeliveryError } from '../../../shared/contract/sender.js';
import { text } from '../../../shared/i18n-text.js';

/** Why a DMS user has no platform id on a channel, as the planner, the simulator and dead letters say it. */
export type MissingReason = 'not-in-users' | 'lookup-pending' | 'not-found' | 'outside-availability';

/** Dead-letter codes of recipients that could not be found; retrying one looks the user up again. */
export const RECIPIENT_ERROR_CODES = ['NOT_IN_USERS', 'PLATFORM_NO_SUCH_PERSON', 'OUTSIDE_AVAILABILITY'] as const;

const base = () => ({ httpStatus: null, retryable: false, retryAfterMs: null, missingScopes: [], consoleUrl: null });

export function notInUsersError(uid: string): DeliveryError {
  return {
    ...base(),
    code: 'NOT_IN_USERS',
    message: text(
      `DMS user ${uid} is not in Users, so nobody knows who they are on the platforms.`,
      `DMS 用户 ${uid} 不在“用户”列表中，无法确定此人在平台上的身份。`,
    ),
    fix: text(
      'Add this person in Users (mobile or e-mail) or use "Import from DMS", then retry.',
      '请在“用户”中添加此人（手机号或邮箱），或使用“从 DMS 导入”，然后重试。',
    ),
  };
}

export function noSuchPersonError(channel: ChannelId): DeliveryError {
  const def = channelDef(channel);
  const by = def.protocol === 'dingtalk' ? text('mobile number', '手机号') : text('mobile number or e-mail', '手机号或邮箱');
  return {
    ...base(),
    code: 'PLATFORM_NO_SUCH_PERSON',
    message: text(`${def.name.en} has no person with this user's ${by.en}.`, `${def.name.zh}上没有与此用户${by.zh}匹配的人员。`),
    fix: text(
      `Check the ${by.en} in Users, or add the person to the organization on ${def.name.en}, then retry.`,
      `请在“用户”中核对${by.zh}，或在${def.name.zh}中将此人加入组织，然后重试。`,
    ),
  };
}

export function outsideAvailabilityError(channel: ChannelId): DeliveryError {
  const def = channelDef(channel);
  return {
    ...base(),
    code: 'OUTSIDE_AVAILABILITY',
    message: text(`This person is outside the ${def.name.en} app's availability.`, `此人不在${def.name.zh}应用的可用范围内。`),
    fix: text(
      `Add the person (or their department) to the app's availability in the ${def.name.en} developer console, publish, then retry.`,
      `请在${def.name.zh}开发者后台将此人（或其部门）加入应用可用范围并发布版本，然后重试。`,
    ),
  };
}

export function recipientError(reason: Exclude<MissingReason, 'lookup-pending'>, uid: string, channel: ChannelId): DeliveryError {
  if (reason === 'not-in-users') return notInUsersError(uid);
  return reason === 'not-found' ? noSuchPersonError(channel) : outsideAvailabilityError(channel);
}

/** A recipient's platform id for sending, or the dead letter saying why there is none. */
export type SendTarget = { readonly platformUserId: string } | { readonly error: DeliveryError };
