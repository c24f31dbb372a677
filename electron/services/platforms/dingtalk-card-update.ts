import type { CardUpdater } from './approval-cards.js';
import { createPlatformCore } from './client.js';
import { checkNew } from './dingtalk.js';

/**
 * Changes one sent approval card (DingTalk / DingTalk Enterprise): `PUT /v1.0/card/instances` with the template
 * variables that change (`updateCardDataByKey`, so the others stay). Token refresh, body-level errors and their
 * explanations come from the shared platform core. A 200 answer is `{success, result}` (card_1_0 UpdateCard model);
 * `success: false` means DingTalk did not apply it.
 */
export const updateDingtalkCard: CardUpdater = async (config, ref, content) => {
  if (ref.kind !== 'dingtalk-card' || content.kind !== 'dingtalk-params') {
    throw new TypeError(`updateDingtalkCard: a DingTalk card takes DingTalk params (got ${ref.kind} / ${content.kind})`);
  }
  const core = createPlatformCore(config);
  const body = await core.authed(
    (token) => ({
      method: 'PUT',
      url: `${config.apiBaseUrl}/v1.0/card/instances`,
      headers: { 'x-acs-dingtalk-access-token': token },
      data: { outTrackId: ref.outTrackId, cardData: { cardParamMap: { ...content.cardParamMap } }, cardUpdateOptions: { updateCardDataByKey: true } },
    }),
    (answer) => checkNew(core, answer),
  );
  if (body.success === false) throw core.fail({ code: 'cardUpdateFailed', httpStatus: 200 });
};
