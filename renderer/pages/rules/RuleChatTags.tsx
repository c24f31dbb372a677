import { Tag } from 'antd';
import { MessageOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { channelDef } from '../../../shared/catalog/channels';
import type { RuleChat } from '../../../shared/chats';
import { useLocalized } from '../../i18n/LanguageProvider';
import { TAG_WRAP } from '../../ui/table-layout';

/** A saved rule's group chats in the rules table (the chat id on hover). */
export function RuleChatTags({ chats }: { chats: readonly RuleChat[] }) {
  const { t } = useTranslation('chats');
  const l = useLocalized();
  return chats.map((c) => (
    <Tag key={`${c.channel}/${c.chatId}`} icon={<MessageOutlined />} color="blue" title={c.chatId} style={TAG_WRAP} data-testid="rule-row-chat">
      {t('tag', { channel: l(channelDef(c.channel).name), name: c.name })}
    </Tag>
  ));
}
