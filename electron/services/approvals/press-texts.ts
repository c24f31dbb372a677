import { pick, text, type Language } from '../../../shared/i18n-text.js';

// What a presser reads (toast / callback answer, the card's outcome line, a direct message), in both languages.

export const PRESS_TEXT = {
  badButton: text(
    'This button is not one Channel Desk sent (or it is damaged); nothing was done.',
    '此按钮不是 Channel Desk 发送的（或已损坏）；未做任何操作。',
  ),
  unknownCard: text(
    'Channel Desk does not know this card (it may be from another installation or already deleted); nothing was done.',
    'Channel Desk 不认识此卡片（可能来自其他安装或已被清理）；未做任何操作。',
  ),
  expired: text('This card has expired; nothing was done. Open the ticket in DMS to act on it.', '此卡片已过期；未做任何操作。请在 DMS 中打开工单处理。'),
  testWorks: text(
    'It works: the button reached Channel Desk over the long connection. DMS was not touched.',
    '连接正常：按钮回调已通过长连接到达 Channel Desk。未操作 DMS。',
  ),
  submitting: text('Submitting to DMS…', '正在提交到 DMS…'),
  inProgress: text('This decision is already being submitted to DMS.', '该审批操作正在提交到 DMS。'),
  approved: text('Approved in DMS.', '已在 DMS 中同意。'),
  rejected: text('Rejected in DMS.', '已在 DMS 中拒绝。'),
  failedToRecord: text(
    'Channel Desk could not record this press, so nothing was done. Try again in a moment.',
    'Channel Desk 无法记录此次操作，因此未做任何操作。请稍后重试。',
  ),
  unknownOutcome: text('Whether DMS applied it is not known yet.', '暂不确定 DMS 是否已执行。'),
};

/** "2026-12-07 21:03" in the machine's time zone (the card says when, to the minute). */
export function minuteOf(at: number): string {
  const d = new Date(at);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The outcome line every copy of the card shows. */
export function outcomeLine(outcome: 'approved' | 'rejected', name: string, comment: string, at: number, lang: Language): string {
  if (outcome === 'approved') return pick(text(`Approved by ${name} · ${minuteOf(at)}`, `${name} 已同意 · ${minuteOf(at)}`), lang);
  const said = comment ? pick(text(`: ${comment}`, `：${comment}`), lang) : '';
  return pick(text(`Rejected by ${name}${said} · ${minuteOf(at)}`, `${name} 已拒绝${said} · ${minuteOf(at)}`), lang);
}

export function expiredLine(at: number, lang: Language): string {
  return pick(text(`Expired on ${minuteOf(at)}: open the ticket in DMS.`, `已于 ${minuteOf(at)} 过期：请在 DMS 中处理。`), lang);
}

export function testLine(name: string, at: number, lang: Language): string {
  return pick(text(`Test passed: pressed by ${name} · ${minuteOf(at)}`, `测试通过：${name} 按下 · ${minuteOf(at)}`), lang);
}

/** Told to a presser whose press was refused or failed after the answer had gone ("Submitting…"). */
export function lateNotice(orderId: string, said: string, lang: Language): string {
  return pick(text(`Ticket ${orderId}: ${said}`, `工单 ${orderId}：${said}`), lang);
}
