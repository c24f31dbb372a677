import { CheckCircleFilled, CloseCircleFilled, LoadingOutlined, MinusCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, List, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DmsTestRun, DmsTestStep } from '../../../shared/contract/dms';
import { useLocalized } from '../../i18n/LanguageProvider';
import { useShowError } from '../../ui/errors';
import { withCode } from './format';
import { cancelTest, getTest, startTest } from './source';

const POLL_MS = 400;

const ICON: Record<DmsTestStep['status'], React.ReactNode> = {
  pending: <ClockCircleOutlined />,
  running: <LoadingOutlined />,
  pass: <CheckCircleFilled style={{ color: '#52c41a' }} />,
  fail: <CloseCircleFilled style={{ color: '#ff4d4f' }} />,
  skipped: <MinusCircleOutlined />,
};

const RUN_COLOR: Record<DmsTestRun['state'], string> = { running: 'processing', passed: 'success', failed: 'error', cancelled: 'default' };

/** Runs the connection test and shows its steps as they finish; a failed step shows diagnosis and fix. */
export function TestPanel() {
  const { t } = useTranslation('dms');
  const localize = useLocalized();
  const showError = useShowError();
  const [run, setRun] = useState<DmsTestRun | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const follow = (id: string): void => {
    timer.current = setTimeout(() => {
      getTest(id)
        .then((next) => {
          setRun(next);
          if (next.state === 'running') follow(id);
        })
        .catch(showError);
    }, POLL_MS);
  };

  const start = async (): Promise<void> => {
    clearTimeout(timer.current);
    try {
      const first = await startTest();
      setRun(first);
      if (first.state === 'running') follow(first.id);
    } catch (err) {
      showError(err);
    }
  };

  const cancel = async (): Promise<void> => {
    if (!run) return;
    clearTimeout(timer.current);
    try {
      setRun(await cancelTest(run.id));
    } catch (err) {
      showError(err);
    }
  };

  const running = run?.state === 'running';
  return (
    <Flex vertical gap={12} data-testid="dms-test-panel">
      <Flex gap={8} align="center">
        <Button type="primary" onClick={() => void start()} loading={running} data-testid="dms-test-run">
          {t('test.run')}
        </Button>
        {running && (
          <Button onClick={() => void cancel()} data-testid="dms-test-cancel">
            {t('test.cancel')}
          </Button>
        )}
        {run && (
          <Tag color={RUN_COLOR[run.state]} data-testid="dms-test-state" data-state={run.state}>
            {t(`test.state.${run.state}`)}
          </Tag>
        )}
        {run?.endpoint && <Typography.Text type="secondary">{run.endpoint}</Typography.Text>}
      </Flex>
      {!run && <Typography.Text type="secondary">{t('test.notRun')}</Typography.Text>}
      {run && (
        <List
          size="small"
          dataSource={run.steps}
          renderItem={(s) => (
            <List.Item data-testid={`dms-test-step-${s.id}`} data-status={s.status}>
              <Flex vertical gap={6} style={{ width: '100%' }}>
                <Flex wrap gap={8} align="baseline">
                  {ICON[s.status]}
                  <Typography.Text strong>{localize(s.title)}</Typography.Text>
                  <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                    {t(`test.step.${s.status}`)}
                    {s.durationMs !== null && s.durationMs > 0 ? ` · ${s.durationMs} ms` : ''}
                  </Typography.Text>
                  {s.detail && <Typography.Text type="secondary">{localize(s.detail)}</Typography.Text>}
                </Flex>
                {s.diagnosis && (
                  <Alert
                    type="error"
                    showIcon
                    data-testid={`dms-test-diagnosis-${s.id}`}
                    title={withCode(localize(s.diagnosis), s.code)}
                    description={
                      <>
                        {s.fix && (
                          <div>
                            {t('common:fix')}: {localize(s.fix)}
                          </div>
                        )}
                        {s.requestId && <Typography.Text type="secondary">{t('test.requestId', { id: s.requestId })}</Typography.Text>}
                      </>
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
