import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Simulation } from '../../../shared/contract/rules';
import { useDateFormat } from '../../ui/dates';

/** The simulator's "when would each reminder / the escalation go" (quiet hours applied), counted from now. */
export function ReminderTimeline({
  steps,
  escalateTo,
  userName,
}: {
  steps: NonNullable<Simulation['reminders']>;
  escalateTo: readonly string[];
  userName: (uid: string) => string;
}) {
  const { t } = useTranslation('reminders');
  const f = useDateFormat();
  if (steps.length === 0) return null;
  return (
    <div style={{ marginTop: 16 }} data-testid="sim-reminders">
      <Typography.Text strong>{t('timeline')}</Typography.Text>
      <Timeline
        style={{ marginTop: 12 }}
        items={steps.map((s) => ({
          color: s.kind === 'escalation' ? 'red' : 'blue',
          content: (
            <span data-testid={`sim-reminder-${s.kind}-${s.n}`}>
              {f.dateTimeShort(s.firesAt)} ·{' '}
              {s.kind === 'escalation' ? t('escalationTo', { who: escalateTo.map(userName).join(t('sumSep')) }) : t('reminder', { n: s.n })}
              {s.firesAt !== s.dueAt && <Typography.Text type="secondary"> ({t('delayed', { due: f.dateTimeShort(s.dueAt) })})</Typography.Text>}
            </span>
          ),
        }))}
      />
    </div>
  );
}
