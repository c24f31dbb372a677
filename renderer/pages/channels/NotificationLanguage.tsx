import { Collapse, Flex, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChannelId } from '../../../shared/catalog/channels';
import type { ChannelMessages } from '../../../shared/contract/messages';
import { api, useQuery } from '../../api';
import { useShowError } from '../../ui/errors';

type Lang = ChannelMessages['language'];

/**
 * The language approvers receive on this channel (independent of the UI language), with the exact
 * message the platform receives for a sample event, rendered by the sender's own code.
 */
export function NotificationLanguage({ channel }: { channel: ChannelId }) {
  const { t } = useTranslation('messages');
  const showError = useShowError();
  const query = useQuery(['messages.get'], () => api['messages.get']({}));
  const mine = query.data?.channels.find((c) => c.channel === channel);

  const change = async (language: Lang) => {
    try {
      query.setData(await api['messages.setLanguage']({ channel, language: language === mine?.defaultLanguage ? null : language }));
    } catch (err) {
      showError(err);
    }
  };

  if (!mine) return query.loading ? null : <Typography.Text type="secondary">{t('unavailable')}</Typography.Text>;
  return (
    <Flex vertical gap={12} data-testid={`notify-language-${channel}`}>
      <Typography.Text type="secondary">{t('help')}</Typography.Text>
      <Flex gap={8} align="center" wrap>
        <span>{t('language')}</span>
        <Select<Lang>
          style={{ width: 200 }}
          value={mine.language}
          onChange={(v) => void change(v)}
          data-testid={`notify-language-select-${channel}`}
          options={(['zh-CN', 'en-US'] as const).map((v) => ({
            value: v,
            label: `${t(`lang.${v}`)}${v === mine.defaultLanguage ? ` (${t('default')})` : ''}`,
          }))}
        />
      </Flex>
      <div data-testid={`message-preview-${channel}`} data-language={mine.language}>
        <Flex gap={8} align="center">
          <Typography.Text strong>{t('preview')}</Typography.Text>
          <Tag>{t(`format.${mine.preview.format}`)}</Tag>
        </Flex>
        <Typography.Paragraph strong style={{ marginTop: 8, marginBottom: 4 }} data-testid={`message-preview-title-${channel}`}>
          {mine.preview.title}
        </Typography.Paragraph>
        <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', margin: 0, fontSize: 12, padding: 8, background: 'rgba(0,0,0,0.03)', borderRadius: 6 }}>
          {mine.preview.readable}
        </pre>
        <Collapse
          ghost
          size="small"
          items={[
            {
              key: 'body',
              label: t('body'),
              children: (
                <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0, fontSize: 12 }} data-testid={`message-preview-body-${channel}`}>
                  {mine.preview.body}
                </pre>
              ),
            },
          ]}
        />
      </div>
    </Flex>
  );
}
