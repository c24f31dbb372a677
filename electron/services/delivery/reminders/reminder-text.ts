import { pick, text, type Language } from '../../../../shared/i18n-text.js';
import type { ReminderMark } from '../../../../shared/reminders.js';

/** Someone a reminder names (DMS uid and display name). */
export interface Person {
  readonly uid: string;
  readonly name: string;
}

/** "45 min", "3 h", "2 d": how long a ticket has waited, in the notification language. */
export function ageText(minutes: number, lang: Language): string {
  if (minutes < 120) return pick(text(`${minutes} min`, `${minutes} 分钟`), lang);
  const hours = Math.round(minutes / 60);
  if (hours < 48) return pick(text(`${hours} h`, `${hours} 小时`), lang);
  return pick(text(`${Math.round(hours / 24)} d`, `${Math.round(hours / 24)} 天`), lang);
}

/** A reminder or an escalation (one ticket each). */
export type TicketMark = Exclude<ReminderMark, { kind: 'digest' }>;

/** The line a reminder or an escalation puts in front of the ticket's details, in the channel's language. */
export function reminderLine(mark: TicketMark, lang: Language): string {
  const age = ageText(mark.minutes, lang);
  if (mark.kind === 'reminder') {
    return pick(
      text(`⏰ Still waiting for you: pending approval for ${age} (reminder ${mark.n}).`, `⏰ 仍在等待您审批：已等待 ${age}（第 ${mark.n} 次提醒）。`),
      lang,
    );
  }
  const who = mark.notActed.map((p) => p.name || p.uid).join(lang === 'zh-CN' ? '、' : ', ') || '—';
  return pick(text(`⚠ Escalation: pending approval for ${age}. Not acted yet: ${who}.`, `⚠ 升级提醒：工单已等待审批 ${age}。尚未处理：${who}。`), lang);
}

/** What the stored event body says (the Delivery log shows it); the message sent is written per channel language. */
export const bodyText = (mark: TicketMark): string => `${reminderLine(mark, 'en-US')}\n${reminderLine(mark, 'zh-CN')}`;
