import { CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled, LoadingOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Input, List, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelId } from '../../../shared/catalog/channels';
import type { CredtestRun, StepStatus } from '../../../shared/contract/credtest';
import { api } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { ExternalLinkButton } from '../../ui/external-link';
import { useShowError } from '../../ui/errors';

const POLL_MS = 300;

const ICON: Record<StepStatus, React.ReactNode> = {
  pending: <ClockCircleOutlined />,
  running: <LoadingOutlined />,
  pass: <CheckCircleFilled style={{ color: '#52c41a' }} />,
  fail: <CloseCircleFilled style={{ color: '#ff4d4f' }} />,
  skipped: <MinusCircleOutlined />,
};

const runState = (run: CredtestRun): 'running' | 'passed' | 'failed' | 'cancelled' =>
  !run.done ? 'running' : run.cancelled ? 'cancelled' : run.ok ? 'passed' : 'failed';
const STATE_COLOR = { running: 'processing', passed: 'success', failed: 'error', cancelled: 'default' } as const;

/** Runs a channel's credential test and shows each step; a failed step shows diagnosis, fix and console page. */
export function CredentialTestPanel({ channel, onFinished }: { channel: ChannelId; onFinished?: (run: CredtestRun) => void }) {
  const { t } = useTranslation('credtest');
  const localize = useLocalized();
  const showError = useShowError();
  const [to, setTo] = useState('');
  const [run, setRun] = useState<CredtestRun | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => () => clearTimeout(timer.current), []);

  const follow = (runId: string): void => {
    timer.current = setTimeout(() => {
      api['credtest.get']({ runId })
        .then((next) => {
          setRun(next);
          if (!next.done) follow(runId);
          else finished.current?.(next);
        })
        .catch(showError);
    }, POLL_MS);
  };

  const start = async (): Promise<void> => {
    clearTimeout(timer.current);
    try {
      const recipient = to.trim();
      const { runId } = await api['credtest.start']({ channel, ...(recipient ? { to: recipient } : {}) });
      setRun(await api['credtest.get']({ runId }));
      follow(runId);
    } catch (err) {
      showError(err);
    }
  };

  const cancel = async (): Promise<void> => {
    if (!run) return;
    try {
      await api['credtest.cancel']({ runId: run.runId });
    } catch (err) {
      showError(err);
    }
  };

  const state = run ? runState(run) : null;
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
        <Button type="primary" onClick={() => void start()} loading={state === 'running'} data-testid={`credtest-run-${channel}`}>
          {t('run')}
        </Button>
        {state === 'running' && (
          <Button onClick={() => void cancel()} data-testid={`credtest-cancel-${channel}`}>
            {t('cancel')}
          </Button>
        )}
        {run && state && (
          <Tag color={STATE_COLOR[state]} data-testid={`credtest-state-${channel}`} data-state={state}>
            {t(`state.${state}`)}
          </Tag>
        )}
      </Flex>
      {!run && <Typography.Text type="secondary">{t('notRun')}</Typography.Text>}
      {run?.warnings.map((w, i) => (
        <Alert key={i} type="warning" showIcon title={localize(w.message)} description={w.fix ? localize(w.fix) : undefined} data-testid={`credtest-warning-${channel}`} />
      ))}
      {run && (
        <List
          size="small"
          dataSource={run.steps}
          renderItem={(s) => (
            <List.Item data-testid={`credtest-step-${channel}-${s.id}`} data-state={s.status}>
              <Flex vertical gap={6} style={{ width: '100%' }}>
                <Space wrap>
                  {ICON[s.status]}
                  <Typography.Text strong>{t(`step.${s.id}`)}</Typography.Text>
                  <Typography.Text type="secondary">{t(`status.${s.status}`)}</Typography.Text>
                  {s.durationMs !== null && <Typography.Text type="secondary">{s.durationMs} ms</Typography.Text>}
                  {s.detail && <Typography.Text type="secondary">{localize(s.detail)}</Typography.Text>}
                </Space>
                {s.status === 'fail' && s.diagnosis && (
                  <Alert
                    type="error"
                    showIcon
                    data-testid={`credtest-diagnosis-${channel}-${s.id}`}
                    title={`${localize(s.diagnosis)}${s.code ? ` [${s.code}]` : ''}`}
                    description={
                      <Flex vertical gap={4}>
                        {s.missingScopes.length > 0 && <div>{t('missingScopes', { scopes: s.missingScopes.join(', ') })}</div>}
                        {s.fix && (
                          <div>
                            {t('common:fix')}: {localize(s.fix)}
                          </div>
                        )}
                        {s.consoleUrl && <ExternalLinkButton url={s.consoleUrl} testId={`credtest-console-${channel}-${s.id}`}>{t('openConsole')}</ExternalLinkButton>}
                      </Flex>
                    }
                  />
                )}
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}
