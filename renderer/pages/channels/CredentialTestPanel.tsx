import { Alert, Button, Flex, Input, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelId } from '../../../shared/catalog/channels';
import { credtestRecipientSchema, type CredtestRun } from '../../../shared/contract/credtest';
import type { MethodInput } from '../../../shared/contract/index';
import { api } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { CredtestChatInput } from './CredtestChatInput';
import { DiagnosticSteps, RunStateTag, useDiagnosticRun } from '../../ui/diagnostics';
import { textLimit } from '../../ui/text-limit';

export type CredtestDraft = NonNullable<MethodInput<'credtest.start'>['draft']>;

export interface CredentialTestPanelProps {
  readonly channel: ChannelId;
  /** The form's current values; null when the form has errors (then nothing runs). */
  readonly draft: () => Promise<CredtestDraft | null>;
  /** Changes whenever the tested values change: the shown result is stale then and is cleared. */
  readonly valuesVersion: number;
  readonly enabled: boolean;
  readonly onFinished?: (run: CredtestRun) => void;
  /** Saves the form (and enables the channel when asked) after a passed test; false when it did not save. */
  readonly onSave: (enable: boolean) => Promise<boolean>;
}

/**
 * Tests what is typed in the form (secret included, nothing stored) and shows each step; a failed step
 * shows diagnosis, fix and console page. After a pass it offers Save / Save and enable.
 */
export function CredentialTestPanel({ channel, draft, valuesVersion, enabled, onFinished, onSave }: CredentialTestPanelProps) {
  const { t } = useTranslation('credtest');
  const localize = useLocalized();
  const [to, setTo] = useState('');
  const [chat, setChat] = useState('');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const tested = useRef<CredtestDraft | null>(null);
  const { run, start, cancel, reset, running } = useDiagnosticRun<CredtestRun>({
    async start() {
      // A chat id goes as the recipient: the test recognises it by its prefix (oc_… / cid…).
      const recipient = chat.trim() || to.trim();
      const { runId } = await api['credtest.start']({ channel, ...(tested.current ? { draft: tested.current } : {}), ...(recipient ? { to: recipient } : {}) });
      return api['credtest.get']({ runId });
    },
    get: (runId) => api['credtest.get']({ runId }),
    async cancel(runId) {
      await api['credtest.cancel']({ runId });
      return null; // the next poll shows the cancelled run
    },
    ...(onFinished ? { onFinished } : {}),
  });

  // A result is about the values that were tested: editing any of them makes it stale.
  useEffect(() => {
    reset();
    // With reset() (which stops the run's poll timer), so in the effect rather than during render.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSaved(false);
  }, [valuesVersion, reset]);

  const test = async () => {
    // The form marks its own errors; nothing runs until they are fixed.
    tested.current = await draft();
    if (tested.current) await start();
  };

  const save = async (enable: boolean) => {
    setSaving(true);
    try {
      setSaved(await onSave(enable));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex vertical gap={12} data-testid={`credtest-panel-${channel}`}>
      <Typography.Text type="secondary">{t('typedHelp')}</Typography.Text>
      <Flex gap={8} align="center" wrap>
        <Input
          style={{ maxWidth: 280 }}
          aria-label={t('recipient')}
          placeholder={t('recipientPlaceholder')}
          value={to}
          onChange={(e) => setTo(e.target.value)}
          data-testid={`credtest-to-${channel}`}
          disabled={chat.trim() !== ''}
          {...textLimit(credtestRecipientSchema)}
        />
        <CredtestChatInput channel={channel} value={chat} onChange={setChat} />
        <Button type="primary" onClick={() => void test()} loading={running} data-testid={`credtest-run-${channel}`}>
          {t('run')}
        </Button>
        {running && (
          <Button onClick={() => void cancel()} data-testid={`credtest-cancel-${channel}`}>
            {t('cancel')}
          </Button>
        )}
        {run && <RunStateTag state={run.state} testId={`credtest-state-${channel}`} />}
      </Flex>
      {!run && <Typography.Text type="secondary">{t('notRun')}</Typography.Text>}
      {run?.state === 'passed' && run.typed && !saved && (
        <Alert
          type="success"
          showIcon
          data-testid={`credtest-passed-${channel}`}
          title={t('passedTyped')}
          action={
            <Space>
              <Button size="small" loading={saving} onClick={() => void save(false)} data-testid={`credtest-save-${channel}`}>
                {t('save')}
              </Button>
              {!enabled && (
                <Button size="small" type="primary" loading={saving} onClick={() => void save(true)} data-testid={`credtest-save-enable-${channel}`}>
                  {t('saveAndEnable')}
                </Button>
              )}
            </Space>
          }
        />
      )}
      {run?.warnings.map((w, i) => (
        <Alert
          key={i}
          type="warning"
          showIcon
          title={localize(w.message)}
          description={w.fix ? localize(w.fix) : undefined}
          data-testid={`credtest-warning-${channel}`}
        />
      ))}
      {run && <DiagnosticSteps steps={run.steps} testId={(part, id) => `credtest-${part}-${channel}-${id}`} />}
    </Flex>
  );
}
