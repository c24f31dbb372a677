import { Flex, Form, Input, InputNumber, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RuleInput } from '../../../shared/contract/rules';
import type { ReminderConfig } from '../../../shared/reminders';
import type { Option } from './catalog-options';

/** The editor's reminder fields: `remindersOn` toggles the section, the rest maps onto `reminders`. */
export interface ReminderFormValues {
  remindersOn?: boolean;
  reminderForm?: {
    firstAfterMinutes?: number | null;
    repeatEveryMinutes?: number | null;
    maxReminders?: number | null;
    escalateAfterMinutes?: number | null;
    escalateTo?: string[];
    quietFrom?: string;
    quietTo?: string;
    timeZone?: string;
    digestAt?: string;
  };
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** An IANA name's shape: `UTC`, `Asia/Shanghai`, `America/Argentina/Buenos_Aires`, `Etc/GMT-8`. */
const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const DEFAULT_ZONE = 'Asia/Shanghai';
/** As the contract allows: 30 days. */
const MAX_MINUTES = 60 * 24 * 30;

type ReminderForm = NonNullable<ReminderFormValues['reminderForm']>;

/** A `reminders` section → the fields' values (empty where the section leaves a field out). */
export function reminderForm(r: ReminderConfig | undefined): ReminderForm {
  return {
    firstAfterMinutes: r?.firstAfterMinutes ?? null,
    repeatEveryMinutes: r?.repeatEveryMinutes ?? null,
    maxReminders: r?.maxReminders ?? null,
    escalateAfterMinutes: r?.escalateAfterMinutes ?? null,
    escalateTo: r?.escalateTo ?? [],
    quietFrom: r?.quietHours?.from ?? '',
    quietTo: r?.quietHours?.to ?? '',
    timeZone: r?.quietHours?.timeZone ?? DEFAULT_ZONE,
    digestAt: r?.digest?.at ?? '',
  };
}

/** The fields' values → a `reminders` section (empty fields left out so the defaults apply). */
export function reminderConfigOf(f: ReminderForm | undefined): ReminderConfig {
  if (!f) return {};
  const n = (x: number | null | undefined): number | undefined => (typeof x === 'number' ? x : undefined);
  return {
    ...(n(f.firstAfterMinutes) !== undefined ? { firstAfterMinutes: n(f.firstAfterMinutes) } : {}),
    ...(n(f.repeatEveryMinutes) !== undefined ? { repeatEveryMinutes: n(f.repeatEveryMinutes) } : {}),
    ...(n(f.maxReminders) !== undefined ? { maxReminders: n(f.maxReminders) } : {}),
    ...(n(f.escalateAfterMinutes) !== undefined ? { escalateAfterMinutes: n(f.escalateAfterMinutes) } : {}),
    ...(f.escalateTo?.length ? { escalateTo: f.escalateTo } : {}),
    ...(f.quietFrom && f.quietTo ? { quietHours: { from: f.quietFrom, to: f.quietTo, timeZone: f.timeZone || DEFAULT_ZONE } } : {}),
    ...(f.digestAt ? { digest: { at: f.digestAt } } : {}),
  };
}

/** A rule's `reminders` → the editor's values. */
export function reminderFormValues(r: ReminderConfig | undefined): ReminderFormValues {
  return { remindersOn: r !== undefined, reminderForm: reminderForm(r) };
}

/** The editor's values → a rule's `reminders` (absent when switched off). */
export function remindersOf(v: ReminderFormValues): Pick<RuleInput, 'reminders'> {
  if (!v.remindersOn || !v.reminderForm) return {};
  return { reminders: reminderConfigOf(v.reminderForm) };
}

export function ReminderFields({ users }: { users: readonly Option[] }) {
  const { t } = useTranslation('reminders');
  const on = Form.useWatch('remindersOn') === true;
  return (
    <>
      <Form.Item name="remindersOn" label={t('switch')} valuePropName="checked" extra={t('switchHelp')}>
        <Switch data-testid="rule-form-reminders" />
      </Form.Item>
      {on && <ReminderInputs users={users} />}
    </>
  );
}

/** The reminder fields under `reminderForm` (the rule editor, and the defaults on the Settings page). */
export function ReminderInputs({ users }: { users: readonly Option[] }) {
  const { t } = useTranslation('reminders');
  const minutes = (name: string, label: string, placeholder: number, max = MAX_MINUTES) => (
    <Form.Item
      name={['reminderForm', name]}
      label={label}
      rules={[{ type: 'integer', min: 1, max, message: t(max === MAX_MINUTES ? 'wholeMinutes' : 'wholeCount', { max }) }]}
    >
      {/* No min/max/precision: they would change a typed 0 or 2.5 silently; the rule says what is wrong instead. */}
      <InputNumber<number> data-testid={`rule-form-reminders-${name}`} placeholder={String(placeholder)} />
    </Form.Item>
  );
  const time = (name: string, label: string, extra?: string) => (
    <Form.Item name={['reminderForm', name]} label={label} extra={extra} rules={[{ pattern: HHMM, message: t('hhmm') }]}>
      <Input data-testid={`rule-form-reminders-${name}`} placeholder="22:00" style={{ width: 100 }} />
    </Form.Item>
  );
  return (
    <>
      <Flex gap={12} wrap>
        {minutes('firstAfterMinutes', t('firstAfter'), 30)}
        {minutes('repeatEveryMinutes', t('repeatEvery'), 60)}
        {minutes('maxReminders', t('maxReminders'), 3, 100)}
      </Flex>
      <Flex gap={12} wrap>
        {minutes('escalateAfterMinutes', t('escalateAfter'), 120)}
        <Form.Item name={['reminderForm', 'escalateTo']} label={t('escalateTo')} extra={t('escalateHelp')} style={{ flex: 1, minWidth: 220 }}>
          <Select data-testid="rule-form-reminders-escalateTo" mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={[...users]} />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        {time('quietFrom', t('quietFrom'))}
        {time('quietTo', t('quietTo'))}
        {/* The shape here (and a fresh check as typed after a refusal); whether the zone exists, the services say on save. */}
        <Form.Item
          name={['reminderForm', 'timeZone']}
          label={t('timeZone')}
          style={{ minWidth: 200 }}
          rules={[{ pattern: ZONE_SHAPE, message: t('zoneShape') }]}
        >
          <Input data-testid="rule-form-reminders-timeZone" />
        </Form.Item>
      </Flex>
      <Form.Item
        noStyle
        shouldUpdate={(a: ReminderFormValues, b: ReminderFormValues) =>
          a.reminderForm?.quietFrom !== b.reminderForm?.quietFrom || a.reminderForm?.quietTo !== b.reminderForm?.quietTo
        }
      >
        {({ getFieldValue }) =>
          Boolean(getFieldValue(['reminderForm', 'quietFrom'])) !== Boolean(getFieldValue(['reminderForm', 'quietTo'])) ? (
            <div role="alert" style={{ color: 'var(--ant-color-error)', marginTop: -12, marginBottom: 12 }}>
              {t('both')}
            </div>
          ) : (
            <div style={{ color: 'var(--ant-color-text-secondary)', marginTop: -12, marginBottom: 12 }}>{t('quietHelp')}</div>
          )
        }
      </Form.Item>
      {time('digestAt', t('digestAt'), t('digestHelp'))}
    </>
  );
}
