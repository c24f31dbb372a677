import type { rulesMethods } from '../../../shared/contract/rules.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function rulesHandlers(s: AppServices): Pick<Handlers, keyof typeof rulesMethods> {
  const { rules } = s.delivery;
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
    'rules.simulate': async (input) => s.delivery.simulate(input),
    'rules.reminderDefaults': async () => ({ defaults: rules.reminderDefaults() }),
    'rules.saveReminderDefaults': async ({ defaults }) => ({ defaults: rules.saveReminderDefaults(defaults) }),
  };
}
