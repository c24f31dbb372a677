import { defineLocale } from '../define';

export default defineLocale(
  {
    queued_one: '1 delivery queued again; it is being sent now.',
    queued_other: '{{count}} deliveries queued again; they are being sent now.',
    partial: '{{count}} of {{asked}} queued again; the others were retried or discarded in the meantime.',
    none: 'Nothing was queued again: these dead letters were retried or discarded in the meantime.',
    nothing: 'There are no dead letters to retry.',
    attempts_one: '1 attempt',
    attempts_other: '{{count}} attempts',
  },
  {
    queued_one: '已重新排队 1 条投递，正在发送。',
    queued_other: '已重新排队 {{count}} 条投递，正在发送。',
    partial: '{{asked}} 条中已重新排队 {{count}} 条；其余的已在此期间被重试或丢弃。',
    none: '没有投递被重新排队：这些死信已在此期间被重试或丢弃。',
    nothing: '没有需要重试的死信。',
    attempts_one: '1 次尝试',
    attempts_other: '{{count}} 次尝试',
  },
);
