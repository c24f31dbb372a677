import { Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { APPROVE_FROM_CHAT_RAM_ACTIONS } from '../../../shared/catalog/dms-openapi';

/** The RAM actions approve-from-chat adds to the AccessKey, and what acting as the approver needs in DMS. */
export function ApproveFromChatRam() {
  const { t } = useTranslation('approvals');
  return (
    <Card title={t('dms.title')} data-testid="dms-approval-ram">
      <Typography.Paragraph>{t('dms.intro')}</Typography.Paragraph>
      <Typography.Paragraph>
        {APPROVE_FROM_CHAT_RAM_ACTIONS.map((a) => (
          <Tag key={a} data-testid={`ram-${a}`}>
            <Typography.Text code copyable>
              {a}
            </Typography.Text>
          </Tag>
        ))}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('dms.actAs')}
      </Typography.Paragraph>
    </Card>
  );
}
