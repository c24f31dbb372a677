import { defineLocale } from '../define';

export default defineLocale(
  {
    button: 'Import from DMS',
    title: 'Import users from DMS',
    help: 'Reads every DMS user (DMS ListUsers, with the connection set on the DMS page), adds new ones, updates ones imported before, then looks them up on every enabled channel. Users you edited here keep your edits unless you tick "Overwrite".',
    roles: 'Only these DMS roles (empty = everyone)',
    overwrite: 'Overwrite users edited by hand',
    run: 'Import',
    result: 'Listed {{listed}} · added {{added}} · updated {{updated}} · unchanged {{unchanged}} · kept hand edits {{keptEdits}}',
    lookup: '{{channel}}: found {{found}} · no such person {{notFound}} · failed {{failed}}',
    noChannels: 'No channel is enabled, so nobody was looked up yet.',
    gone: 'No longer in DMS (kept, not deleted): {{list}}',
    noContact: 'Not imported, no mobile or e-mail in DMS: {{list}}',
    invalid: 'Not imported, {{count}} user(s) with values the Users form refuses:',
  },
  {
    button: '从 DMS 导入',
    title: '从 DMS 导入用户',
    help: '读取 DMS 中的全部用户（DMS ListUsers，使用 DMS 页面中设置的连接），添加新用户、更新之前导入的用户，然后在每个已启用的渠道上查找他们。您在此处手工修改过的用户会保留修改，除非勾选“覆盖”。',
    roles: '仅导入这些 DMS 角色（留空 = 全部）',
    overwrite: '覆盖手工修改过的用户',
    run: '导入',
    result: '列出 {{listed}} · 新增 {{added}} · 更新 {{updated}} · 未变 {{unchanged}} · 保留手工修改 {{keptEdits}}',
    lookup: '{{channel}}：找到 {{found}} · 无此人 {{notFound}} · 失败 {{failed}}',
    noChannels: '没有启用的渠道，因此尚未查找任何人。',
    gone: '已不在 DMS 中（保留，未删除）：{{list}}',
    noContact: '未导入，DMS 中没有手机号和邮箱：{{list}}',
    invalid: '未导入，{{count}} 个用户的数据不符合用户表单的要求：',
  },
);
