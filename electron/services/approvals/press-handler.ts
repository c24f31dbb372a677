import { z } from 'zod';
import type { ChannelId } from '../../../shared/catalog/channels.js';
import { pick, type Language, type LocalizedText } from '../../../shared/i18n-text.js';
import type { ApprovalCard, ApprovalPress, ApprovalRecord, SqliteApprovalCardStore, SqliteApprovalStore } from '../delivery/index.js';
import type { PressResult } from '../dms/approve-ticket.js';
import type { IncomingPress, PressHandler, PressReply } from '../platforms/approval-cards.js';
import { contentOf, type CardSync } from './card-sync.js';
import { expiredLine, lateNotice, outcomeLine, PRESS_TEXT, testLine } from './press-texts.js';

/** The button's value as Channel Desk sends it (AX-COMMON.md); anything else is refused. */
const valueSchema = z.object({ action: z.enum(['approve', 'reject']), nonce: z.string().min(8).max(200) });

/** Platforms give 3 s: what is not known by then is answered "Submitting…" and told later. */
export const ANSWER_WITHIN_MS = 2_000;
/** Re-pushes of one callback come within about a minute; remembered a while longer. */
const CALLBACK_MEMORY_MS = 10 * 60_000;
const CALLBACK_MEMORY_MAX = 5_000;

export interface PressHandlerDeps {
  readonly cards: Pick<SqliteApprovalCardStore, 'get' | 'settleTicket' | 'setState'>;
  /** ApproveTicketService.press: claims durably first (synchronously), then checks DMS and acts. */
  readonly approve: (press: ApprovalPress) => Promise<PressResult>;
  /** The press audit, for presses refused before DMS is asked (an expired card). */
  readonly audit?: Pick<SqliteApprovalStore, 'claim' | 'finish' | 'recordDuplicate'>;
  /** The directory users whose lookup on this channel gave this platform id. */
  readonly people: (channel: ChannelId, platformUserId: string) => readonly { readonly uid: string; readonly name: string }[];
  /** The channel's notify language: what its people read. */
  readonly language: (channel: ChannelId) => Language;
  readonly syncCards: CardSync;
  /** A direct message to the presser (a refusal or failure known only after the answer went). */
  readonly tell: (channel: ChannelId, platformUserId: string, text: string) => Promise<void>;
  readonly now: () => number;
  readonly log: (line: string) => void;
  /** After every press (the UI refreshes the audit and the connection's last callback). */
  readonly onPress?: () => void;
  readonly answerWithinMs?: number;
}

type Outcome = { readonly reply: PressReply; readonly late: () => Promise<void> };

/**
 * What a card button press does. Trusts nothing but the platform's presser id and the registry: the value only names a
 * card (nonce) and an action; the presser must be exactly one person of the users directory on that channel; DMS then
 * decides (ApproveTicketService: durable claim, fresh handler check, ApproveOrder as their UID). Answers within
 * ANSWER_WITHIN_MS; every copy of the ticket's card shows the outcome afterwards.
 */
export function createPressHandler(deps: PressHandlerDeps): PressHandler {
  const seen = new Map<string, { at: number; reply: Promise<PressReply> }>();
  const within = deps.answerWithinMs ?? ANSWER_WITHIN_MS;

  const remember = (key: string, reply: Promise<PressReply>): void => {
    const now = deps.now();
    for (const [k, v] of seen) {
      if (seen.size < CALLBACK_MEMORY_MAX && now - v.at < CALLBACK_MEMORY_MS) break;
      seen.delete(k);
    }
    seen.set(key, { at: now, reply });
  };

  return (press) => {
    // A re-push of the same callback gets the same answer and does nothing twice.
    const key = `${press.channel}/${press.callbackId}`;
    const known = seen.get(key);
    if (known && press.callbackId !== '') return known.reply;
    const reply = handle(press).catch((err: unknown): PressReply => {
      deps.log(`approvals: a ${press.channel} press could not be handled: ${err instanceof Error ? err.message : String(err)}`);
      return { kind: 'error', text: pick(PRESS_TEXT.failedToRecord, deps.language(press.channel)) };
    });
    if (press.callbackId !== '') remember(key, reply);
    void reply.finally(() => deps.onPress?.());
    return reply;
  };

  async function handle(press: IncomingPress): Promise<PressReply> {
    const lang = deps.language(press.channel);
    const say = (t: LocalizedText): string => pick(t, lang);
    const value = valueSchema.safeParse(press.value);
    if (!value.success) return { kind: 'error', text: say(PRESS_TEXT.badButton) };
    const card = deps.cards.get(value.data.nonce);
    if (!card || card.channel !== press.channel) return { kind: 'error', text: say(PRESS_TEXT.unknownCard) };
    const now = deps.now();
    const person = personOf(press);

    if (card.state === 'test') {
      const shown = deps.cards.setState(card.nonce, 'test', testLine(person?.name ?? press.presserId, now, card.body.lang), now) ?? card;
      return { kind: 'success', text: say(PRESS_TEXT.testWorks), card: contentOf(shown) };
    }
    if (card.state === 'approved' || card.state === 'rejected') return { kind: 'info', text: card.statusText, card: contentOf(card) };
    const pressed: ApprovalPress = {
      cardNonce: card.nonce,
      action: value.data.action,
      pressedAt: press.receivedAt,
      platform: press.channel,
      presserId: press.presserId,
      dmsUserId: null,
      dmsUid: person?.uid ?? null,
      orderId: card.orderId,
      comment: press.comment,
    };
    if (card.state === 'expired' || now >= card.expiresAt) {
      auditRefusal(pressed, 'expired', PRESS_TEXT.expired, now);
      const shown = card.state === 'expired' ? card : (deps.cards.setState(card.nonce, 'expired', expiredLine(card.expiresAt, card.body.lang), now) ?? card);
      return { kind: 'warning', text: say(PRESS_TEXT.expired), card: contentOf(shown) };
    }

    // Claimed synchronously inside approve() before its first DMS call: the press is durable from here on.
    const work = deps.approve(pressed).then((result) => outcomeOf(result, card, person?.name ?? press.presserId, lang));

    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), within)));
    const first = await Promise.race([work, late]).finally(() => clearTimeout(timer));
    if (first) {
      void first.late();
      return first.reply;
    }
    // Too slow for the answer: say "Submitting…"; the cards and, for a refusal or failure, a message follow.
    void work
      .then(async (o) => {
        await o.late();
        if (o.reply.kind === 'warning' || o.reply.kind === 'error') {
          await deps.tell(press.channel, press.presserId, lateNotice(card.orderId, o.reply.text, lang));
        }
      })
      .catch((err: unknown) => deps.log(`approvals: finishing a ${press.channel} press failed: ${err instanceof Error ? err.message : String(err)}`));
    return { kind: 'info', text: say(PRESS_TEXT.submitting) };
  }

  /** Every press is audited: one refused before DMS is asked gets its row too (claimed and finished at once). */
  function auditRefusal(p: ApprovalPress, reason: string, message: LocalizedText, at: number): void {
    if (!deps.audit) return;
    const { claimed, record } = deps.audit.claim(p);
    if (claimed) deps.audit.finish(record.id, { outcome: 'refused', reason, message, requestId: null, at });
    else deps.audit.recordDuplicate(p, record, record.state === 'done' ? 'already-acted' : 'in-progress', at);
  }

  /** The one directory person this platform id belongs to on the channel; none or several = not linked. */
  function personOf(press: IncomingPress): { uid: string; name: string } | null {
    const found = deps.people(press.channel, press.presserId);
    return found.length === 1 ? found[0]! : null;
  }

  function outcomeOf(result: PressResult, card: ApprovalCard, name: string, lang: Language): Outcome {
    const say = (t: LocalizedText): string => pick(t, lang);
    const nothingLate = (): Promise<void> => Promise.resolve();
    const decided = (r: ApprovalRecord): Outcome => {
      const settled = settleDecided(deps.cards, r, name, deps.now());
      const pressed = settled.find((c) => c.nonce === card.nonce) ?? deps.cards.get(card.nonce) ?? card;
      return {
        reply: { kind: 'success', text: say(r.outcome === 'approved' ? PRESS_TEXT.approved : PRESS_TEXT.rejected), card: contentOf(pressed) },
        late: () => deps.syncCards(settled),
      };
    };
    const r = result.record;
    if (r.outcome === 'duplicate') {
      const original = result.original;
      if (original?.state === 'claimed') return { reply: { kind: 'info', text: say(PRESS_TEXT.inProgress) }, late: nothingLate };
      const now = deps.cards.get(card.nonce) ?? card;
      return { reply: { kind: 'info', text: now.statusText || say(PRESS_TEXT.inProgress), card: contentOf(now) }, late: nothingLate };
    }
    if (r.outcome === 'approved' || r.outcome === 'rejected') return decided(r);
    // Refused, failed, or no answer from DMS: nothing changed that we know of; say why.
    const message = r.message ?? PRESS_TEXT.unknownOutcome;
    return { reply: { kind: r.outcome === 'failed' ? 'error' : 'warning', text: say(message) }, late: nothingLate };
  }
}

/** Every still-pending copy of a decided press's ticket takes the outcome line (each in its own language). */
export function settleDecided(cards: Pick<SqliteApprovalCardStore, 'settleTicket'>, r: ApprovalRecord, name: string, now: number): ApprovalCard[] {
  const outcome = r.outcome === 'approved' ? 'approved' : 'rejected';
  const at = r.finishedAt ?? now;
  return cards.settleTicket(r.orderId, outcome, (c) => outcomeLine(outcome, name, r.comment, at, c.body.lang), now);
}
