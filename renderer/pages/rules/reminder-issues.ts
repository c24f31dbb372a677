import type { FieldIssue } from '../../../shared/errors';

/** Where a `reminders` path lands in the form: quiet hours and the digest are flat fields there. */
const FORM_FIELD: Readonly<Record<string, string>> = {
  'quietHours.from': 'quietFrom',
  'quietHours.to': 'quietTo',
  'quietHours.timeZone': 'timeZone',
  quietHours: 'quietFrom',
  'digest.at': 'digestAt',
  digest: 'digestAt',
};

/**
 * Re-points the services' issues under `section` (e.g. `defaults`, `rule.reminders`) at the reminder
 * fields (`reminderForm.*`), so applyFieldIssues puts them under the field the admin typed into:
 * `defaults.quietHours.timeZone` → `reminderForm.timeZone`, `rule.reminders.escalateTo.0` → `rule.reminderForm.escalateTo`.
 * Other issues are returned as they are.
 */
export function reminderFormIssues(issues: readonly FieldIssue[] | undefined, section: string): FieldIssue[] {
  const base = section.split('.').slice(0, -1).join('.');
  const into = base ? `${base}.reminderForm` : 'reminderForm';
  return (issues ?? []).map((issue) => {
    if (issue.path !== section && !issue.path.startsWith(`${section}.`)) return issue;
    // A list item (escalateTo.0) is shown on the list's field.
    const rest = issue.path.slice(section.length + 1).replace(/\.\d+$/, '');
    const field = FORM_FIELD[rest] ?? rest.split('.')[0] ?? '';
    return field ? { ...issue, path: `${into}.${field}` } : issue;
  });
}
