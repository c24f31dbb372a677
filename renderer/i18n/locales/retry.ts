import { defineLocale } from '../define';

export default defineLocale(
  {
    queued_one: '1 delivery queued again; it is being sent now.',
    queued_other: '{{count}} deliveries queued again; they are being sent now.',
    partial: '{{count}} of {{asked}} queued again; the others were retried or discarded in the meantime.',
    none: 'Nothing was queued again: these dead letters were retried or discarded in the meantime.',
    nothing: 'There are no dead letters to retry.',
    confirmAll_one: 'Retry the 1 dead letter now?',
    confirmAll_other: 'Retry all {{count}} dead letters now?',
    failedAgain: '{{count}} of the {{asked}} retried deliveries failed again: open them below to see why.',
    allDelivered_one: 'The retried delivery went out.',
    allDelivered_other: 'All {{count}} retried deliveries went out.',
    attempts_one: '1 attempt',
    attempts_other: '{{count}} attempts',
  },
  {
    queued_one: '已重新排队 1 条投递，正在发送。',
    queued_other: '已重新排队 {{count}} 条投递，正在发送。',
    partial: '{{asked}} 条中已重新排队 {{count}} 条；其余的已在此期间被重试或丢弃。',
    none: '没有投递被重新排队：这些死信已在此期间被重试或丢弃。',
    nothing: '没有需要重试的死信。',
    confirmAll_one: '现在重试这 1 条死信？',
    confirmAll_other: '现在重试全部 {{count}} 条死信？',
    failedAgain: '重试的 {{asked}} 条投递中有 {{count}} 条再次失败：请在下方展开查看原因。',
    allDelivered_one: '重试的投递已发送。',
    allDelivered_other: '重试的 {{count}} 条投递已全部发送。',
    attempts_one: '1 次尝试',
    attempts_other: '{{count}} 次尝试',
  },
);
