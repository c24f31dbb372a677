import type { ChannelId } from '../../../shared/catalog/channels.js';
import type { PlatformFailure } from '../platforms/types.js';
import type { MissingReason, SendTarget } from './recipient-errors.js';

/** Who a DMS user is on each platform, as far as the directory knows now: what planning needs (no I/O). */
export interface RecipientNames {
  /** DingTalk userId / Feishu-Lark open_id of a DMS user on a channel, or null when unknown. */
  platformId(uid: string, channel: ChannelId): string | null;
  /** The user's name in the directory, or null. */
  displayName(uid: string): string | null;
  /** Why platformId is null (null when it is not). */
  missingReason(uid: string, channel: ChannelId): MissingReason | null;
}

/** The directory's side of sending: platform ids looked up when needed, and the platforms' refusals remembered. */
export interface RecipientTargets {
  /** Platform ids for sending: fresh cached ones, anyone else looked up first. Throws when the channel cannot be asked. */
  sendTargets(channel: ChannelId, uids: readonly string[], signal?: AbortSignal): Promise<Map<string, SendTarget>>;
  /** The platform refused this recipient (e.g. outside the app's availability): remember it. */
  noteRecipientFailure(channel: ChannelId, platformUserId: string, failure: PlatformFailure): void;
}

/** Recipients in one place: the users directory implements both roles. */
export type RecipientDirectory = RecipientNames & RecipientTargets;
