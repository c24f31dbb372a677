/** Someone a reminder names (DMS uid and display name). */
export interface Person {
  readonly uid: string;
  readonly name: string;
}

/**
 * The reminder's message line. The event body carries one text for every channel, so it is written in
 * both languages (the channel's notification language picks the labels around it).
 */
export const reminderText = (minutes: number, n: number): string =>
  `⏰ Still waiting for you: pending approval for ${minutes} min (reminder ${n}).\n⏰ 仍在等待您审批：已等待 ${minutes} 分钟（第 ${n} 次提醒）。`;

export const escalationText = (minutes: number, notActed: readonly Person[]): string => {
  const who = notActed.map((p) => p.name || p.uid).join(', ') || '—';
  return `⚠ Escalation: pending approval for ${minutes} min. Not acted yet: ${who}.\n⚠ 升级提醒：工单已等待审批 ${minutes} 分钟。尚未处理：${who}。`;
};
