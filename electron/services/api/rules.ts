import type { rulesMethods } from '../../../shared/contract/rules.js';
import type { DmsEvent } from '../../../shared/events/dms-event.js';
import type { AppServices } from '../app.js';
import { planWithLookups } from '../directory/plan-with-lookups.js';
import type { Handlers } from './dispatch.js';

export function rulesHandlers(s: AppServices): Pick<Handlers, keyof typeof rulesMethods> {
  const { rules, directory } = s.delivery;
  const list = () => ({ rules: rules.views() });
  return {
    'rules.list': async () => list(),
    'rules.save': async ({ rule, previous }) => {
      rules.save(rule, previous);
      return list();
    },
    'rules.delete': async ({ key }) => {
      rules.delete(key);
      return list();
    },
    'rules.setEnabled': async ({ key, enabled }) => {
      rules.setEnabled(key, enabled);
      return list();
    },
    'rules.simulate': async (input) => {
      const event: DmsEvent =
        'event' in input
          ? input.event
          : {
              submitterUid: input.submitterUid,
              submitterName: '',
              category: input.module,
              module: input.businessType,
              event: input.status,
              taskId: 'simulation',
              taskName: '',
              eventTime: new Date().toISOString(),
              message: '',
              targetUsers: input.eventUsers.map((uid) => ({ uid, name: '' })),
              receivers: [],
            };
      return planWithLookups(event, s.settings.read(), directory);
    },
  };
}
