import type { ChannelId } from '../../../shared/catalog/channels.js';
import type { LocalizedText } from '../../../shared/i18n-text.js';

/** What one notification says, before a platform renders it (text / markdown / card). */
export interface OutgoingMessage {
  readonly title: string;
  /** Plain text version, for platforms or fallbacks without markup. */
  readonly text: string;
  /** Markdown version (DingTalk sampleMarkdown, Feishu post). */
  readonly markdown: string;
  /** Link to the ticket in the channel region's DMS console. */
  readonly link?: string;
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
}

export interface SendOutcome {
  readonly delivered: readonly string[];
  readonly failed: readonly { readonly recipient: string; readonly failure: PlatformFailure }[];
}
