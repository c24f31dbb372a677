import { defineLocale } from '../define';

/** The app frame: window title and the theme switch. */
export default defineLocale(
  {
    appName: 'Channel Desk',
    documentTitle: '{{page}} · Channel Desk',
    menu: 'Main menu',
    theme: { label: 'Theme', system: 'Follow the system', light: 'Light', dark: 'Dark' },
    badInput: 'Some values need fixing',
  },
  {
    appName: 'Channel Desk',
    documentTitle: '{{page}} · Channel Desk',
    menu: '主菜单',
    theme: { label: '主题', system: '跟随系统', light: '浅色', dark: '深色' },
    badInput: '有些值需要修改',
  },
);
