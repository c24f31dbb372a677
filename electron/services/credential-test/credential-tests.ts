import { chatIdPrefix, chatRecipient, isChatId } from '../../../shared/chats.js';
import { channelDef, type ChannelId } from '../../../shared/catalog/channels.js';
import { CREDTEST_STEP_IDS, type CredtestRun, type CredtestStepId } from '../../../shared/contract/credtest.js';
import { EMAIL_PATTERN, MOBILE_PATTERN } from '../../../shared/contract/users.js';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';
import { createPlatformClient, type PlatformConfig } from '../platforms/client.js';
import { loadPlatformConfig } from '../platforms/config.js';
import { isPlatformError } from '../platforms/errors.js';
import { explain } from '../platforms/explain.js';
import { TokenCache } from '../platforms/token-cache.js';
import type { Contact, PlatformClient, PlatformFailure } from '../platforms/types.js';
import type { LastTest } from '../channels/last-test-result.js';
import type { CredentialTestRecord } from '../settings/schema.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { SecretStore } from '../vault/secret-store.js';
import { DiagnosticRuns, StepFailure, type StepRecorder } from '../diagnostics/runner.js';
import { checkReachable } from './reachability.js';
import { draftConfigSource, fingerprint, type ConfigSource } from './draft-source.js';
import { linkContext } from '../channels/link-context.js';
import { linkFields, openLinks } from '../../../shared/dms-links.js';
import type { ChannelDraft } from '../../../shared/channel-validation.js';

export interface CredentialTestOptions {
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
  /** Per-step timeout (default 15 s). */
  readonly stepTimeoutMs?: number;
  readonly now?: () => Date;
  readonly env?: NodeJS.ProcessEnv;
  /** A test of the stored credentials passed (also a typed one, once saved): failed lookups can be run again. */
  readonly onPassed?: (channel: ChannelId) => void;
  /** Test seam: build the client (default: the production client with a private token cache). */
  readonly clientFor?: (config: PlatformConfig, timeoutMs: number) => PlatformClient;
}

export interface CredentialTests {
  /** With `draft`, tests the typed values (secret included) without storing them. */
  start(channel: ChannelId, to?: string, draft?: ChannelDraft): string;
  get(runId: string): CredtestRun;
  cancel(runId: string): boolean;
  /** Resolves when the run has finished (CLI and tests). */
  wait(runId: string): Promise<CredtestRun>;
  /** The last finished test of a channel, for the channel card (null = never tested). */
  last(channel: ChannelId): LastTest | null;
  /**
   * After a save: a passed (or failed) test of typed values that are now exactly the stored ones
   * becomes the channel's last test, so "Test, then Save" counts as a tested channel.
   */
  adoptTyped(channel: ChannelId): Promise<void>;
  /** Runs to completion; `onChange` sees every change (CLI prints them). */
  run(channel: ChannelId, to?: string, onChange?: (run: CredtestRun) => void, signal?: AbortSignal): Promise<CredtestRun>;
}

/** The scope each probe needs, for platforms that refuse without naming it (DingTalk 88/60011). */
const PROBE_SCOPE: Record<'dingtalk' | 'feishu', string> = { dingtalk: 'qyapi_get_member_by_mobile', feishu: 'contact:user.id:readonly' };
const STEP_TITLES: Record<CredtestStepId, LocalizedText> = {
  config: text('Configuration complete', '配置完整'),
  reachable: text('Host reachable', '主机可达'),
  token: text('Access token', '访问令牌'),
  permission: text('Permission probe', '权限检查'),
  recipient: text('Find recipient', '查找接收人'),
  send: text('Send test message', '发送测试消息'),
};
const MAX_SKEW_MS = 5 * 60_000;

const fromFailure = (f: PlatformFailure): StepFailure =>
  new StepFailure(f.explanation.message, f.explanation.fix, { code: f.code, consoleUrl: f.explanation.consoleUrl, missingScopes: f.missingScopes });

export function createCredentialTests(opts: CredentialTestOptions): CredentialTests {
  const stepTimeoutMs = opts.stepTimeoutMs ?? 15_000;
  const now = opts.now ?? (() => new Date());
  const runs = new DiagnosticRuns<CredtestRun>(now);
  const clientFor =
    opts.clientFor ?? ((config: PlatformConfig, timeoutMs: number) => createPlatformClient(config, { timeoutMs, tokenCache: new TokenCache() }));

  /** Typed-values runs: the fingerprint of the config they tested and whether it is the stored one, by run id. */
  const typedConfig = new Map<string, { fingerprint: string; isStored: boolean }>();
  /** The last finished typed-values result per channel, waiting for a save of the same values. */
  const pendingTyped = new Map<ChannelId, { fingerprint: string; record: CredentialTestRecord }>();

  async function execute(channel: ChannelId, to: string | null, rec: StepRecorder<CredtestStepId>, source: ConfigSource): Promise<void> {
    const def = channelDef(channel);
    const cancel = rec.signal;
    const warn = rec.warn;

    let config: PlatformConfig | null = null;
    let client: PlatformClient | null = null;
    let recipientId: string | null = null;
    /** A group chat id (oc_… / cid…) as the test recipient instead of a person. */
    const chatId = to !== null && isChatId(channel, to) ? to : null;

    const bodies: Record<CredtestStepId, (signal: AbortSignal) => Promise<LocalizedText | null>> = {
      async config() {
        const loaded = await loadPlatformConfig(source.settings, source.vault, channel);
        if (loaded.problems.length > 0) {
          const missing = loaded.problems.filter((p) => p.problem === 'missing').map((p) => p.field.label);
          const bad = loaded.problems.filter((p) => p.problem === 'format').map((p) => `${p.field.label} (${p.field.formatHint.en})`);
          const badZh = loaded.problems.filter((p) => p.problem === 'format').map((p) => `${p.field.label}（${p.field.formatHint.zh}）`);
          throw new StepFailure(
            text(
              [missing.length ? `Missing: ${missing.join(', ')}.` : '', bad.length ? `Wrong format: ${bad.join(', ')}.` : ''].join(' ').trim(),
              [missing.length ? `缺少：${missing.join('、')}。` : '', badZh.length ? `格式错误：${badZh.join('、')}。` : ''].join(''),
            ),
            text(`Fill in the ${def.name.en} credentials on the Channels page.`, `请在“渠道”页面填写${def.name.zh}的凭据。`),
            { code: 'config', consoleUrl: def.consoleUrl },
          );
        }
        if (to !== null && chatId === null && !MOBILE_PATTERN.test(to) && !EMAIL_PATTERN.test(to)) {
          throw new StepFailure(
            text(
              `"${to}" is neither a mobile number, an e-mail address nor a group chat id (${chatIdPrefix(channel)}…).`,
              `“${to}”既不是手机号、邮箱，也不是群聊 ID（${chatIdPrefix(channel)}…）。`,
            ),
            text('Enter a mobile number, an e-mail address or a group chat id.', '请输入手机号、邮箱或群聊 ID。'),
            { code: 'config' },
          );
        }
        config = loaded.config;
        if (source.typed && config) {
          const tested = fingerprint(config);
          typedConfig.set(rec.runId, { fingerprint: tested, isStored: tested === (await storedFingerprint(channel)) });
        }
        return text(`All required fields are set; API ${loaded.baseUrls.apiBaseUrl}.`, `必填项均已填写；接口地址 ${loaded.baseUrls.apiBaseUrl}。`);
      },

      async reachable(signal) {
        const c = config!;
        const urls = [...new Set(def.protocol === 'dingtalk' ? [c.apiBaseUrl, c.oapiBaseUrl] : [c.apiBaseUrl])];
        const details: LocalizedText[] = [];
        for (const url of urls) {
          const r = await checkReachable(url, signal, opts.env);
          details.push(r.detail);
          if (!r.ok) {
            const e = explain(channel, r.code ?? 'network');
            throw new StepFailure(text(`${e.message.en} ${r.detail.en}`, `${e.message.zh}${r.detail.zh}`), e.fix, { code: r.code ?? 'network' });
          }
        }
        return text(details.map((d) => d.en).join('; '), details.map((d) => d.zh).join('；'));
      },

      async token(signal) {
        client = clientFor(config!, stepTimeoutMs);
        try {
          const info = await client.token({ force: true, signal, timeoutMs: stepTimeoutMs });
          if (info.serverDate) {
            const skew = Date.parse(info.serverDate) - now().getTime();
            if (Number.isFinite(skew) && Math.abs(skew) > MAX_SKEW_MS) {
              const mins = Math.round(skew / 60_000);
              warn(
                text(`This computer's clock differs from the platform's by ${mins} minutes.`, `本机时钟与平台相差 ${mins} 分钟。`),
                text('Synchronise the system clock (NTP); token expiry and message times depend on it.', '请同步系统时钟（NTP）；令牌过期和消息时间依赖于它。'),
              );
            }
          }
          const secs = Math.round((info.expiresAt - Date.now()) / 1000);
          return text(`Token issued, valid for about ${secs} s.`, `已获取令牌，有效期约 ${secs} 秒。`);
        } catch (err) {
          if (!isPlatformError(err)) throw err;
          if (def.protocol === 'feishu' && err.failure.code === '10003') {
            // An app exists on one platform only: a Feishu App ID on the Lark host (or the reverse) gets 10003.
            const other = channel === 'feishu' ? text('Lark', 'Lark') : text('Feishu', '飞书');
            warn(
              text(
                `This App ID may belong to ${other.en}, not ${def.name.en}: check the platform the app was created on.`,
                `该 App ID 可能属于${other.zh}而非${def.name.zh}：请确认应用创建在哪个平台。`,
              ),
              text(
                `If the app was created on ${other.en}'s open platform, configure it in the ${other.en} channel instead.`,
                `如果应用创建于${other.zh}开放平台，请改在${other.zh}渠道中配置。`,
              ),
            );
          }
          throw fromFailure(err.failure);
        }
      },

      async permission(signal) {
        try {
          await client!.probe({ signal, timeoutMs: stepTimeoutMs });
          return text(`The app may look users up (${PROBE_SCOPE[def.protocol]}).`, `应用可以查询用户（${PROBE_SCOPE[def.protocol]}）。`);
        } catch (err) {
          if (!isPlatformError(err)) throw err;
          const f = err.failure;
          const denied = ['88', '60011', '99991672', 'Forbidden.AccessDenied.AccessTokenPermissionDenied'].includes(f.code);
          if (denied && f.missingScopes.length === 0) {
            // The platform did not name the scope; the probe knows which one it needs.
            const scopes = [PROBE_SCOPE[def.protocol]];
            const e = explain(channel, f.code, { missingScopes: scopes, appId: config!.appKey, ...(f.subCode ? { sub: f.subCode } : {}) });
            throw new StepFailure(e.message, e.fix, { code: f.code, consoleUrl: e.consoleUrl, missingScopes: scopes });
          }
          throw fromFailure(f);
        }
      },

      async recipient(signal) {
        if (chatId !== null) {
          // A group chat needs no lookup: the send step itself shows whether the bot may post there.
          recipientId = chatRecipient(chatId);
          return text(`Group chat ${chatId} (no lookup needed).`, `群聊 ${chatId}（无需查找）。`);
        }
        const contact: Contact = EMAIL_PATTERN.test(to!) ? { email: to! } : { mobile: to! };
        const [result] = await client!.lookup([contact], { signal, timeoutMs: stepTimeoutMs }).catch((err: unknown) => {
          throw isPlatformError(err) ? fromFailure(err.failure) : err;
        });
        if (!result || result.status !== 'found' || !result.userId) {
          const f = result?.failure;
          throw f ? fromFailure(f) : new StepFailure(text(`No user found for ${to}.`, `未找到 ${to} 对应的用户。`), null, { code: 'userNotFound' });
        }
        recipientId = result.userId;
        return text(`${to} → ${result.userId}`, `${to} → ${result.userId}`);
      },

      async send(signal) {
        const when = now().toISOString();
        // With a card template, people and groups alike get the card (as deliveries do).
        const card = Boolean(config!.cardTemplateId);
        const outcome = await client!.send({
          recipients: [recipientId!],
          message: {
            title: 'Channel Desk test message',
            text: `Channel Desk test message (${def.name.en}) — ${when}. If you can read this, notifications will arrive.`,
            markdown: `**Channel Desk test message** (${def.name.en})\n\n${when}\n\nIf you can read this, notifications will arrive. / 如果您能看到此消息，说明通知可以送达。`,
            ...(card ? { cardParams: { title: 'Channel Desk test message', content: `${def.name.en} — ${when}`, status: 'test' } } : {}),
            // The DMS homepage (never a ticket pattern: there is no ticket), so the admin can check "Open DMS" on a phone.
            ...linkFields(openLinks(channel, { ...linkContext(source.settings, channel), ticketLinkPattern: undefined }, ''), 'Open DMS / 打开 DMS'),
          },
          dedupKey: () => `credtest-${rec.runId}`,
          signal,
        });
        const failed = outcome.failed[0];
        if (failed) throw fromFailure(failed.failure);
        return card
          ? text(
              `Test card (template ${config!.cardTemplateId}) delivered to ${chatId ?? recipientId}.`,
              `测试卡片（模板 ${config!.cardTemplateId}）已发送给 ${chatId ?? recipientId}。`,
            )
          : text(`Test message delivered to ${chatId ?? recipientId}.`, `测试消息已发送给 ${chatId ?? recipientId}。`);
      },
    };

    for (const id of CREDTEST_STEP_IDS) {
      // After a failure or a cancel the runner skips the rest.
      if (cancel.aborted || rec.failed) return;
      if ((id === 'recipient' || id === 'send') && to === null) {
        rec.skip(id, text('No recipient given: nothing was sent.', '未指定接收人：未发送消息。'));
        continue;
      }
      rec.begin(id);
      const signal = AbortSignal.any([cancel, AbortSignal.timeout(stepTimeoutMs)]);
      try {
        const detail = await Promise.race([
          bodies[id](signal),
          new Promise<never>((_, reject) => {
            const onAbort = () =>
              reject(
                cancel.aborted
                  ? new StepFailure(text('Cancelled.', '已取消。'), null, { code: 'cancelled' })
                  : new StepFailure(explain(channel, 'timeout').message, explain(channel, 'timeout').fix, { code: 'timeout' }),
              );
            if (signal.aborted) onAbort();
            else signal.addEventListener('abort', onAbort, { once: true });
          }),
        ]);
        rec.pass(id, detail);
      } catch (err) {
        rec.fail(id, isPlatformError(err) ? fromFailure(err.failure) : StepFailure.from(err));
      }
    }
  }

  const store = (channel: ChannelId, record: CredentialTestRecord): void => {
    opts.settings.update((s) => ({ ...s, credentialTests: { ...s.credentialTests, [channel]: record } }));
    if (record.ok) opts.onPassed?.(channel);
  };

  /** The stored config's fingerprint, or null when it is incomplete. */
  const storedFingerprint = async (channel: ChannelId): Promise<string | null> => {
    const loaded = await loadPlatformConfig(opts.settings.read(), opts.vault, channel);
    return loaded.config ? fingerprint(loaded.config) : null;
  };

  /**
   * Remembers the last finished test of a channel for its card (a cancelled one proves nothing).
   * A test of typed values is only a fact about the stored channel once those values are saved.
   */
  function remember(run: CredtestRun): void {
    if (run.state === 'cancelled') return;
    const failed = run.steps.find((s) => s.status === 'fail');
    const record = { ok: run.state === 'passed', at: now().toISOString(), failedStep: failed?.id ?? null, code: failed?.code ?? null };
    if (!run.typed) {
      store(run.channel, record);
      return;
    }
    const tested = typedConfig.get(run.runId);
    typedConfig.delete(run.runId);
    if (!tested) return; // the typed values were incomplete: nothing to adopt later
    if (tested.isStored) store(run.channel, record);
    else pendingTyped.set(run.channel, { fingerprint: tested.fingerprint, record });
  }

  function begin(channel: ChannelId, to: string | undefined, onChange?: (run: CredtestRun) => void, signal?: AbortSignal, draft?: ChannelDraft): CredtestRun {
    const recipient = to ?? null;
    const source: ConfigSource = draft
      ? draftConfigSource(opts.settings.read(), opts.vault, channel, draft)
      : { settings: opts.settings.read(), vault: opts.vault, typed: false };
    return runs.start({
      steps: CREDTEST_STEP_IDS.map((id) => [id, STEP_TITLES[id]] as const),
      context: { channel, to: recipient, typed: source.typed },
      execute: async (rec) => {
        if (source.invalid) {
          rec.begin('config');
          rec.fail('config', source.invalid);
          return;
        }
        await execute(channel, recipient, rec, source);
      },
      onFinish: remember,
      ...(onChange ? { onChange } : {}),
      ...(signal ? { signal } : {}),
    });
  }

  return {
    start: (channel, to, draft) => begin(channel, to, undefined, undefined, draft).runId,
    async adoptTyped(channel) {
      const pending = pendingTyped.get(channel);
      if (!pending || pending.fingerprint !== (await storedFingerprint(channel))) return;
      pendingTyped.delete(channel);
      // Dated at the save: the pass is about the credentials saved just now, so it is not older than them (checklist).
      store(channel, { ...pending.record, at: now().toISOString() });
    },
    get: (runId) => runs.get(runId),
    cancel: (runId) => runs.cancel(runId),
    wait: (runId) => runs.wait(runId),
    last(channel) {
      const r = opts.settings.read().credentialTests[channel];
      if (!r) return null;
      if (r.ok) return { ok: true, at: r.at, summary: text('All steps passed.', '所有步骤均通过。') };
      const step = r.failedStep ? (STEP_TITLES[r.failedStep as CredtestStepId] ?? null) : null;
      const code = r.code ? ` [${r.code}]` : '';
      return {
        ok: false,
        at: r.at,
        summary: step ? text(`Failed at: ${lowerFirst(step.en)}${code}`, `失败于：${step.zh}${code}`) : text(`Failed${code}`, `失败${code}`),
      };
    },
    run: (channel, to, onChange, signal) => runs.wait(begin(channel, to, onChange, signal).runId),
  };
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
