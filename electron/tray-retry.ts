import { contract } from '../shared/contract/index.js';
import { pick, text, type Language } from '../shared/i18n-text.js';
import { dispatch, type Handlers } from './services/api/dispatch.js';

/**
 * What "Retry all failed" tells the admin when clicked in the tray, where no page can show it: the same
 * outcomes as the UI's message (renderer locale `retry`), as an OS notification.
 */
export function retryAllNotice(count: number, asked: number, lang: Language): { title: string; body: string } {
  const title = pick(text('Retry all failed', '重试所有失败'), lang);
  if (count === 0 && asked === 0) return { title, body: pick(text('There are no dead letters to retry.', '没有需要重试的死信。'), lang) };
  if (count === 0) {
    return {
      title,
      body: pick(
        text('Nothing was queued again: these dead letters were retried or discarded in the meantime.', '没有投递被重新排队：这些死信已在此期间被重试或丢弃。'),
        lang,
      ),
    };
  }
  if (count < asked) {
    return {
      title,
      body: pick(
        text(
          `${count} of ${asked} queued again; the others were retried or discarded in the meantime.`,
          `${asked} 条中已重新排队 ${count} 条；其余的已在此期间被重试或丢弃。`,
        ),
        lang,
      ),
    };
  }
  return {
    title,
    body: pick(
      text(
        count === 1 ? '1 delivery queued again; it is being sent now.' : `${count} deliveries queued again; they are being sent now.`,
        `已重新排队 ${count} 条投递，正在发送。`,
      ),
      lang,
    ),
  };
}

/** The tray's "Retry all failed": through the contract like the UI's button, then says what happened. */
export async function retryAllFromTray(handlers: Handlers, lang: Language, notify: (n: { title: string; body: string }) => void): Promise<void> {
  const ctx = { transport: 'ipc' } as const;
  const before = contract['sender.status'].output.parse(await dispatch(handlers, 'sender.status', {}, ctx));
  const { count } = contract['sender.retryAllFailed'].output.parse(await dispatch(handlers, 'sender.retryAllFailed', {}, ctx));
  notify(retryAllNotice(count, before.alerts.failureCount, lang));
}
