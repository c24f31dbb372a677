import { defineLocale } from '../define';

/** Users page at scale: search, bulk actions, format hints, CSV template. */
export default defineLocale(
  {
    search: 'Search by UID, name, mobile or e-mail',
    selected: '{{count}} selected',
    lookUpSelected: 'Resolve selected',
    deleteSelected: 'Delete selected',
    deleteSelectedConfirm: 'Delete {{count}} users?',
    deletedCount: '{{count}} users deleted',
    clearSelection: 'Clear selection',
    template: 'Download CSV template',
    mobileHint: 'Digits, optionally starting with + (country code), spaces or dashes allowed; 5 to 20 characters. Example: +86 138 0000 0000',
    emailHint: 'An e-mail address such as name@example.com',
    mobileInvalid: 'Not a mobile number: use digits, optionally starting with +, spaces or dashes (5 to 20 characters).',
    emailInvalid: 'Not an e-mail address: it needs a name, @ and a domain, such as name@example.com.',
    noMatch: 'No user matches “{{search}}”.',
  },
  {
    search: '按 UID、姓名、手机号或邮箱搜索',
    selected: '已选 {{count}} 个',
    lookUpSelected: '解析所选',
    deleteSelected: '删除所选',
    deleteSelectedConfirm: '删除 {{count}} 个用户？',
    deletedCount: '已删除 {{count}} 个用户',
    clearSelection: '取消选择',
    template: '下载 CSV 模板',
    mobileHint: '数字，可以 +（国家码）开头，可含空格或短横线；5 到 20 个字符。例如：+86 138 0000 0000',
    emailHint: '邮箱地址，例如 name@example.com',
    mobileInvalid: '不是手机号：请使用数字，可以 + 开头，可含空格或短横线（5 到 20 个字符）。',
    emailInvalid: '不是邮箱地址：需要包含名称、@ 和域名，例如 name@example.com。',
    noMatch: '没有与“{{search}}”匹配的用户。',
  },
);
