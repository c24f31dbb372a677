import { describe, expect, it } from 'vitest';
import { reminderFormIssues } from './reminder-issues';

const msg = { en: 'bad', zh: '错' };
const paths = (section: string, ...ps: string[]) =>
  reminderFormIssues(
    ps.map((path) => ({ path, message: msg })),
    section,
  ).map((i) => i.path);

describe('reminderFormIssues', () => {
  it('points the Settings defaults’ issues at the reminder fields', () => {
    expect(paths('defaults', 'defaults.firstAfterMinutes', 'defaults.quietHours.timeZone', 'defaults.quietHours.from', 'defaults.digest.at')).toEqual([
      'reminderForm.firstAfterMinutes',
      'reminderForm.timeZone',
      'reminderForm.quietFrom',
      'reminderForm.digestAt',
    ]);
  });
  it('points a rule’s reminder issues at the editor’s fields, a list item at its list, and leaves the rest alone', () => {
    expect(paths('rule.reminders', 'rule.reminders.escalateTo.0', 'rule.reminders.quietHours.to', 'rule.businessType', 'rule.remindersX')).toEqual([
      'rule.reminderForm.escalateTo',
      'rule.reminderForm.quietTo',
      'rule.businessType',
      'rule.remindersX',
    ]);
  });
  it('keeps the message', () => {
    expect(reminderFormIssues([{ path: 'defaults.maxReminders', message: msg }], 'defaults')).toEqual([{ path: 'reminderForm.maxReminders', message: msg }]);
  });
});
