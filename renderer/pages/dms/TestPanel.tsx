import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DmsTestRun } from '../../../shared/contract/dms';
import { DiagnosticSteps, RunStateTag, useDiagnosticRun } from '../../ui/diagnostics';
import { cancelTest, getTest, startTest } from './source';

/** Runs the connection test and shows its steps as they finish; a failed step shows diagnosis and fix. */
export function TestPanel() {
  const { t } = useTranslation('dms');
  const { run, start, cancel, running } = useDiagnosticRun<DmsTestRun>({ start: startTest, get: getTest, cancel: cancelTest });

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
      {!run && <Typography.Text type="secondary">{t('test.notRun')}</Typography.Text>}
      {run && <DiagnosticSteps steps={run.steps} testId={(part, id) => `dms-test-${part}-${id}`} />}
    </Flex>
  );
}
