import { Button, Flex, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { MethodInput } from '../../../shared/contract/index';
import type { Simulation } from '../../../shared/contract/rules';
import { api, useAction } from '../../api';
import { useShowError } from '../../ui/errors';

/** "Send this event for real": the simulated event goes through the real intake, logged as a test. */
export function SendForReal({ input, result }: { input: MethodInput<'events.sendTest'>; result: Simulation }) {
  const { t } = useTranslation('messages');
  const navigate = useNavigate();
  const showError = useShowError();
  const send = useAction(() => api['events.sendTest'](input));
  const [sent, setSent] = useState<{ deliveries: number; duplicate: boolean } | null>(null);
  const recipients = result.channels.reduce((n, c) => n + (c.used ? c.recipients.length : 0), 0);

  const go = async () => {
    try {
      setSent(await send.run());
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Flex gap={12} align="center" wrap style={{ marginTop: 12 }}>
      <Popconfirm title={t('sendTest.confirm', { count: recipients })} onConfirm={() => void go()}>
        <Button disabled={!result.willSend} loading={send.pending} data-testid="sim-send">
          {t('sendTest.button')}
        </Button>
      </Popconfirm>
      {sent && (
        <Typography.Text type={sent.duplicate ? 'warning' : 'success'} data-testid="sim-sent">
          {sent.duplicate ? t('sendTest.duplicate') : t('sendTest.sent', { count: sent.deliveries })}{' '}
          <Typography.Link onClick={() => void navigate('/deliveries')}>{t('sendTest.openLog')}</Typography.Link>
        </Typography.Text>
      )}
    </Flex>
  );
}
