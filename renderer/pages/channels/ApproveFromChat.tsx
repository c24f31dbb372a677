import { Alert, Button, Divider, Flex, Form, Input, Select, Switch, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CARD_TEMPLATE_ID_HINT, CARD_TEMPLATE_ID_PATTERN, channelDef, type ChannelId } from '../../../shared/catalog/channels';
import type { LocalizedText } from '../../../shared/i18n-text';
import { api, useQuery } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { useShowError } from '../../ui/errors';
import { LongConnectionDetails, useConnections } from './LongConnectionBadge';
import type { ChannelFormValues } from './model';

/**
 * "Approve from chat" in the channel form: the switch, DingTalk's approval card template, who may press and what the
 * AccessKey can do, the long connection's state and a test card. Checked with the same rules as channels.save.
 */
export function ApproveFromChat({ form, channel }: { form: FormInstance<ChannelFormValues>; channel: ChannelId }) {
  const { t } = useTranslation('approvals');
  const l = useLocalized();
  const dingtalk = channelDef(channel).protocol === 'dingtalk';
  const on = Form.useWatch(['approval', 'approveFromChat'], form) === true;
  const connection = useConnections().byChannel.get(channel);

  return (
    <section data-testid="approve-from-chat">
      <Divider titlePlacement="start">{t('section.title')}</Divider>
      <Form.Item name={['approval', 'approveFromChat']} label={t('section.switch')} valuePropName="checked" extra={t('section.switchHelp')}>
        <Switch data-testid="approve-from-chat-switch" />
      </Form.Item>
      {dingtalk && (
        <Form.Item
          name={['approval', 'approvalCardTemplateId']}
          label={t('section.template')}
          required={on}
          dependencies={[['approval', 'approveFromChat']]}
          extra={`${t('section.templateHelp')} · ${l(CARD_TEMPLATE_ID_HINT)}`}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, raw: string | undefined) => {
                const v = raw?.trim() ?? '';
                if (v === '') {
                  return getFieldValue(['approval', 'approveFromChat']) ? Promise.reject(new Error(t('section.templateRequired'))) : Promise.resolve();
                }
                return CARD_TEMPLATE_ID_PATTERN.test(v) ? Promise.resolve() : Promise.reject(new Error(l(CARD_TEMPLATE_ID_HINT)));
              },
            }),
          ]}
        >
          <Input data-testid="approval-template-id" aria-label={t('section.template')} autoComplete="off" spellCheck={false} />
        </Form.Item>
      )}
      <Alert
        type="info"
        showIcon
        data-testid="approve-from-chat-security"
        title={
          <>
            <Typography.Paragraph style={{ marginBottom: 4 }}>{t('section.who')}</Typography.Paragraph>
            <Typography.Paragraph style={{ marginBottom: 0 }}>{t('section.accessKey')}</Typography.Paragraph>
          </>
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 4 }}>
        {t('section.connectionHelp')}
      </Typography.Paragraph>
      <LongConnectionDetails channel={channel} connection={connection} />
      <TestCard channel={channel} />
    </section>
  );
}

/** Sends the test approval card to one person of the users directory and shows the service's answer as it is. */
function TestCard({ channel }: { channel: ChannelId }) {
  const { t } = useTranslation('approvals');
  const l = useLocalized();
  const showError = useShowError();
  const users = useQuery(['users.list'], () => api['users.list']({}));
  const [uid, setUid] = useState<string | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const [answer, setAnswer] = useState<{ ok: boolean; message: LocalizedText } | null>(null);
  const list = users.data?.users ?? [];

  const send = async (): Promise<void> => {
    if (!uid) return;
    setSending(true);
    setAnswer(null);
    try {
      setAnswer(await api['approvals.sendTestCard']({ channel, uid }));
    } catch (err) {
      showError(err);
    } finally {
      setSending(false);
    }
  };

  return (
    <div data-testid="approval-test-card">
      <Typography.Text strong>{t('section.test.title')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('section.test.help')} {t('section.test.saveFirst')}
      </Typography.Paragraph>
      <Flex gap={8} wrap>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          style={{ minWidth: 240, flex: 1 }}
          aria-label={t('section.test.user')}
          placeholder={list.length === 0 && users.data ? t('section.test.noUsers') : t('section.test.userPlaceholder')}
          value={uid}
          onChange={setUid}
          loading={users.loading}
          data-testid="approval-test-user"
          options={list.map((u) => ({ value: u.uid, label: u.name ? `${u.name} · ${u.uid}` : u.uid }))}
        />
        <Button onClick={() => void send()} disabled={!uid} loading={sending} data-testid="approval-test-send">
          {t('section.test.send')}
        </Button>
      </Flex>
      {answer && (
        <Alert
          style={{ marginTop: 8 }}
          type={answer.ok ? 'success' : 'warning'}
          showIcon
          title={l(answer.message)}
          data-testid="approval-test-result"
          data-ok={String(answer.ok)}
        />
      )}
    </div>
  );
}
