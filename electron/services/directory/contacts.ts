import { CHANNEL_IDS, channelDef, type ChannelId } from '../../../shared/catalog/channels.js';
import type { ResolutionView, UserView } from '../../../shared/contract/users.js';
import { explain } from '../platforms/explain.js';
import type { Contact } from '../platforms/types.js';
import type { DmsUser, Settings, UserResolution } from '../settings/schema.js';

// What the users store and the platform lookups both need to know about a person and a channel.

/** Which contact a channel looks up: DingTalk by mobile only; Feishu/Lark by mobile and e-mail. */
export function contactOf(user: DmsUser, channel: ChannelId): { contact: Contact; key: string } {
  if (channelDef(channel).protocol === 'dingtalk') return { contact: user.mobile ? { mobile: user.mobile } : {}, key: `mobile:${user.mobile}` };
  return {
    contact: { ...(user.mobile ? { mobile: user.mobile } : {}), ...(user.email ? { email: user.email } : {}) },
    key: `mobile:${user.mobile}|email:${user.email.toLowerCase()}`,
  };
}

export const enabledChannels = (s: Settings): ChannelId[] => CHANNEL_IDS.filter((c) => s.channels[c].enabled);

export const sameContact = (a: DmsUser, b: DmsUser): boolean => a.mobile === b.mobile && a.email.toLowerCase() === b.email.toLowerCase();
export const sameUser = (a: DmsUser, b: DmsUser): boolean => a.name === b.name && sameContact(a, b);

/** A user as the Users page shows them, with each channel's lookup result explained. */
export function viewOf(user: DmsUser, stored: Partial<Record<ChannelId, UserResolution>>, s: Settings): UserView {
  const resolutions: Partial<Record<ChannelId, ResolutionView>> = {};
  for (const channel of CHANNEL_IDS) {
    const r = stored[channel];
    if (!r) continue;
    const appId = s.channels[channel].values[channelDef(channel).protocol === 'dingtalk' ? 'appKey' : 'appId'];
    resolutions[channel] = {
      status: r.status,
      platformUserId: r.platformUserId,
      resolvedAt: r.resolvedAt,
      stale: r.contact !== contactOf(user, channel).key,
      code: r.code,
      explanation:
        r.code === null
          ? null
          : (() => {
              const e = explain(channel, r.code, {
                ...(r.subCode ? { sub: r.subCode } : {}),
                missingScopes: r.missingScopes,
                ...(appId ? { appId } : {}),
              });
              return { message: e.message, fix: e.fix, consoleUrl: e.consoleUrl };
            })(),
    };
  }
  return { uid: user.uid, name: user.name, mobile: user.mobile, email: user.email, resolutions };
}
