import { Button, Checkbox, Flex, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { channelDef } from '../../../shared/catalog/channels';
import type { MethodInput } from '../../../shared/contract/index';
import type { SkipReason, Simulation } from '../../../shared/contract/rules';
import { api, useAction } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { useShowError } from '../../ui/errors';

type SimulateInput = MethodInput<'rules.simulate'>;

const UNREACHABLE: readonly SkipReason[] = ['not-in-users', 'not-found', 'outside-availability'];

/** Who a test send reaches, as the intake will queue it: reachable people (and those looked up when sending), not the unreachable. */
export function testSendTargets(plan: Simulation) {
  const used = plan.channels.filter((c) => c.used);
  const people = used.flatMap((c) => [
    ...c.recipients.map((r) => ({ channel: c.channel, uid: r.uid, name: r.name, pending: false })),
    ...c.missing.filter((m) => m.reason === 'lookup-pending').map((m) => ({ channel: c.channel, uid: m.uid, name: m.name, pending: true })),
  ]);
  const unreachable = used.flatMap((c) => c.missing.filter((m) => UNREACHABLE.includes(m.reason)).map((m) => ({ channel: c.channel, ...m })));
  return { people, unreachable };
}

/**
 * "Send this event for real": the simulated event goes through the real intake as a test. The confirmation
 * names every person and chat that will get it; the rule's chats are opt-in.
 */
export function SendForReal({ input, result }: { input: SimulateInput; result: Simulation }) {
  const { t } = useTranslation('messages');
  const { t: tr } = useTranslation('rules');
  const l = useLocalized();
  const navigate = useNavigate();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const [chats, setChats] = useState<string[]>([]);
  const send = useAction((body: MethodInput<'events.sendTest'>) => api['events.sendTest'](body));
  const [sent, setSent] = useState<{ deliveries: number; duplicate: boolean } | null>(null);
  const { people, unreachable } = testSendTargets(result);
  const sendable = result.chats.filter((c) => c.reason === null);
  const person = (p: { uid: string; name: string }) => (p.name && p.name !== p.uid ? `${p.name} (${p.uid})` : p.uid);

  const go = async () => {
    try {
      setSent(await send.run({ ...input, chats }));
      setOpen(false);
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Flex gap={12} align="center" wrap style={{ marginTop: 12 }}>
      <Button
        disabled={people.length === 0 && sendable.length === 0}
        loading={send.pending}
        onClick={() => {
          setChats([]);
          setOpen(true);
        }}
        data-testid="sim-send"
      >
        {t('sendTest.button')}
      </Button>
      <Modal
        open={open}
        title={t('sendTest.confirmTitle')}
        okText={t('sendTest.ok', { count: people.length + chats.length })}
        okButtonProps={{ disabled: people.length + chats.length === 0, ...{ 'data-testid': 'sim-send-ok' } }}
        confirmLoading={send.pending}
        onOk={() => void go()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <div data-testid="sim-send-confirm">
          <Typography.Paragraph type="secondary">{t('sendTest.intro')}</Typography.Paragraph>
          <Typography.Text strong>{t('sendTest.people')}</Typography.Text>
          {people.length === 0 ? (
            <Typography.Paragraph>{t('sendTest.nobodyReached')}</Typography.Paragraph>
          ) : (
            <ul style={{ marginTop: 4 }}>
              {people.map((p) => (
                <li key={`${p.channel}-${p.uid}`} data-testid={`sim-send-person-${p.channel}-${p.uid}`}>
                  {person(p)} · {l(channelDef(p.channel).name)}
                  {p.pending ? ` · ${tr('simulator.reason.lookup-pending')}` : ''}
                </li>
              ))}
            </ul>
          )}
          {unreachable.length > 0 && (
            <>
              <Typography.Text strong>{t('sendTest.unreachable')}</Typography.Text>
              <ul style={{ marginTop: 4 }}>
                {unreachable.map((p) => (
                  <li key={`${p.channel}-${p.uid}`} data-testid={`sim-send-skip-${p.channel}-${p.uid}`}>
                    {person(p)} · {l(channelDef(p.channel).name)} · {tr(`simulator.reason.${p.reason}`)}
                  </li>
                ))}
              </ul>
            </>
          )}
          {result.chats.length > 0 && (
            <>
              <Typography.Text strong>{t('sendTest.chats')}</Typography.Text>
              <Flex vertical gap={4} style={{ marginTop: 4 }}>
                {result.chats.map((c) => (
                  <Checkbox
                    key={`${c.channel}-${c.chatId}`}
                    checked={chats.includes(c.chatId)}
                    disabled={c.reason !== null}
                    onChange={(e) => setChats((cur) => (e.target.checked ? [...cur, c.chatId] : cur.filter((x) => x !== c.chatId)))}
                    data-testid={`sim-send-chat-${c.chatId}`}
                  >
                    {l(channelDef(c.channel).name)} · {c.name}
                    {c.reason ? ` (${t('sendTest.chatOff', { reason: tr(`simulator.reason.${c.reason}`) })})` : ''}
                  </Checkbox>
                ))}
              </Flex>
            </>
          )}
        </div>
      </Modal>
      {sent && (
        <Typography.Text type={sent.duplicate ? 'warning' : 'success'} data-testid="sim-sent">
          {sent.duplicate ? t('sendTest.duplicate') : t('sendTest.sent', { count: sent.deliveries })}{' '}
          <Typography.Link onClick={() => void navigate('/deliveries')}>{t('sendTest.openLog')}</Typography.Link>
        </Typography.Text>
      )}
    </Flex>
  );
}
