import { defineLocale } from '../define';

export default defineLocale(
  {
    queued_one: '1 delivery queued again; it is being sent now.',
    queued_other: '{{count}} deliveries queued again; they are being sent now.',
    partial: '{{count}} of {{asked}} queued again. The others still have no platform user id: add or look up those people in Users, then retry.',
    none: 'Nothing was queued again: these dead letters still have no platform user id (or were already retried). Add or look up the people in Users, then retry.',
    nothing: 'There are no dead letters to retry.',
    attempts_one: '1 attempt',
    attempts_other: '{{count}} attempts',
  },
  {
    queued_one: '已重新排队 1 条投递，正在发送。',
    queued_other: '已重新排队 {{count}} 条投递，正在发送。',
    partial: '{{asked}} 条中已重新排队 {{count}} 条。其余接收人仍没有平台用户 ID：请在“用户”页面添加或查询这些人后重试。',
    none: '没有投递被重新排队：这些死信的接收人仍没有平台用户 ID（或已被重试）。请在“用户”页面添加或查询这些人后重试。',
    nothing: '没有需要重试的死信。',
    attempts_one: '1 次尝试',
    attempts_other: '{{count}} 次尝试',
  },
);
