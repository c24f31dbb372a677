import { Alert, Collapse, Flex, Input, Tabs, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, type ChannelId } from '../../../shared/catalog/channels';
import type { TemplateCheck } from '../../../shared/contract/templates';
import type { RuleTemplates } from '../../../shared/template-variables';
import { ruleTemplatesSchema, TEMPLATE_VARIABLE_HELP, TEMPLATE_VARIABLES } from '../../../shared/template-variables';
import { api } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { textLimit } from '../../ui/text-limit';

/** The same check the services run on save and import; problems as the admin reads them. */
export async function templateProblems(templates: RuleTemplates | undefined): Promise<ChannelId[]> {
  const bad: ChannelId[] = [];
  for (const c of CHANNELS) {
    const source = templates?.[c.id] ?? '';
    if (source.trim() === '') continue;
    if ((await api['templates.check']({ channel: c.id, template: source })).problems.length > 0) bad.push(c.id);
  }
  return bad;
}

/** The rule's event kind, for a sample event of that kind (fields not chosen yet are left out). */
export interface TemplateKind {
  readonly module?: string | undefined;
  readonly businessType?: string | undefined;
  readonly status?: string | undefined;
}

/** One channel: the template, checked as it is typed, and a sample event of the rule's kind rendered with it. */
function ChannelTemplate({ channel, value, onChange, kind }: { channel: ChannelId; value: string; onChange: (v: string) => void; kind: TemplateKind }) {
  const { t } = useTranslation('templates');
  const l = useLocalized();
  // The last answer and the draft it was for: the preview stays until the next answer, and "checking" is
  // derived (the shown answer is for another draft) instead of set from the effect.
  const [answer, setAnswer] = useState<{ for: string; check: TemplateCheck | null } | null>(null);
  const { module = '', businessType = '', status = '' } = kind;
  const draft = `${channel}\n${module}\n${businessType}\n${status}\n${value}`;
  const check = answer?.check ?? null;
  const checking = answer?.for !== draft;
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    // A short pause so a burst of keystrokes is checked once.
    const timer = setTimeout(() => {
      void api['templates.check']({ channel, template: value, ...(module ? { kind: { module, businessType, status } } : {}) }).then(
        (r) => {
          if (mine === seq.current) setAnswer({ for: draft, check: r });
        },
        // Unreachable service or an over-long draft: no stale preview; saving reports the error.
        () => {
          if (mine === seq.current) setAnswer({ for: draft, check: null });
        },
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [channel, value, module, businessType, status, draft]);

  return (
    <Flex vertical gap={8}>
      <Input.TextArea
        data-testid={`rule-form-template-${channel}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={t('placeholder')}
        autoSize={{ minRows: 3, maxRows: 12 }}
        style={{ fontFamily: 'monospace' }}
        {...textLimit(ruleTemplatesSchema)}
      />
      {check && check.problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid={`rule-form-template-error-${channel}`}
          title={t('problems')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {check.problems.map((p) => (
                <li key={p.en}>{l(p)}</li>
              ))}
            </ul>
          }
        />
      )}
      {check?.preview && (
        <div data-testid={`rule-form-template-preview-${channel}`} data-language={check.language} data-checking={checking}>
          <Flex gap={8} align="center" wrap>
            <Typography.Text type="secondary">{t('preview', { language: t(`lang.${check.language}`) })}</Typography.Text>
            <Tag>{t(`format.${check.preview.format}`)}</Tag>
          </Flex>
          {check.preview.format === 'card' && <Typography.Text type="secondary">{t('cardNote')}</Typography.Text>}
          <Typography.Paragraph strong style={{ marginTop: 8, marginBottom: 4 }}>
            {check.preview.title}
          </Typography.Paragraph>
          <pre
            style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', margin: 0, fontSize: 12, padding: 8, background: 'rgba(0,0,0,0.03)', borderRadius: 6 }}
          >
            {check.preview.readable}
          </pre>
        </div>
      )}
    </Flex>
  );
}

/** A rule's `templates` (a Form control): one tab per channel, a blank one meaning the default message. */
export function TemplateEditor({ value, onChange, kind = {} }: { value?: RuleTemplates; onChange?: (v: RuleTemplates) => void; kind?: TemplateKind }) {
  const { t } = useTranslation('templates');
  const l = useLocalized();
  const [active, setActive] = useState<ChannelId>(CHANNELS[0]!.id);
  const set = (channel: ChannelId, source: string) => onChange?.({ ...value, [channel]: source });

  return (
    <Flex vertical gap={8} data-testid="rule-form-templates">
      <Typography.Text type="secondary">{t('help')}</Typography.Text>
      <Collapse
        size="small"
        items={[
          {
            key: 'vars',
            label: t('variables'),
            children: (
              <dl style={{ margin: 0 }} data-testid="rule-form-template-variables">
                {TEMPLATE_VARIABLES.map((v) => (
                  <div key={v} style={{ display: 'flex', gap: 8 }}>
                    <dt>
                      <Typography.Text code>{`{{${v}}}`}</Typography.Text>
                    </dt>
                    <dd style={{ margin: 0 }}>{l(TEMPLATE_VARIABLE_HELP[v])}</dd>
                  </div>
                ))}
              </dl>
            ),
          },
        ]}
      />
      <Tabs
        size="small"
        activeKey={active}
        onChange={(k) => setActive(k as ChannelId)}
        items={CHANNELS.map((c) => ({
          key: c.id,
          label: (
            <span data-testid={`rule-form-template-tab-${c.id}`}>
              {l(c.name)}
              {(value?.[c.id] ?? '').trim() !== '' && (
                <Tag color="blue" style={{ marginInlineStart: 6 }}>
                  {t('set')}
                </Tag>
              )}
            </span>
          ),
          children: <ChannelTemplate channel={c.id} value={value?.[c.id] ?? ''} onChange={(v) => set(c.id, v)} kind={kind} />,
        }))}
      />
    </Flex>
  );
}
