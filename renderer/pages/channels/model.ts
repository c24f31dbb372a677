import { channelDef, type BaseUrlId, type ChannelId, type CredentialFieldId } from '../../../shared/catalog/channels';
import type { ChannelView } from '../../../shared/contract/channels';
import type { MethodInput } from '../../../shared/contract/index';

export type { ChannelView };
export type ChannelStatus = ChannelView['status'];
export type SecretInfo = NonNullable<ChannelView['secrets'][CredentialFieldId]>;
export type ChannelSaveInput = MethodInput<'channels.save'>;

/** The form's fields, named like the service's field-issue paths (`values.appId`, `secrets.appSecret`, …). */
export interface ChannelFormValues {
  enabled: boolean;
  region: ChannelView['region'] | undefined;
  values: Partial<Record<CredentialFieldId, string>>;
  /** Typed-in secrets; empty = keep the saved one. Cleared after every save. */
  secrets: Partial<Record<CredentialFieldId, string>>;
  /** Overrides only; empty = the platform default. */
  baseUrls: Partial<Record<BaseUrlId, string>>;
  /** "Open DMS" link settings (shared/dms-links.ts); empty = the default. `dingtalkOpen` on DingTalk channels only. */
  links: { dmsHomepageUrl?: string; ticketLinkPattern?: string; dingtalkOpen?: string };
  /** Approve from the chat card; the template id on DingTalk channels only. */
  approval: { approveFromChat?: boolean; approvalCardTemplateId?: string };
}

/** What a save sends, plus whether the admin wants the channel on. */
export interface ChannelSaveRequest {
  readonly save: ChannelSaveInput;
  readonly enabled: boolean;
}

const trimAll = <K extends string>(rec: Partial<Record<K, string>> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(rec ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : '']));

export function toSaveRequest(channel: ChannelId, f: ChannelFormValues): ChannelSaveRequest {
  const appSecret = f.secrets?.appSecret;
  return {
    enabled: !!f.enabled,
    save: {
      channel,
      region: f.region ?? null,
      // Every non-secret value: '' clears it on the service side.
      values: trimAll(f.values),
      // Sent exactly as typed (the format check rejects stray spaces) and only when typed.
      secrets: appSecret ? { appSecret } : {},
      baseUrls: trimAll(f.baseUrls),
      links: linksToSave(channel, f.links),
      approval: {
        approveFromChat: !!f.approval?.approveFromChat,
        ...(channelDef(channel).protocol === 'dingtalk' ? { approvalCardTemplateId: f.approval?.approvalCardTemplateId?.trim() ?? '' } : {}),
      },
    },
  };
}

const linksToSave = (channel: ChannelId, links: ChannelFormValues['links'] | undefined): Record<string, string> => {
  const { dingtalkOpen, ...rest } = links ?? {};
  return { ...trimAll(rest), ...(channelDef(channel).protocol === 'dingtalk' ? { dingtalkOpen: dingtalkOpen ?? 'page-link' } : {}) };
};

export function toFormValues(v: ChannelView): ChannelFormValues {
  const baseUrls: Partial<Record<BaseUrlId, string>> = {};
  for (const [id, b] of Object.entries(v.baseUrls) as [BaseUrlId, { url: string; overridden: boolean } | undefined][]) {
    baseUrls[id] = b?.overridden ? b.url : '';
  }
  const links: ChannelFormValues['links'] = {
    dmsHomepageUrl: v.links.dmsHomepageUrl,
    ticketLinkPattern: v.links.ticketLinkPattern,
    ...(channelDef(v.channel).protocol === 'dingtalk' ? { dingtalkOpen: v.links.dingtalkOpen } : {}),
  };
  const approval = {
    approveFromChat: v.approval.approveFromChat,
    ...(channelDef(v.channel).protocol === 'dingtalk' ? { approvalCardTemplateId: v.approval.approvalCardTemplateId } : {}),
  };
  return { enabled: v.enabled, region: v.region ?? undefined, values: { ...v.values }, secrets: {}, baseUrls, links, approval };
}
