import { App, Button } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useCallback, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { checkExternalLink } from '../../shared/external-links';
import { api, transport } from '../api';
import { useShowError } from './errors';

/**
 * Opens a console/doc link outside the app, only when the shared allowlist accepts it. In Electron
 * the main process opens it (it re-checks the allowlist); in the browser a new tab without opener.
 */
export function useOpenExternal(): (url: string) => Promise<void> {
  const { message } = App.useApp();
  const { t } = useTranslation('guide');
  const showError = useShowError();
  return useCallback(
    async (url: string) => {
      const check = checkExternalLink(url);
      if (!check.allowed) {
        void message.error(t('linkRefused'));
        return;
      }
      if (transport.kind === 'http') {
        // Synchronously, while the click still counts as a user gesture for the popup blocker.
        window.open(check.url, '_blank', 'noopener,noreferrer');
        return;
      }
      try {
        const res = await api['app.openExternal']({ url: check.url });
        if (!res.allowed) void message.error(t('linkRefused'));
      } catch (err) {
        showError(err);
      }
    },
    [message, t, showError],
  );
}

export function ExternalLinkButton({ url, children, testId }: { url: string; children: ReactNode; testId?: string }) {
  const open = useOpenExternal();
  return (
    <Button type="link" icon={<ExportOutlined />} onClick={() => void open(url)} data-testid={testId} data-href={url}>
      {children}
    </Button>
  );
}
