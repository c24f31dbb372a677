import { Alert, Button, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, channelDef, type ChannelId } from '../../../shared/catalog/channels';
import { chatIdPrefix, DINGTALK_CHAT_ID_HINT, isChatId, ruleChatSchema, type RuleChat } from '../../../shared/chats';
import { api, useQuery } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { ErrorAlert } from '../../ui/errors';
import { textLimit } from '../../ui/text-limit';

/** Feishu/Lark: a Select over the chats the bot is in (chats.list, every page). */
function ChatPicker(props: { channel: ChannelId; onPick: (chat: RuleChat) => void }) {
  const { t } = useTranslation('chats');
  const chats = useQuery(['chats.list', props.channel], () => api['chats.list']({ channel: props.channel }));
  if (chats.error) return <ErrorAlert error={chats.error} onRetry={() => void chats.reload()} />;
  const list = chats.data?.chats ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select
        data-testid="rule-chat-picker"
        showSearch={{ optionFilterProp: 'label' }}
        loading={chats.loading}
        placeholder={t('pickPlaceholder')}
        value={null}
        options={list.map((c) => ({ value: c.chatId, label: `${c.name} (${c.chatId})` }))}
        onChange={(chatId: string) => {
          const chat = list.find((c) => c.chatId === chatId);
          if (chat) props.onPick({ channel: props.channel, chatId: chat.chatId, name: chat.name || chat.chatId });
        }}
        style={{ width: '100%' }}
      />
      {!chats.loading && list.length === 0 && (
        <Alert type="info" showIcon data-testid="rule-chat-none" title={t('noChats')} action={<a onClick={() => void chats.reload()}>{t('reload')}</a>} />
      )}
    </Space>
  );
}

/** DingTalk: no list API, so the openConversationId is typed, with where to find it. */
function ChatIdEntry(props: { channel: ChannelId; onAdd: (chat: RuleChat) => string | null }) {
  const { t } = useTranslation('chats');
  const l = useLocalized();
  const [chatId, setChatId] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = () => {
    const id = chatId.trim();
    const prefix = chatIdPrefix(props.channel);
    if (!isChatId(props.channel, id)) return setProblem(t('badId', { channel: l(channelDef(props.channel).name), prefix }));
    if (name.trim() === '') return setProblem(t('needName'));
    const refused = props.onAdd({ channel: props.channel, chatId: id, name: name.trim() });
    setProblem(refused);
    if (!refused) {
      setChatId('');
      setName('');
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input
        data-testid="rule-chat-id"
        aria-label={t('chatId')}
        placeholder={`${t('chatId')}: ${t('chatIdPlaceholder')}`}
        value={chatId}
        onChange={(e) => setChatId(e.target.value)}
        {...textLimit(ruleChatSchema.shape.chatId)}
      />
      <Input
        data-testid="rule-chat-name"
        aria-label={t('name')}
        placeholder={`${t('name')}: ${t('namePlaceholder')}`}
        value={name}
        onChange={(e) => setName(e.target.value)}
        {...textLimit(ruleChatSchema.shape.name)}
      />
      <Typography.Text type="secondary" data-testid="rule-chat-hint">
        {t('whereToFind')}: {l(DINGTALK_CHAT_ID_HINT)}
      </Typography.Text>
      {problem && <Alert type="error" showIcon data-testid="rule-chat-problem" title={problem} />}
      <Button data-testid="rule-chat-add" onClick={add}>
        {t('add')}
      </Button>
    </Space>
  );
}

/** The rule's group chats, as a form control (`value` / `onChange` from Form.Item name="chats"). */
export function ChatsField(props: { value?: RuleChat[]; onChange?: (chats: RuleChat[]) => void }) {
  const { t } = useTranslation('chats');
  const l = useLocalized();
  const chats = props.value ?? [];
  const [channel, setChannel] = useState<ChannelId>('feishu');
  const add = (chat: RuleChat): string | null => {
    if (chats.some((c) => c.channel === chat.channel && c.chatId === chat.chatId)) return t('duplicate');
    props.onChange?.([...chats, chat]);
    return null;
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <div data-testid="rule-chats">
        {chats.map((c) => (
          <Tag
            key={`${c.channel}/${c.chatId}`}
            data-testid="rule-chat-tag"
            closable
            title={c.chatId}
            onClose={() => props.onChange?.(chats.filter((x) => x !== c))}
          >
            {t('tag', { channel: l(channelDef(c.channel).name), name: c.name })}
          </Tag>
        ))}
      </div>
      <Select
        data-testid="rule-chat-channel"
        value={channel}
        onChange={setChannel}
        options={CHANNELS.map((c) => ({ value: c.id, label: l(c.name) }))}
        style={{ width: 200 }}
      />
      {channelDef(channel).protocol === 'feishu' ? (
        <ChatPicker key={channel} channel={channel} onPick={(c) => void add(c)} />
      ) : (
        <ChatIdEntry key={channel} channel={channel} onAdd={add} />
      )}
    </Space>
  );
}
