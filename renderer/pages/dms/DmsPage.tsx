import { App, Card, Col, Row, Skeleton, Typography } from 'antd';
import { ApproveFromChatRam } from './ApproveFromChatRam';
import { useTranslation } from 'react-i18next';
import { methodQuery, useQuery, type QueryDef } from '../../api';
import { ErrorAlert, useShowError } from '../../ui/errors';
import { ConnectionForm } from './ConnectionForm';
import { loadConnection, saveConnection, type DmsSaveRequest } from './source';
import { TestPanel } from './TestPanel';
import { WatcherPanel } from './WatcherPanel';

/** DMS OpenAPI: connection, its test, and the ticket watcher. */
/** What the page shows first (loaded ahead by the shell, renderer/app/preload-pages.ts); the same calls as source.ts. */
export const firstQueries: readonly QueryDef[] = [methodQuery('dms.getConnection'), methodQuery('dms.watcherStatus')];

export function DmsPage() {
  const { t } = useTranslation('dms');
  const { message } = App.useApp();
  const showError = useShowError();
  const query = useQuery(['dms.getConnection'], loadConnection);

  const save = async (req: DmsSaveRequest) => {
    try {
      const next = await saveConnection(req);
      query.setData(next);
      void message.success(t('connection.saved'));
      return next;
    } catch (err) {
      throw showError(err);
    }
  };

  if (query.error && !query.data) return <ErrorAlert error={query.error} onRetry={() => void query.reload()} />;
  if (!query.data) return <Skeleton active />;

  return (
    <div data-testid="page-dms">
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('connection.title')}>
            <ConnectionForm view={query.data} onSave={save} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Row gutter={[16, 16]}>
            <Col span={24}>
              <Card title={t('test.title')}>
                <TestPanel lastTest={query.data.lastTest} onFinished={() => void query.reload()} />
              </Card>
            </Col>
            <Col span={24}>
              <Card title={t('watcher.title')}>
                <WatcherPanel />
              </Card>
            </Col>
            <Col span={24}>
              <ApproveFromChatRam />
            </Col>
          </Row>
        </Col>
      </Row>
    </div>
  );
}
