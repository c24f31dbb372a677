import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { channelDef } from '../../../shared/catalog/channels';
import { chatIdOf } from '../../../shared/chats';
import type { EventNote } from '../../../shared/contract/sender';
import { useLocalized } from '../../i18n/LanguageProvider';

/** Where each reason for not sending is fixed (a reason without a page, e.g. a pending lookup, has no link). */
const FIX_PAGE: Record<string, 'rules' | 'channels' | 'users'> = {
  'rule-disabled': 'rules',
  'no-recipients': 'rules',
  'channel-disabled': 'channels',
  'not-in-users': 'users',
  'not-found': 'users',
  'outside-availability': 'users',
};

/** "Why was nobody told?": per person and chat, why nothing was sent, with a link to the page that fixes it. */
export function EventNotes({ notes }: { notes: readonly EventNote[] }) {
  const { t } = useTranslation('deliveries');
  const l = useLocalized();
  const navigate = useNavigate();
  if (notes.length === 0) return null;
  const who = (n: EventNote) => {
    const chatId = chatIdOf(n.uid);
    if (chatId !== null) return t('chats:inLog', { name: n.name, chatId });
    if (!n.uid) return t('notSent.nobody');
    return n.name && n.name !== n.uid ? `${n.name} (${n.uid})` : n.uid;
  };
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 8 }}
      title={t('notSent.title')}
      data-testid="event-notes"
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {notes.map((n) => {
            const page = FIX_PAGE[n.reason];
            return (
              <li key={`${n.uid}-${n.channel ?? ''}-${n.reason}`} data-testid={`event-note-${n.reason}`} style={{ overflowWrap: 'anywhere' }}>
                <Typography.Text strong>{who(n)}</Typography.Text>
                {n.channel && <Typography.Text type="secondary"> · {l(channelDef(n.channel).name)}</Typography.Text>}: {l(n.message)}{' '}
                {page && (
                  <Typography.Link onClick={() => void navigate(`/${page}`)} data-testid={`event-note-fix-${n.reason}`}>
                    {t(`notSent.fix.${page}`)}
                  </Typography.Link>
                )}
              </li>
            );
          })}
        </ul>
      }
    />
  );
}
