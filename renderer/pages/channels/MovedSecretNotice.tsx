import { Alert, Form, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { channelDef } from '../../../shared/catalog/channels';
import { originChanged, originOf } from '../../../shared/secret-target';
import type { ChannelFormValues, ChannelView } from './model';

/**
 * Says, before the save, that the stored AppSecret must be typed again because an address now
 * points at another origin (the service refuses the save otherwise).
 */
export function MovedSecretNotice({ form, view }: { form: FormInstance<ChannelFormValues>; view: ChannelView }) {
  const { t } = useTranslation('channels');
  const baseUrls = Form.useWatch('baseUrls', form) as ChannelFormValues['baseUrls'] | undefined;
  const typedSecret = Form.useWatch<string | undefined>(['secrets', 'appSecret'], form);
  if (!view.secrets.appSecret?.set || typedSecret) return null;
  const moved = channelDef(view.channel)
    .baseUrls.map((b) => ({ before: view.baseUrls[b.id]?.url ?? b.defaultUrl, after: baseUrls?.[b.id]?.trim() || b.defaultUrl }))
    .find((u) => originChanged(u.before, u.after));
  if (!moved) return null;
  return (
    <Alert type="warning" showIcon title={t('secretMoved', { origin: originOf(moved.after) })} data-testid="secret-moved-notice" style={{ marginBottom: 16 }} />
  );
}
