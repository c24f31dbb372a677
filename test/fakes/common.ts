import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A user of the fake tenant/organization. */
export interface FakeUser {
  /** DingTalk userId / Feishu user_id (employee id). */
  readonly id: string;
  readonly mobile?: string;
  readonly email?: string;
  /** In the app's availability (Feishu) / visibility range (DingTalk); default true. */
  readonly inAvailability?: boolean;
  /** Feishu only: inside the app's contact data scope, so batch_get_id returns an id; default true. */
  readonly inContactScope?: boolean;
  /** DingTalk Exclusive: the user is an exclusive account (found only with support_exclusive_account_search). */
  readonly exclusive?: boolean;
}

/** A group chat of the fake tenant (Feishu chat_id `oc_…` / DingTalk openConversationId `cid…`). */
export interface FakeChat {
  readonly chatId: string;
  readonly name: string;
  /** The app's bot is a member (default true); false = "bot not in the chat". */
  readonly botMember?: boolean;
  readonly dissolved?: boolean;
  /** The bot may post (default true); false = no permission (Feishu 230027, external chat). */
  readonly botCanPost?: boolean;
}

export interface FakeApp {
  /** DingTalk AppKey / Feishu-Lark App ID. */
  readonly appId: string;
  readonly secret: string;
  /** Granted scopes; change later with setScopes(). */
  readonly scopes: readonly string[];
  readonly users?: readonly FakeUser[];
  /** DingTalk RobotCode (default: appId). */
  readonly robotCode?: string;
  /** Published card templates usable by the app (undefined = any). */
  readonly cardTemplates?: readonly string[];
  /** Feishu: bot capability enabled (default true). */
  readonly bot?: boolean;
  /** Feishu/Lark: the platform the app was created on (default: the fake's own). */
  readonly platform?: 'feishu' | 'lark';
  /** Group chats of the tenant (the bot's membership per chat). */
  readonly chats?: readonly FakeChat[];
}

/** What a user would receive. */
export interface DeliveredMessage {
  readonly appId: string;
  /** DingTalk userId / Feishu open_id. */
  readonly recipient: string;
  /** The fake user id behind the recipient ('' for a group chat). */
  readonly userId: string;
  /** Set when the message went to a group chat. */
  readonly chatId?: string;
  /** sampleText / sampleMarkdown / card (DingTalk); text / post / interactive (Feishu). */
  readonly msgType: string;
  readonly content: unknown;
  /** Feishu uuid / DingTalk outTrackId. */
  readonly dedupKey?: string;
  readonly at: number;
  /** Every link the message shows, as the client would read it (recorded by `FakeState.deliver`). */
  readonly links: readonly DeliveredLink[];
}

/** A link in a delivered message: where it sits, its URL and, for a Feishu/Lark card button, its per-client URLs. */
export interface DeliveredLink {
  /** 'text' / 'markdown' (DingTalk robot), 'messageUrl' / 'singleURL' (DingTalk link and action card), 'cardParamMap.url'
   * (DingTalk card), 'a' (Feishu post), 'button' (Feishu card). */
  readonly at: string;
  readonly url: string;
  readonly label?: string;
  readonly multiUrl?: { readonly url?: string; readonly pc_url?: string; readonly ios_url?: string; readonly android_url?: string };
}

const URL_IN_TEXT = /(?:https?|dingtalk):\/\/[^\s)\]]+/g;
// An unescaped `[`: `\[DMS\]` in a title is text, not a link.
const MD_LINK = /(?<!\\)\[((?:\\.|[^\]\\])*)\]\(((?:https?|dingtalk):\/\/[^\s)]+)\)/g;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The links a client shows for a message body (DingTalk msgParam / card data, Feishu content), per the platform's format. */
export function linksIn(msgType: string, content: unknown): DeliveredLink[] {
  const c = isRecord(content) ? content : {};
  const inText = (at: string, t: string | undefined): DeliveredLink[] => [...(t ?? '').matchAll(URL_IN_TEXT)].map((m) => ({ at, url: m[0] }));
  const inMarkdown = (at: string, t: string | undefined): DeliveredLink[] => [...(t ?? '').matchAll(MD_LINK)].map((m) => ({ at, url: m[2]!, label: m[1]! }));
  switch (msgType) {
    case 'sampleText':
      return inText('text', str(c.content));
    case 'sampleMarkdown':
      return inMarkdown('markdown', str(c.text));
    case 'sampleLink':
      return str(c.messageUrl) ? [{ at: 'messageUrl', url: str(c.messageUrl)! }] : [];
    case 'sampleActionCard':
      return str(c.singleURL) ? [{ at: 'singleURL', url: str(c.singleURL)!, ...(str(c.singleTitle) ? { label: str(c.singleTitle)! } : {}) }] : [];
    case 'card': {
      const url = isRecord(c.cardParamMap) ? str(c.cardParamMap.url) : undefined;
      return url ? [{ at: 'cardParamMap.url', url }] : [];
    }
    case 'text':
      return inText('text', str(c.text));
    case 'post': {
      const paragraphs = isRecord(c.zh_cn) && Array.isArray(c.zh_cn.content) ? (c.zh_cn.content as unknown[]) : [];
      return paragraphs.flatMap((p) =>
        (Array.isArray(p) ? p : []).flatMap((el): DeliveredLink[] => {
          if (!isRecord(el)) return [];
          if (el.tag === 'a' && str(el.href)) return [{ at: 'a', url: str(el.href)!, ...(str(el.text) ? { label: str(el.text)! } : {}) }];
          return el.tag === 'md' ? inMarkdown('markdown', str(el.text)) : [];
        }),
      );
    }
    case 'interactive': {
      const out: DeliveredLink[] = [];
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) return v.forEach(walk);
        if (!isRecord(v)) return;
        if (v.tag === 'button') {
          const label = isRecord(v.text) ? str(v.text.content) : undefined;
          const multi = isRecord(v.multi_url) ? v.multi_url : undefined;
          const url = multi ? str(multi.url) : str(v.url);
          if (url) out.push({ at: 'button', url, ...(label ? { label } : {}), ...(multi ? { multiUrl: multi as DeliveredLink['multiUrl'] & object } : {}) });
        }
        if (v.tag === 'markdown') out.push(...inMarkdown('markdown', str(v.content)));
        Object.values(v).forEach(walk);
      };
      walk(content);
      return out;
    }
    default:
      return [];
  }
}

export type FaultKind =
  /** A failed answer: an HTML page by default; `body` may be JSON (a gateway's `{code}`), `headers` e.g. Retry-After. */
  | { readonly kind: 'status'; readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'reset' }
  /** The request is handled (a message is delivered) but the connection drops before the reply. */
  | { readonly kind: 'dropReply' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'rateLimit'; readonly resetSec?: number };

export type Fault = FaultKind & {
  /** Substring of the request path; absent = every path. */
  readonly path?: string;
  /** How many requests it hits (default 1; Infinity for all). */
  readonly times?: number;
};

export interface FakeOptions {
  readonly apps: readonly FakeApp[];
  /** Token lifetime in seconds (default 7200). */
  readonly ttl?: number;
  /** Start time of the fake clock (default Date.now()). */
  readonly startTime?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Arrival time (real clock, ms), for rate checks. */
  readonly at: number;
}

export interface FakeServer {
  readonly baseUrl: string;
  readonly delivered: DeliveredMessage[];
  readonly requests: RecordedRequest[];
  /** Successful token answers so far (a re-issued same token counts too). */
  tokensIssued(): number;
  /** Distinct token strings handed out. */
  distinctTokens(): number;
  setScopes(appId: string, scopes: readonly string[]): void;
  setSecret(appId: string, secret: string): void;
  /** A person joins the organization (found by lookups from now on). */
  addUser(appId: string, user: FakeUser): void;
  /** Replaces the app's group chats (e.g. the bot is removed, a chat is dissolved). */
  setChats(appId: string, chats: readonly FakeChat[]): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Moves the fake clock (token expiry) forward. */
  advance(ms: number): void;
  /** Expires every issued token now, server-side only (clients still hold them). */
  expireTokens(): void;
  close(): Promise<void>;
}

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface IncomingCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when absent/unparsable (`rawBody` then has it). */
  readonly json: unknown;
  readonly rawBody: string;
}

/** Mutable state shared by a fake's routes. */
export class FakeState {
  readonly apps = new Map<string, { app: FakeApp; scopes: Set<string>; secret: string }>();
  readonly tokens = new Map<string, { appId: string; expiresAt: number }>();
  readonly delivered: DeliveredMessage[] = [];

  /** Records a delivered message with the links its client would show. */
  deliver(m: Omit<DeliveredMessage, 'links'>): void {
    this.delivered.push({ ...m, links: linksIn(m.msgType, m.content) });
  }
  readonly requests: RecordedRequest[] = [];
  faults: (Fault & { left: number })[] = [];
  issued = 0;
  distinct = 0;
  private offset = 0;
  private seq = 0;
  readonly ttlSec: number;
  private readonly base: number;

  constructor(opts: FakeOptions) {
    this.ttlSec = opts.ttl ?? 7200;
    this.base = (opts.startTime ?? Date.now()) - Date.now();
    for (const app of opts.apps) this.apps.set(app.appId, { app, scopes: new Set(app.scopes), secret: app.secret });
  }

  now(): number {
    return Date.now() + this.base + this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }

  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${this.seq.toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  }

  issueToken(appId: string, prefix: string): { token: string; expiresAt: number } {
    const token = this.nextId(prefix);
    const expiresAt = this.now() + this.ttlSec * 1000;
    this.tokens.set(token, { appId, expiresAt });
    this.issued += 1;
    this.distinct += 1;
    return { token, expiresAt };
  }

  /** Which app a token belongs to, or why not. */
  checkToken(token: string | undefined): { appId: string } | 'invalid' | 'expired' {
    if (!token) return 'invalid';
    const t = this.tokens.get(token);
    if (!t) return 'invalid';
    if (this.now() >= t.expiresAt) return 'expired';
    return { appId: t.appId };
  }

  takeFault(path: string): Fault | undefined {
    const i = this.faults.findIndex((f) => f.left > 0 && (f.path === undefined || path.includes(f.path)));
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    f.left -= 1;
    return f;
  }
}

/**
 * A loopback HTTP server on a random port, routing to `route`, with the fault hooks in front.
 * `rateLimitReply` gives each platform's own rate-limit answer.
 */
export async function startFake(
  state: FakeState,
  route: (call: IncomingCall) => Reply,
  rateLimitReply: (call: IncomingCall, resetSec: number) => Reply,
): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.local');
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = rawBody === '' ? undefined : JSON.parse(rawBody);
      } catch {
        json = undefined;
      }
      const call: IncomingCall = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, json, rawBody };
      state.requests.push({ method: call.method, path: call.path, at: Date.now() });
      const send = (reply: Reply): void => {
        const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, {
          'content-type': typeof reply.body === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
          date: new Date(state.now()).toUTCString(),
          ...reply.headers,
        });
        res.end(body);
      };
      const fault = state.takeFault(call.path);
      if (fault?.kind === 'reset') return void req.socket.destroy();
      if (fault?.kind === 'dropReply') {
        route(call);
        return void req.socket.destroy();
      }
      if (fault?.kind === 'hang') return;
      if (fault?.kind === 'status') {
        return send({
          status: fault.status,
          body: fault.body ?? `<html><body>${fault.status}</body></html>`,
          ...(fault.headers ? { headers: fault.headers } : {}),
        });
      }
      if (fault?.kind === 'rateLimit') return send(rateLimitReply(call, fault.resetSec ?? 1));
      const reply = route(call);
      if (fault?.kind === 'delay') setTimeout(() => send(reply), fault.ms);
      else send(reply);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    delivered: state.delivered,
    requests: state.requests,
    tokensIssued: () => state.issued,
    distinctTokens: () => state.distinct,
    setScopes(appId, scopes) {
      const a = state.apps.get(appId);
      if (!a) throw new Error(`fake: unknown app ${appId}`);
      a.scopes = new Set(scopes);
    },
    setSecret(appId, secret) {
      const a = state.apps.get(appId);
      if (!a) throw new Error(`fake: unknown app ${appId}`);
      a.secret = secret;
    },
    addUser(appId, user) {
      const a = state.apps.get(appId);
      if (!a) throw new Error(`fake: unknown app ${appId}`);
      a.app = { ...a.app, users: [...(a.app.users ?? []), user] };
    },
    setChats(appId, chats) {
      const a = state.apps.get(appId);
      if (!a) throw new Error(`fake: unknown app ${appId}`);
      a.app = { ...a.app, chats };
    },
    injectFault(fault) {
      state.faults.push({ ...fault, left: fault.times ?? 1 });
    },
    clearFaults() {
      state.faults = [];
    },
    advance: (ms) => state.advance(ms),
    expireTokens() {
      for (const t of state.tokens.values()) t.expiresAt = Math.min(t.expiresAt, state.now());
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');
