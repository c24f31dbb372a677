import type { ChannelId } from '../../../shared/catalog/channels.js';
import type { LocalizedText } from '../../../shared/i18n-text.js';
import type { ApprovalCardBody, CardRef } from './approval-card-types.js';

/** What one notification says, before a platform renders it (text / markdown / card). */
export interface OutgoingMessage {
  readonly title: string;
  /** Plain text version, for platforms or fallbacks without markup. */
  readonly text: string;
  /** Markdown version (DingTalk sampleMarkdown, Feishu post). */
  readonly markdown: string;
  /** "Open DMS", already in the platform's open-in-app form (shared/dms-links.ts): never wrap it again. */
  readonly link?: string;
  /** Per-client forms of `link` for a card button (Feishu/Lark `multi_url`); absent = `link` on every client. */
  readonly openUrls?: { readonly pc: string; readonly mobile: string };
  /** The link's label in the notification language ("Open DMS" / "打开 DMS"). */
  readonly linkLabel?: string;
  /** Variables for the card template when one is configured (string values only). */
  readonly cardParams?: Readonly<Record<string, string>>;
}

/** The typed failure of any platform call. Never carries a secret or a token. */
export interface PlatformFailure {
  readonly channel: ChannelId;
  /** The platform's own code as a string: "99991672", "Forbidden.AccessDenied...", "timeout", "network". */
  readonly code: string;
  readonly httpStatus: number | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly missingScopes: readonly string[];
  readonly explanation: {
    readonly message: LocalizedText;
    readonly fix: LocalizedText;
    /** Console page to open for the fix, if any. */
    readonly consoleUrl: string | null;
  };
  /** Sub-code when the platform nests one (DingTalk 88 sub_code, Feishu 230099 ErrCode). */
  readonly subCode?: string;
  /** The platform's own message (redacted), for logs and support. */
  readonly detail?: string;
  readonly requestId?: string;
}

export interface SendRequest {
  /** Platform user ids (DingTalk userId, Feishu/Lark open_id). */
  readonly recipients: readonly string[];
  readonly message: OutgoingMessage;
  /**
   * Stable per (event, recipient) across retries; used as Feishu/Lark `uuid` (≤ 50 chars) and
   * DingTalk card `outTrackId`, so a retry never posts twice where the platform can prevent it.
   */
  readonly dedupKey: (recipient: string) => string;
  readonly signal?: AbortSignal;
  /**
   * How to render: 'auto' (default) = the card template when one is configured, else markdown
   * (DingTalk sampleMarkdown / Feishu post); 'text' forces plain text.
   */
  readonly format?: MessageFormat;
  /**
   * Approve / Reject on the card (approve from chat): every recipient's copy is an approval card with its own nonce
   * (Feishu/Lark a card built in code, DingTalk the channel's approval card template); the message's other forms are unused.
   */
  readonly approval?: ApprovalCardRequest;
}

export interface ApprovalCardRequest {
  readonly body: ApprovalCardBody;
  /** `test`: the settings' test card, whose press never reaches DMS. */
  readonly state: 'pending' | 'test';
  /** The opaque nonce of this recipient's copy (the same on a retry). */
  nonceFor(recipient: string): string;
}

export type MessageFormat = 'auto' | 'text' | 'markdown' | 'card';

export interface SendOutcome {
  readonly delivered: readonly string[];
  readonly failed: readonly { readonly recipient: string; readonly failure: PlatformFailure }[];
  /** Where each delivered approval card copy lives (requests with `approval` only). */
  readonly cards?: readonly { readonly recipient: string; readonly ref: CardRef }[];
}

/** A contact to look up: DMS users are known by mobile and/or e-mail. */
export interface Contact {
  readonly mobile?: string;
  readonly email?: string;
}

export type LookupStatus = 'found' | 'not_found' | 'error';

export interface LookupResult {
  readonly contact: Contact;
  readonly status: LookupStatus;
  /** DingTalk userId / Feishu-Lark open_id, when found. */
  readonly userId?: string;
  /** Why not found / what failed (explained). */
  readonly failure?: PlatformFailure;
}

export interface TokenInfo {
  readonly expiresAt: number;
  /** The platform's Date header, for clock-skew checks. */
  readonly serverDate: string | null;
  /** True when this call fetched from the platform rather than the cache. */
  readonly fresh: boolean;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/** A group chat the app's bot is in (Feishu/Lark chat list). */
export interface PlatformChat {
  readonly chatId: string;
  readonly name: string;
}

/** One channel's platform client. Every method throws PlatformError (never a raw axios error). */
export interface PlatformClient {
  readonly channel: ChannelId;
  /** Fetches (or reuses) the app token; `force` bypasses the cache. */
  token(opts?: CallOptions & { readonly force?: boolean }): Promise<TokenInfo>;
  /** Platform user ids for contacts (per-contact results; whole-call failures throw). */
  lookup(contacts: readonly Contact[], opts?: CallOptions): Promise<LookupResult[]>;
  /** Sends one message to users; per-recipient failures are in the outcome, whole-call ones throw. */
  send(req: SendRequest): Promise<SendOutcome>;
  /** A harmless call that needs the lookup scope: proves the permission without side effects. */
  probe(opts?: CallOptions): Promise<void>;
  /** The group chats the bot is in; null where the platform offers no such list (DingTalk). */
  listChats(opts?: CallOptions): Promise<PlatformChat[]> | null;
}
