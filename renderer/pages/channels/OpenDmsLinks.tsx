import { Alert, Form, Input, Radio, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { channelDef, type ChannelId } from '../../../shared/catalog/channels';
import { homepageUrl, isRegionSupported } from '../../../shared/catalog/regions';
import { canUseMicroApp, checkHomepageUrl, checkTicketLinkPattern, normalizeHomepageUrl, TICKET_ID_PLACEHOLDER } from '../../../shared/dms-links';
import { useLocalized } from '../../i18n/LanguageProvider';
import type { ChannelFormValues } from './model';
import { channelSaveInputSchema } from '../../../shared/contract/channels';
import { textLimit } from '../../ui/text-limit';

/** The homepage the form's values point at: the typed override when valid, else the chosen region's. */
function formHomepage(channel: ChannelId, region: string | null | undefined, override: string | undefined): string | null {
  const typed = override?.trim() ?? '';
  if (typed !== '') return checkHomepageUrl(typed) ? null : normalizeHomepageUrl(typed);
  return region && isRegionSupported(channel, region) ? homepageUrl(region) : null;
}

/**
 * Where "Open DMS" in messages goes (the DMS homepage, or a known ticket link pattern) and, on DingTalk, whether it opens
 * as a link or as the DMS app. Checked with the same rules as channels.save (shared/dms-links.ts).
 */
export function OpenDmsLinks({ form, channel }: { form: FormInstance<ChannelFormValues>; channel: ChannelId }) {
  const { t } = useTranslation('channels');
  const localize = useLocalized();
  const dingtalk = channelDef(channel).protocol === 'dingtalk';
  const region = Form.useWatch('region', form);
  const override = Form.useWatch(['links', 'dmsHomepageUrl'], form);
  const corpId = Form.useWatch(['values', 'corpId'], form);
  const agentId = Form.useWatch(['values', 'agentId'], form);
  const defaultHome = region && isRegionSupported(channel, region) ? homepageUrl(region) : undefined;
  const microApp = canUseMicroApp({ corpId: corpId?.trim(), agentId: agentId?.trim() });

  return (
    <>
      <Typography.Paragraph type="secondary" data-testid="links-help">
        {t(dingtalk ? 'links.helpDingtalk' : 'links.helpFeishu')}
      </Typography.Paragraph>
      <Form.Item
        name={['links', 'dmsHomepageUrl']}
        label={t('links.homepage')}
        extra={t('links.homepageHelp')}
        rules={[
          {
            validator: (_, v: string | undefined) =>
              v?.trim() && checkHomepageUrl(v.trim()) ? Promise.reject(new Error(localize(checkHomepageUrl(v.trim())!))) : Promise.resolve(),
          },
        ]}
      >
        <Input
          placeholder={defaultHome ?? t('links.homepagePlaceholder')}
          data-testid="links-homepage"
          autoComplete="off"
          spellCheck={false}
          {...textLimit(channelSaveInputSchema.shape.links)}
        />
      </Form.Item>
      <Form.Item
        name={['links', 'ticketLinkPattern']}
        label={t('links.pattern')}
        extra={t('links.patternHelp', { placeholder: TICKET_ID_PLACEHOLDER })}
        dependencies={['region', ['links', 'dmsHomepageUrl']]}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, v: string | undefined) => {
              if (!v?.trim()) return Promise.resolve();
              const home = formHomepage(
                channel,
                getFieldValue('region') as string | undefined,
                getFieldValue(['links', 'dmsHomepageUrl']) as string | undefined,
              );
              const problem = checkTicketLinkPattern(v.trim(), home);
              return problem ? Promise.reject(new Error(localize(problem))) : Promise.resolve();
            },
          }),
        ]}
      >
        <Input
          placeholder={`${formHomepage(channel, region, override) ?? 'https://…'}/…${TICKET_ID_PLACEHOLDER}`}
          data-testid="links-pattern"
          autoComplete="off"
          spellCheck={false}
          {...textLimit(channelSaveInputSchema.shape.links)}
        />
      </Form.Item>
      {dingtalk && (
        <Form.Item
          name={['links', 'dingtalkOpen']}
          label={t('links.openIn')}
          dependencies={[
            ['values', 'corpId'],
            ['values', 'agentId'],
          ]}
          rules={[
            {
              validator: (_, v: string | undefined) =>
                v === 'micro-app' && !microApp ? Promise.reject(new Error(t('links.microAppNeeds'))) : Promise.resolve(),
            },
          ]}
          extra={!microApp ? t('links.microAppNeeds') : undefined}
        >
          <Radio.Group data-testid="links-open">
            <Radio value="page-link">{t('links.pageLink')}</Radio>
            <Radio value="micro-app" disabled={!microApp}>
              {t('links.microApp')}
            </Radio>
          </Radio.Group>
        </Form.Item>
      )}
      <Alert type="warning" showIcon title={t('links.unverified')} data-testid="links-unverified" />
    </>
  );
}
