import type { ChannelId } from '../../../../shared/catalog/channels.js';
import { chatIdOf } from '../../../../shared/chats.js';
import type { Language } from '../../../../shared/i18n-text.js';
import { approvalCardBody } from '../../platforms/approval-card-content.js';
import type { SendOutcome, SendRequest } from '../../platforms/types.js';
import type { SqliteApprovalCardStore } from '../outbox/approval-cards-store.js';
import type { DueDelivery, StoredEvent } from '../outbox/types.js';

/** The registry the sender writes each approval card copy into before sending it. */
export type ApprovalCardRegistry = Pick<SqliteApprovalCardStore, 'prepare' | 'attach'>;

/**
 * The deliveries of this event that carry Approve / Reject (when their channel has approve-from-chat): a ticket's
 * pending-approval notification and its reminders, to the approvers DMS named and to the rule's group chats. The rule's
 * additional people, escalations, digests and test sends get the plain message. A press is checked against DMS anyway;
 * this only keeps buttons off messages whose readers are not meant to act.
 */
export function approvalCardDeliveries(stored: StoredEvent, deliveries: readonly DueDelivery[]): DueDelivery[] {
  if (stored.source === 'test' || stored.kind.status !== 'pending-approval') return [];
  if (stored.reminder !== null && stored.reminder.kind !== 'reminder') return [];
  const approvers = new Set(stored.body.targetUsers.map((p) => p.uid));
  return deliveries.filter((d) => chatIdOf(d.recipientUid) !== null || approvers.has(d.recipientUid));
}

/**
 * Sends `req` with its `cardRecipients` as approval cards (each copy registered first, with its nonce, so a press can
 * only ever find a card the registry knows) and the others as the plain message; records where each card landed.
 */
export async function sendWithApprovalCards(
  client: { send(req: SendRequest): Promise<SendOutcome> },
  req: SendRequest,
  opts: {
    readonly channel: ChannelId;
    readonly cardRecipients: ReadonlySet<string>;
    readonly orderId: string;
    readonly lang: Language;
    readonly registry: ApprovalCardRegistry;
    readonly now: () => number;
  },
): Promise<SendOutcome> {
  const withCards = req.recipients.filter((r) => opts.cardRecipients.has(r));
  const plain = req.recipients.filter((r) => !opts.cardRecipients.has(r));
  const body = approvalCardBody(opts.channel, req.message, opts.lang);
  const nonces = new Map<string, string>();
  for (const r of withCards) {
    nonces.set(
      r,
      opts.registry.prepare({ dedupKey: req.dedupKey(r), orderId: opts.orderId, channel: opts.channel, recipient: r, body, now: opts.now() }).nonce,
    );
  }
  const [cards, rest] = await Promise.all([
    withCards.length > 0
      ? client.send({ ...req, recipients: withCards, approval: { body, state: 'pending', nonceFor: (r) => nonces.get(r) ?? '' } })
      : Promise.resolve<SendOutcome>({ delivered: [], failed: [] }),
    plain.length > 0 ? client.send({ ...req, recipients: plain }) : Promise.resolve<SendOutcome>({ delivered: [], failed: [] }),
  ]);
  for (const c of cards.cards ?? []) {
    const nonce = nonces.get(c.recipient);
    if (nonce) opts.registry.attach(nonce, c.ref, opts.now());
  }
  return { delivered: [...cards.delivered, ...rest.delivered], failed: [...cards.failed, ...rest.failed], cards: cards.cards ?? [] };
}
