import type { senderMethods } from '../../../shared/contract/sender.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function senderHandlers(s: AppServices): Pick<Handlers, keyof typeof senderMethods> {
  const { control, intake } = s.delivery;
  return {
    'events.notify': async ({ event, idempotencyKey }, ctx) =>
      intake.accept(event, { source: ctx.transport === 'cli' ? 'cli' : 'api', ...(idempotencyKey ? { idempotencyKey } : {}) }),
    'sender.status': async () => control.status(),
    'sender.pause': async () => control.pause(),
    'sender.resume': async () => control.resume(),
    'sender.events': async (input) => control.events(input),
    'sender.deliveries': async ({ eventId }) => control.deliveries(eventId),
    'sender.stats': async (input) => control.stats(input),
    'sender.retry': async ({ deliveryIds }) => control.retry(deliveryIds),
    'sender.retryAllFailed': async () => control.retry('all-dead'),
    'sender.discard': async ({ deliveryIds }) => control.discard(deliveryIds),
    'sender.exportCsv': async (filter) => control.exportCsv(filter),
  };
}
