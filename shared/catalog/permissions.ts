import { text, type LocalizedText } from '../i18n-text.js';
import type { ChannelId } from './channels.js';

/** One permission the guide tells the admin to request in the platform console. */
export interface PermissionDef {
  /** Stable id, also the checklist id in settings. */
  readonly id: string;
  /** The name exactly as the guide writes it. */
  readonly name: string;
  readonly nameZh: string;
  /**
   * The platform's scope identifier, as platform errors name it (requiredScopes, permission_violations),
   * where the platform documents one; null where it does not.
   */
  readonly scope: string | null;
  /** Null for the guide's own list; for a permission Channel Desk needs beyond the guide, what it is for. */
  readonly why: LocalizedText | null;
}

const p = (id: string, name: string, nameZh: string, scope: string | null, why: LocalizedText | null = null): PermissionDef => ({
  id,
  name,
  nameZh,
  scope,
  why,
});

/** Beyond the guide: the rule editor's chat picker lists the group chats the bot is in (GET /open-apis/im/v1/chats). */
const CHAT_LIST = p(
  'perm-chat-readonly',
  'Obtain group information',
  '获取群组信息',
  'im:chat:readonly',
  text('Not in the DMS guide: lets the rule editor list the group chats the bot is in.', '不在 DMS 指南中：用于在规则编辑器中列出机器人所在的群聊。'),
);

/** DingTalk Step 4; DingTalk Enterprise requests "the same eight permissions". */
const DINGTALK_PERMISSIONS: readonly PermissionDef[] = [
  p('perm-sns-basic', 'Basic permissions required to call Simple Notification Service (SNS) APIs', '调用 SNS 接口所需的基础权限', null),
  p('perm-member-read', 'Read permission for member information', '成员信息读权限', null),
  p(
    'perm-member-by-mobile',
    'Permission to retrieve basic member information based on mobile phone numbers',
    '根据手机号获取成员基本信息权限',
    'qyapi_get_member_by_mobile',
  ),
  p('perm-enterprise-api-basic', 'Basic permission to call enterprise APIs', '调用企业 API 基础权限', 'qyapi_base'),
  p(
    'perm-user-access-token',
    'Basic permission to retrieve user access credentials for DingTalk open interfaces',
    '获取钉钉开放接口用户访问凭证的基础权限',
    null,
  ),
  p('perm-group-manage', 'Permission to manage basic information of DingTalk groups', '钉钉群基础信息管理权限', null),
  p('perm-robot-send', 'Permission for internal enterprise robots to send messages', '企业内机器人发送消息权限', 'qyapi_robot_sendmsg'),
  p('perm-card-write', 'Write permission for interactive card instances', '互动卡片实例写权限', 'Card.Instance.Write'),
];

const CLOUD_DOC_UPLOAD = 'perm-docs-media-upload';

/** Feishu Step 5 (App Identity Permission, tenant_access_token tab). */
const FEISHU_PERMISSIONS: readonly PermissionDef[] = [
  p('perm-user-id', 'Retrieve user ID', '获取用户 user ID', 'contact:user.employee_id:readonly'),
  p('perm-user-id-by-mobile-email', 'Retrieve user ID by mobile number or email', '通过手机号或邮箱获取用户 ID', 'contact:user.id:readonly'),
  p(CLOUD_DOC_UPLOAD, 'Upload images and attachments to cloud documents', '上传图片和附件到云文档中', null),
  p('perm-im-message', 'Retrieve and send private and group messages', '获取与发送单聊、群组消息', 'im:message'),
  p('perm-send-as-bot', 'Send messages as the application', '以应用的身份发消息', 'im:message:send_as_bot'),
  p('perm-send-multi-users', 'Send messages to multiple users in batches', '给多个用户批量发消息', 'im:message:send_multi_users'),
  p('perm-im-resource', 'Retrieve and upload image or file resources', '获取与上传图片或文件资源', null),
  CHAT_LIST,
];

/** The guide: "Lark does not support this permission" (cloud-document upload). */
const LARK_PERMISSIONS = FEISHU_PERMISSIONS.filter((x) => x.id !== CLOUD_DOC_UPLOAD);

export const PERMISSIONS: Readonly<Record<ChannelId, readonly PermissionDef[]>> = {
  dingtalk: DINGTALK_PERMISSIONS,
  'dingtalk-enterprise': DINGTALK_PERMISSIONS,
  feishu: FEISHU_PERMISSIONS,
  lark: LARK_PERMISSIONS,
};

export const permissionsFor = (channel: ChannelId): readonly PermissionDef[] => PERMISSIONS[channel];
