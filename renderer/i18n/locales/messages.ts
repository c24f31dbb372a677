import { defineLocale } from '../define';

export default defineLocale(
  {
    title: 'Notification language',
    help: 'The language of the messages approvers receive on this channel. It does not follow the app’s language.',
    language: 'Messages in',
    lang: { 'zh-CN': 'Chinese', 'en-US': 'English' },
    default: 'default',
    preview: 'Preview for a sample event (a data export waiting for approval)',
    format: { 'robot-markdown': 'Robot message (Markdown)', card: 'Card', post: 'Rich text (post)' },
    body: 'What the platform receives (request body)',
    unavailable: 'The preview could not be loaded.',
    sendTest: {
      button: 'Send this event for real',
      confirm: 'Send this event to the {{count}} recipient(s) listed above? It is marked as a test in the Delivery log.',
      sent: 'Queued {{count}} message(s), marked as a test.',
      duplicate: 'This exact event was already sent.',
      openLog: 'Open the Delivery log',
    },
  },
  {
    title: '通知语言',
    help: '审批人在此渠道收到的消息所用的语言，与本应用的界面语言无关。',
    language: '消息语言',
    lang: { 'zh-CN': '中文', 'en-US': '英文' },
    default: '默认',
    preview: '示例事件（待审批的数据导出）的预览',
    format: { 'robot-markdown': '机器人消息（Markdown）', card: '卡片', post: '富文本（post）' },
    body: '平台收到的内容（请求体）',
    unavailable: '无法加载预览。',
    sendTest: {
      button: '真实发送此事件',
      confirm: '将此事件发送给上面列出的 {{count}} 位接收人？投递日志中会标记为测试。',
      sent: '已排队 {{count}} 条消息，已标记为测试。',
      duplicate: '完全相同的事件已经发送过。',
      openLog: '打开投递日志',
    },
  },
);
