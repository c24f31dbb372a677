import { CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled, LoadingOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { Alert, Flex, List, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagnosticRun, DiagnosticStep, RunState, StepStatus } from '../../shared/contract/diagnostics';
import { useLocalized } from '../i18n/LanguageProvider';
import { useShowError } from './errors';
import { ExternalLinkButton } from './external-link';
import { withCode } from './with-code';

const POLL_MS = 300;

const ICON: Record<StepStatus, ReactNode> = {
  pending: <ClockCircleOutlined />,
  running: <LoadingOutlined />,
  pass: <CheckCircleFilled style={{ color: '#52c41a' }} />,
  fail: <CloseCircleFilled style={{ color: '#ff4d4f' }} />,
  skipped: <MinusCircleOutlined />,
};

const STATE_COLOR: Record<RunState, string> = { running: 'processing', passed: 'success', failed: 'error', cancelled: 'default' };

export interface DiagnosticRunSource<R extends DiagnosticRun> {
  readonly start: () => Promise<R>;
  readonly get: (runId: string) => Promise<R>;
  /** May return the stopped run; otherwise the next poll shows it. */
  readonly cancel: (runId: string) => Promise<R | null>;
  readonly onFinished?: (run: R) => void;
}

/** Starts a diagnostic run and polls it until it is no longer running. */
export function useDiagnosticRun<R extends DiagnosticRun>(source: DiagnosticRunSource<R>) {
  const showError = useShowError();
  const [run, setRun] = useState<R | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(source);
  // The caller's latest callbacks for a poll that started in an earlier render; kept current after each render.
  useEffect(() => {
    latest.current = source;
  });

  useEffect(() => () => clearTimeout(timer.current), []);

  const show = (next: R): void => {
    setRun(next);
    if (next.state === 'running') follow(next.runId);
    else latest.current.onFinished?.(next);
  };
  const follow = (runId: string): void => {
    timer.current = setTimeout(() => {
      latest.current.get(runId).then(show).catch(showError);
    }, POLL_MS);
  };

  const start = async (): Promise<void> => {
    clearTimeout(timer.current);
    try {
      show(await latest.current.start());
    } catch (err) {
      showError(err);
    }
  };

  const cancel = async (): Promise<void> => {
    if (!run) return;
    try {
      const stopped = await latest.current.cancel(run.runId);
      if (stopped) {
        clearTimeout(timer.current);
        show(stopped);
      }
    } catch (err) {
      showError(err);
    }
  };

  /** Forgets the shown run (its result no longer applies, e.g. the tested values changed). */
  const reset = useCallback((): void => {
    clearTimeout(timer.current);
    setRun(null);
  }, []);

  return { run, start, cancel, reset, running: run?.state === 'running' };
}

export function RunStateTag({ state, testId }: { state: RunState; testId: string }) {
  const { t } = useTranslation('common');
  return (
    <Tag color={STATE_COLOR[state]} data-testid={testId} data-state={state}>
      {t(`runState.${state}`)}
    </Tag>
  );
}

/**
 * The steps of a run: status, duration and detail; a failed step shows its diagnosis, fix, missing
 * permissions, console page and request id. `testId` names each part: `step`, `diagnosis`, `console`.
 */
export function DiagnosticSteps({
  steps,
  testId,
}: {
  steps: readonly DiagnosticStep[];
  testId: (part: 'step' | 'diagnosis' | 'console', stepId: string) => string;
}) {
  const { t } = useTranslation('common');
  const localize = useLocalized();
  return (
    <List
      size="small"
      dataSource={[...steps]}
      renderItem={(s) => (
        <List.Item data-testid={testId('step', s.id)} data-status={s.status}>
          <Flex vertical gap={6} style={{ width: '100%' }}>
            <Flex wrap gap={8} align="baseline">
              {ICON[s.status]}
              <Typography.Text strong>{localize(s.title)}</Typography.Text>
              <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                {t(`stepStatus.${s.status}`)}
                {s.durationMs !== null && s.durationMs > 0 ? ` · ${s.durationMs} ms` : ''}
              </Typography.Text>
              {s.detail && <Typography.Text type="secondary">{localize(s.detail)}</Typography.Text>}
            </Flex>
            {s.status === 'fail' && s.diagnosis && (
              <Alert
                type="error"
                showIcon
                data-testid={testId('diagnosis', s.id)}
                title={withCode(localize(s.diagnosis), s.code)}
                description={
                  <Flex vertical gap={4}>
                    {s.missingScopes.length > 0 && <div>{t('missingScopes', { scopes: s.missingScopes.join(', ') })}</div>}
                    {s.fix && (
                      <div>
                        {t('fix')}: {localize(s.fix)}
                      </div>
                    )}
                    {s.consoleUrl && (
                      <ExternalLinkButton url={s.consoleUrl} testId={testId('console', s.id)}>
                        {t('openConsole')}
                      </ExternalLinkButton>
                    )}
                    {s.requestId && <Typography.Text type="secondary">{t('requestId', { id: s.requestId })}</Typography.Text>}
                  </Flex>
                }
              />
            )}
          </Flex>
        </List.Item>
      )}
    />
  );
}
