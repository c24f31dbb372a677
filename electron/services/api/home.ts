import type { homeMethods } from '../../../shared/contract/home.js';
import type { AppServices } from '../app.js';
import { createHomeService } from '../home/checklist.js';
import type { Handlers } from './dispatch.js';

export function homeHandlers(s: AppServices): Pick<Handlers, keyof typeof homeMethods> {
  const home = createHomeService({
    guideProgress: (channel) => s.guide.get(channel).progress,
    channels: () => s.channels.list(),
    users: () => s.directory.list().users,
    rules: () => s.delivery.rules.list(),
    deliveryCounts: () => {
      const c = s.delivery.outbox.log.counts();
      return { sent: c.sent, dead: c.dead };
    },
    health: () => s.health.get(),
  });
  return {
    'home.checklist': () => home.checklist(),
  };
}
