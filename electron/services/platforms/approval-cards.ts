import type { ChannelId } from '../../../shared/catalog/channels.js';
import type { LocalizedText } from '../../../shared/i18n-text.js';
import type { CardRef } from './approval-card-types.js';
import type { PlatformConfig } from './protocol.js';

// The seams between the three parts of "approve from the chat card" (issue 19): the long connections that
// receive a press (approvals/connections/), the press handler that acts on it (approvals/), and the platform
// calls that change a sent card (platforms/). Each part is built and tested against these types alone.

/** Where a sent copy of an approval card lives (defined in approval-card-types.ts, a leaf, so platforms/types.ts can use it). */
export type { CardRef };

/** One press of a card button, as a long connection received it. Nothing here is trusted but the platform's own fields. */
export interface IncomingPress {
  readonly channel: ChannelId;
  /** The platform's id of this callback (Feishu `event_id`, DingTalk frame `messageId`): re-pushes repeat it. */
  readonly callbackId: string;
  /** The presser as the platform names them: Feishu/Lark `operator.open_id`, DingTalk `userId`. */
  readonly presserId: string;
  /** The button's value / callback params exactly as delivered (expected `{action, nonce}`); validated by the handler. */
  readonly value: unknown;
  /** The comment input's text ('' when none): Feishu/Lark `form_value.comment`, DingTalk params `comment`. */
  readonly comment: string;
  /** This copy of the card (the one pressed). */
  readonly card: CardRef | null;
  /** Feishu/Lark delayed-update token of this callback (30 min, 2 uses); null elsewhere. */
  readonly updateToken: string | null;
  /** The chat the card sits in (Feishu `context.open_chat_id`, DingTalk `spaceId` of an IM_GROUP), if any. */
  readonly chatId: string | null;
  /** Epoch ms when the connection received it. */
  readonly receivedAt: number;
}

/** What the presser sees at once (Feishu/Lark toast; DingTalk: the callback's answer). Already in their language. */
export interface PressReply {
  readonly kind: 'info' | 'success' | 'warning' | 'error';
  readonly text: string;
  /** A replacement card for the pressed copy (Feishu/Lark card JSON 2.0 object / DingTalk cardParamMap), if any. */
  readonly card?: ApprovalCardContent;
}

/** Must settle within 2.5 s (platforms give 3 s): record the press durably, answer, and act afterwards. */
export type PressHandler = (press: IncomingPress) => Promise<PressReply>;

/** The content that replaces a card: Feishu/Lark a whole card JSON 2.0 object, DingTalk the template's variables. */
export type ApprovalCardContent =
  | { readonly kind: 'feishu-card'; readonly card: Readonly<Record<string, unknown>> }
  | { readonly kind: 'dingtalk-params'; readonly cardParamMap: Readonly<Record<string, string>> };

/** Changes one sent copy of a card (platforms/); rejects with a PlatformError on failure. */
export type CardUpdater = (config: PlatformConfig, ref: CardRef, content: ApprovalCardContent) => Promise<void>;

export type LongConnectionPhase = 'off' | 'connecting' | 'connected' | 'failing';

/** A channel's long connection as Home, the channel card, `status --json` and /metrics show it. */
export interface LongConnectionState {
  readonly channel: ChannelId;
  readonly phase: LongConnectionPhase;
  /** Epoch ms of the last phase change. */
  readonly since: number;
  readonly lastCallbackAt: number | null;
  /** Why it is not connected (explained, both languages); null while connected or off. */
  readonly lastError: LocalizedText | null;
  readonly reconnects: number;
}

/** One channel's long connection: opens on start, reconnects with backoff by itself, closes on stop. */
export interface LongConnection {
  start(): void;
  stop(): Promise<void>;
  state(): LongConnectionState;
}

export interface LongConnectionOptions {
  readonly config: PlatformConfig;
  readonly onPress: PressHandler;
  readonly onState: (state: LongConnectionState) => void;
  readonly now?: () => number;
}

export type LongConnectionFactory = (opts: LongConnectionOptions) => LongConnection;

/** What the contract handlers need of approve-from-chat (implemented by approvals/, held by AppServices). */
export interface ApprovalsPort {
  /** One state per channel with approve-from-chat on (enabled channels only). */
  connections(): LongConnectionState[];
  /** Sends a card whose button round-trips through the long connection without touching DMS. */
  sendTestCard(input: { readonly channel: ChannelId; readonly uid: string }): Promise<{ readonly ok: boolean; readonly message: LocalizedText }>;
}
