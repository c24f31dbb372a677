import { Card, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChannelId } from '../../../shared/catalog/channels';
import { APPROVE_FROM_CHAT_STEPS } from '../../../shared/catalog/setup-steps';
import { useLocalized } from '../../i18n/LanguageProvider';
import { ExternalLinkButton } from '../../ui/external-link';

/** The optional extra steps of "approve from the chat card" for one platform (not ticked: they are not in the checklist). */
export function ApproveFromChatGuide({ channel }: { channel: ChannelId }) {
  const { t } = useTranslation('approvals');
  const l = useLocalized();
  return (
    <Card title={t('guide.title')} data-testid="guide-approve-from-chat" style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('guide.intro')}</Typography.Paragraph>
      <Steps
        orientation="vertical"
        size="small"
        items={APPROVE_FROM_CHAT_STEPS[channel].map((s) => ({
          status: 'wait',
          title: <span data-testid={`guide-approval-step-${s.id}`}>{l(s.title)}</span>,
          content: (
            <div style={{ paddingBottom: 12 }}>
              <Typography.Paragraph style={{ marginBottom: 8 }}>{l(s.detail)}</Typography.Paragraph>
              {s.consoleUrl && (
                <ExternalLinkButton url={s.consoleUrl} testId={`open-${s.id}`}>
                  {t('guide:openConsole')}
                </ExternalLinkButton>
              )}
            </div>
          ),
        }))}
      />
    </Card>
  );
}
