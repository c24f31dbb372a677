import { defineLocale } from '../define';

export default defineLocale(
  {
    fix: 'How to fix',
    retry: 'Retry',
    save: 'Save',
    cancel: 'Cancel',
    saved: 'Saved',
    loading: 'Loading…',
    copy: 'Copy',
    copied: 'Copied',
    open: 'Open',
    language: 'Language',
    required: 'Required',
    optional: 'Optional',
  },
  {
    fix: '解决办法',
    retry: '重试',
    save: '保存',
    cancel: '取消',
    saved: '已保存',
    loading: '加载中…',
    copy: '复制',
    copied: '已复制',
    open: '打开',
    language: '语言',
    required: '必填',
    optional: '选填',
  },
);
