import { text } from '../../shared/i18n-text';

/** What every page says when the service does not answer (a failed call, the shell's banner). */
export const UNREACHABLE = text('Channel Desk’s service cannot be reached.', '无法连接 Channel Desk 服务。');
export const UNREACHABLE_FIX = text(
  'Check that `channel-desk serve` (or the app) is still running, then reload this page.',
  '请确认 `channel-desk serve`（或应用）仍在运行，然后刷新本页面。',
);
