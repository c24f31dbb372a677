import { defineLocale } from '../define';

export default defineLocale(
  {
    title: 'Message templates (optional)',
    help: 'Per channel, the text of the message instead of the default one. Mustache syntax: a variable in double braces is replaced by its value (Markdown characters in it are escaped; triple braces insert it as is); a section with # shows its content only when the variable is not empty (or the reminder count is not 0), ^ only when it is. Empty = the default message. On card channels the template fills the card’s message variable.',
    variables: 'Variables',
    placeholder: 'Empty: the default message',
    set: 'custom',
    checking: 'Checking…',
    problems: 'This template cannot be saved:',
    preview: 'Preview for a sample event, in {{language}} (this channel’s notification language)',
    lang: { 'zh-CN': 'Chinese', 'en-US': 'English' },
    format: { 'robot-markdown': 'Robot message (Markdown)', card: 'Card', post: 'Rich text (post)' },
    cardNote: 'This channel sends cards: the template fills the card’s message (a DingTalk card template: its message variable).',
    invalid: 'Fix the message template of {{channels}} first.',
  },
  {
    title: '消息模板（可选）',
    help: '按渠道设置消息正文，替代默认消息。使用 Mustache 语法：双大括号中的变量会替换为其值（其中的 Markdown 字符会被转义；三重大括号则原样插入）；以 # 开头的区块仅在变量非空（或提醒次数不为 0）时显示，以 ^ 开头的区块仅在变量为空时显示。留空即使用默认消息。卡片渠道中，模板填入卡片的 message 变量。',
    variables: '变量',
    placeholder: '留空：使用默认消息',
    set: '自定义',
    checking: '正在检查…',
    problems: '此模板无法保存：',
    preview: '示例事件的预览，使用{{language}}（此渠道的通知语言）',
    lang: { 'zh-CN': '中文', 'en-US': '英文' },
    format: { 'robot-markdown': '机器人消息（Markdown）', card: '卡片', post: '富文本（post）' },
    cardNote: '此渠道发送卡片：模板填入卡片的正文（钉钉卡片模板：其 message 变量）。',
    invalid: '请先修正 {{channels}} 的消息模板。',
  },
);
