import { Button, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DmsConnectionView, DmsTestRun } from '../../../shared/contract/dms';
import { useDateFormat } from '../../ui/dates';
import { DiagnosticSteps, RunStateTag, useDiagnosticRun } from '../../ui/diagnostics';
import { cancelTest, getTest, startTest } from './source';

/**
 * Runs the connection test and shows its steps as they finish; a failed step shows diagnosis and fix. Before a run
 * on this page, the stored outcome of the last test of this connection is shown.
 */
export function TestPanel({ lastTest, onFinished }: { lastTest: DmsConnectionView['lastTest']; onFinished: () => void }) {
  const { t } = useTranslation('dms');
  const dates = useDateFormat();
  const { run, start, cancel, running } = useDiagnosticRun<DmsTestRun>({ start: startTest, get: getTest, cancel: cancelTest, onFinished });

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
        {run && <RunStateTag state={run.state} testId="dms-test-state" />}
        {run?.endpoint && <Typography.Text type="secondary">{run.endpoint}</Typography.Text>}
      </Flex>
      {!run && !lastTest && <Typography.Text type="secondary">{t('test.notRun')}</Typography.Text>}
      {!run && lastTest && (
        <Flex gap={8} align="center" data-testid="dms-test-last" data-ok={String(lastTest.ok)}>
          <Tag color={lastTest.ok ? 'success' : 'error'}>{t(lastTest.ok ? 'test.lastPassed' : 'test.lastFailed')}</Tag>
          <Typography.Text type="secondary">
            {dates.dateTime(lastTest.at)}
            {lastTest.code ? ` · ${lastTest.code}` : ''}
          </Typography.Text>
        </Flex>
      )}
      {run && <DiagnosticSteps steps={run.steps} testId={(part, id) => `dms-test-${part}-${id}`} />}
    </Flex>
  );
}
