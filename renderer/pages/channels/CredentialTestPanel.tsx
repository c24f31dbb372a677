import { Alert, Button, Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelId } from '../../../shared/catalog/channels';
import type { CredtestRun } from '../../../shared/contract/credtest';
import { api } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { DiagnosticSteps, RunStateTag, useDiagnosticRun } from '../../ui/diagnostics';

/** Runs a channel's credential test and shows each step; a failed step shows diagnosis, fix and console page. */
export function CredentialTestPanel({ channel, onFinished }: { channel: ChannelId; onFinished?: (run: CredtestRun) => void }) {
  const { t } = useTranslation('credtest');
  const localize = useLocalized();
  const [to, setTo] = useState('');
  const { run, start, cancel, running } = useDiagnosticRun<CredtestRun>({
    async start() {
      const recipient = to.trim();
      const { runId } = await api['credtest.start']({ channel, ...(recipient ? { to: recipient } : {}) });
      return api['credtest.get']({ runId });
    },
    get: (runId) => api['credtest.get']({ runId }),
    async cancel(runId) {
      await api['credtest.cancel']({ runId });
      return null; // the next poll shows the cancelled run
    },
    ...(onFinished ? { onFinished } : {}),
  });

  return (
    <Flex vertical gap={12} data-testid={`credtest-panel-${channel}`}>
      <Flex gap={8} align="center" wrap>
        <Input
          style={{ maxWidth: 280 }}
          aria-label={t('recipient')}
          placeholder={t('recipientPlaceholder')}
          value={to}
          onChange={(e) => setTo(e.target.value)}
          data-testid={`credtest-to-${channel}`}
        />
        <Button type="primary" onClick={() => void start()} loading={running} data-testid={`credtest-run-${channel}`}>
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
      {run?.warnings.map((w, i) => (
        <Alert key={i} type="warning" showIcon title={localize(w.message)} description={w.fix ? localize(w.fix) : undefined} data-testid={`credtest-warning-${channel}`} />
      ))}
      {run && <DiagnosticSteps steps={run.steps} testId={(part, id) => `credtest-${part}-${channel}-${id}`} />}
    </Flex>
  );
}
