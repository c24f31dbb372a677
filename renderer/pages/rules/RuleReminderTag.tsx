import { BellOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReminderConfig } from '../../../shared/reminders';
import { TAG_WRAP } from '../../ui/table-layout';

/** A saved rule's reminders in the rules table: what the rule sets itself (the rest comes from the Settings defaults). */
export function RuleReminderTag({ reminders, userName }: { reminders: ReminderConfig | undefined; userName: (uid: string) => string }) {
  const { t } = useTranslation('reminders');
  if (!reminders) return null;
  const r = reminders;
  const parts = [
    r.firstAfterMinutes !== undefined && t('sumFirst', { n: r.firstAfterMinutes }),
    r.repeatEveryMinutes !== undefined && t('sumEvery', { n: r.repeatEveryMinutes }),
    r.maxReminders !== undefined && t('sumMax', { n: r.maxReminders }),
    r.escalateAfterMinutes !== undefined && r.escalateTo?.length && t('sumEscalate', { n: r.escalateAfterMinutes, who: r.escalateTo.map(userName).join(', ') }),
    r.quietHours && t('sumQuiet', { from: r.quietHours.from, to: r.quietHours.to }),
    r.digest && t('sumDigest', { at: r.digest.at }),
  ].filter((p): p is string => typeof p === 'string');
  return (
    <Tag icon={<BellOutlined />} color="gold" data-testid="rule-row-reminders" style={TAG_WRAP}>
      {parts.length ? t('sum', { parts: parts.join(t('sumSep')) }) : t('sumDefaults')}
    </Tag>
  );
}
