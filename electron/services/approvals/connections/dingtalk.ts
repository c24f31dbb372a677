import type { DWClientDownStream } from 'dingtalk-stream';
import { text, type LocalizedText } from '../../../../shared/i18n-text.js';
import type {
  IncomingPress,
  LongConnection,
  LongConnectionFactory,
  LongConnectionOptions,
  LongConnectionPhase,
  LongConnectionState,
  PressReply,
} from '../../platforms/approval-cards.js';
import { createPlatformCore } from '../../platforms/client.js';
import { isPlatformError, platformFailure } from '../../platforms/errors.js';
import type { PlatformFailure } from '../../platforms/types.js';
import { CARD_CALLBACK_TOPIC, FAILED_REPLY, SUBMITTING_REPLY, callbackResponse, parseCardCallback } from './dingtalk-card-callback.js';
import { ChannelStreamClient, REAL_TIMERS, type StreamTimers } from './dingtalk-stream-client.js';

export interface Backoff {
  /** First retry after a failure or a drop. */
  readonly baseMs: number;
  /** Doubling stops here. */
  readonly maxMs: number;
  /** At least this long after an error retrying cannot fix (wrong secret, Stream not set up): no hot loop. */
  readonly permanentMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, maxMs: 60_000, permanentMs: 5 * 60_000 };

/** The wait before the next attempt after `failures` failed attempts or drops in a row (≥ 1). */
export function retryDelayMs(failures: number, permanent: boolean, b: Backoff = DEFAULT_BACKOFF): number {
  const doubled = Math.min(b.maxMs, b.baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return permanent ? Math.max(doubled, b.permanentMs) : doubled;
}

/** Knobs for tests; the defaults are the product's. */
export interface StreamTuning {
  readonly timers?: StreamTimers;
  readonly backoff?: Backoff;
  /** The SDK's keepAlive period (8 s). */
  readonly heartbeatMs?: number;
  /** Answer "Submitting…" when the press handler has not settled by then (DingTalk waits about 3 s). */
  readonly replyDeadlineMs?: number;
  /** A connection that stayed up this long resets the backoff. */
  readonly stableMs?: number;
}

/** A failure shown on Home / the channel card: what happened and what to do, in both languages. */
const describe = (f: PlatformFailure): LocalizedText =>
  text(`${f.explanation.message.en} ${f.explanation.fix.en}`, `${f.explanation.message.zh}${f.explanation.fix.zh}`);

/**
 * DingTalk / DingTalk Enterprise Stream mode for approve-from-chat: one outbound WebSocket per channel receives the
 * card button callbacks (topic /v1.0/card/instances/callback), answers each within ~3 s with the press handler's reply
 * (or "Submitting…"), reconnects with backoff, and reports its state.
 */
export function createDingtalkStream(opts: LongConnectionOptions, tuning: StreamTuning = {}): LongConnection {
  const now = opts.now ?? Date.now;
  const timers = tuning.timers ?? REAL_TIMERS;
  const backoff = tuning.backoff ?? DEFAULT_BACKOFF;
  const replyDeadlineMs = tuning.replyDeadlineMs ?? 2700;
  const stableMs = tuning.stableMs ?? 30_000;
  const { channel } = opts.config;

  let current: LongConnectionState = { channel, phase: 'off', since: now(), lastCallbackAt: null, lastError: null, reconnects: 0 };
  let running = false;
  let client: ChannelStreamClient | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let attempt: Promise<void> | null = null;
  let abort: AbortController | null = null;
  let failures = 0;
  let connectedAt = 0;
  const replyTimers = new Set<NodeJS.Timeout>();

  const update = (patch: Partial<Omit<LongConnectionState, 'channel' | 'since'>> & { phase?: LongConnectionPhase }): void => {
    const phaseChanged = patch.phase !== undefined && patch.phase !== current.phase;
    current = { ...current, ...patch, ...(phaseChanged ? { since: now() } : {}) };
    opts.onState(current);
  };

  const fail = (failure: PlatformFailure): void => {
    failures += 1;
    update({ phase: 'failing', lastError: describe(failure) });
    schedule(retryDelayMs(failures, !failure.retryable, backoff));
  };

  const schedule = (delay: number): void => {
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      update({ reconnects: current.reconnects + 1 });
      connect();
    }, delay);
  };

  const connect = (): void => {
    const c = client;
    if (!running || c === null) return;
    const controller = new AbortController();
    abort = controller;
    attempt = (async () => {
      try {
        await c.open(controller.signal);
      } catch (err) {
        if (running) fail(failureOf(err));
        return;
      }
      if (!running) return;
      connectedAt = now();
      update({ phase: 'connected', lastError: null });
    })();
  };

  const failureOf = (err: unknown): PlatformFailure =>
    // The gateway call fails as an explained PlatformError; anything else is the WebSocket stage.
    isPlatformError(err) ? err.failure : platformFailure({ channel, code: 'streamHandshake', appId: opts.config.appKey });

  const onDrop = (): void => {
    if (!running) return;
    if (now() - connectedAt >= stableMs) failures = 0;
    failures += 1;
    update({ phase: 'connecting', lastError: describe(platformFailure({ channel, code: 'streamDropped' })) });
    schedule(retryDelayMs(failures, false, backoff));
  };

  /**
   * DingTalk rotates connections: it says `disconnect` and closes the socket about 10 s later. Moving to a new one
   * at once, without counting it as a failure, keeps the gap short; callbacks not yet acknowledged on the old socket
   * are pushed again on the new one (and deduplicated by the press handler).
   */
  const onDisconnectNotice = (c: ChannelStreamClient): void => {
    if (!running || retryTimer !== null) return;
    void c.shutdown().then(() => {
      if (!running || retryTimer !== null) return;
      update({ phase: 'connecting', reconnects: current.reconnects + 1 });
      connect();
    });
  };

  const onCallback = async (c: ChannelStreamClient, frame: DWClientDownStream): Promise<void> => {
    const messageId = frame.headers.messageId;
    const receivedAt = now();
    update({ lastCallbackAt: receivedAt });
    const parsed = parseCardCallback(frame.data);
    const respond = (body: unknown): void => {
      try {
        c.socketCallBackResponse(messageId, body);
      } catch {
        // The socket went away meanwhile: DingTalk pushes the callback again on the next connection.
      }
    };
    // Not a card press anyone can act on: acknowledged, so DingTalk does not push it again.
    if (parsed === null) return respond({});
    const press: IncomingPress = {
      channel,
      callbackId: messageId,
      presserId: parsed.presserId,
      value: parsed.value,
      comment: parsed.comment,
      card: { kind: 'dingtalk-card', outTrackId: parsed.outTrackId },
      updateToken: null,
      chatId: parsed.chatId,
      receivedAt,
    };
    let answered = false;
    const answer = (reply: PressReply): void => {
      if (answered) return;
      answered = true;
      timers.clearTimeout(deadline);
      replyTimers.delete(deadline);
      respond(callbackResponse(reply, { inGroup: parsed.chatId !== null }));
    };
    const deadline = timers.setTimeout(() => answer(SUBMITTING_REPLY), replyDeadlineMs);
    replyTimers.add(deadline);
    let reply: PressReply;
    try {
      reply = await opts.onPress(press);
    } catch {
      reply = FAILED_REPLY;
    }
    if (running) answer(reply);
  };

  return {
    start() {
      if (running) return;
      running = true;
      failures = 0;
      update({ phase: 'connecting', lastError: null });
      const { appKey, appSecret } = opts.config;
      if (appKey === '' || appSecret === '') {
        // The SDK refuses to construct without both; nothing to retry until the settings change.
        update({ phase: 'failing', lastError: describe(platformFailure({ channel, code: 'badCredentials', appId: appKey })) });
        return;
      }
      const c = new ChannelStreamClient(createPlatformCore(opts.config), timers, tuning.heartbeatMs ?? 8000);
      c.registerCallbackListener(CARD_CALLBACK_TOPIC, (frame) => void onCallback(c, frame));
      c.onDrop = onDrop;
      c.onDisconnectNotice = () => onDisconnectNotice(c);
      client = c;
      connect();
    },

    async stop() {
      if (!running) return;
      running = false;
      if (retryTimer !== null) timers.clearTimeout(retryTimer);
      retryTimer = null;
      for (const t of replyTimers) timers.clearTimeout(t);
      replyTimers.clear();
      abort?.abort();
      // Closing first ends an attempt still in its WebSocket handshake; the second close catches one that opened meanwhile.
      await client?.shutdown();
      await attempt;
      await client?.shutdown();
      client = null;
      update({ phase: 'off', lastError: null });
    },

    state: () => current,
  };
}

export const dingtalkLongConnection: LongConnectionFactory = (opts) => createDingtalkStream(opts);
