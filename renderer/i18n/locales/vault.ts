import { defineLocale } from '../define';

export default defineLocale(
  {
    bannerTitle: 'Secrets are unavailable: notifications are waiting',
    bannerBody: '{{problem}} Nothing is lost: waiting notifications are sent automatically once this is fixed.',
    openSettings: 'Vault details',
  },
  {
    bannerTitle: '密钥暂不可用：通知正在等待',
    bannerBody: '{{problem}} 不会丢失任何通知：问题解决后，等待中的通知会自动发送。',
    openSettings: '查看密钥库详情',
  },
);
