import { channelDef, type ChannelId, type PlatformProtocol } from '../../../shared/catalog/channels.js';
import type { ApprovalCard } from '../delivery/index.js';
import { loggableError } from '../log/loggable-error.js';
import { approvalCardContent, type ApprovalCardView } from '../platforms/approval-card-content.js';
import type { ApprovalCardContent, CardUpdater } from '../platforms/approval-cards.js';
import type { PlatformConfig } from '../platforms/protocol.js';

/** How a registry row looks as a card now. */
export const viewOf = (c: ApprovalCard): ApprovalCardView => ({ body: c.body, nonce: c.nonce, state: c.state, statusText: c.statusText });

export const contentOf = (c: ApprovalCard): ApprovalCardContent => approvalCardContent(channelDef(c.channel).protocol, viewOf(c));

/** Changes sent copies to how the registry says they look now. Never throws: a copy that cannot be changed is logged. */
export type CardSync = (cards: readonly ApprovalCard[]) => Promise<void>;

export function createCardSync(deps: {
  readonly config: (channel: ChannelId) => Promise<PlatformConfig | null>;
  readonly updaters: Partial<Record<PlatformProtocol, CardUpdater>>;
  readonly log: (line: string) => void;
}): CardSync {
  return async (cards) => {
    await Promise.all(
      cards.map(async (card) => {
        if (card.ref === null) return;
        const protocol = channelDef(card.channel).protocol;
        const update = deps.updaters[protocol];
        if (!update) {
          deps.log(`approvals: no card updater for ${protocol}; copy ${card.channel}/${card.recipient} keeps its old look`);
          return;
        }
        try {
          const config = await deps.config(card.channel);
          if (!config) {
            deps.log(`approvals: ${card.channel} is not configured; copy ${card.recipient} keeps its old look`);
            return;
          }
          await update(config, card.ref, contentOf(card));
        } catch (err) {
          deps.log(`approvals: updating a ${card.channel} card for ticket ${card.orderId} failed: ${loggableError(err)}`);
        }
      }),
    );
  };
}
