import { Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChannelId } from '../../../shared/catalog/channels';
import { chatIdPrefix } from '../../../shared/chats';
import { credtestRecipientSchema } from '../../../shared/contract/credtest';
import { textLimit } from '../../ui/text-limit';

/** "Send a test message to chat …": a group chat id instead of a person (the bot must be in the chat). */
export function CredtestChatInput(props: { channel: ChannelId; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation('chats');
  return (
    <Input
      style={{ maxWidth: 280 }}
      aria-label={t('testChat')}
      placeholder={t('testChatPlaceholder', { prefix: chatIdPrefix(props.channel) })}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      data-testid={`credtest-chat-${props.channel}`}
      {...textLimit(credtestRecipientSchema)}
    />
  );
}
