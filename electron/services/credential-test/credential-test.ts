import { randomUUID } from 'node:crypto';
import { channelDef, type ChannelId } from '../../../shared/catalog/channels.js';
import { CREDTEST_STEP_IDS, type CredtestRun, type CredtestStep, type CredtestStepId } from '../../../shared/contract/credtest.js';
import { EMAIL_PATTERN, MOBILE_PATTERN } from '../../../shared/contract/users.js';
import { AppError } from '../../../shared/errors.js';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';
import { createPlatformClient, type PlatformConfig } from '../platforms/client.js';
import { loadPlatformConfig } from '../platforms/config.js';
import { isPlatformError } from '../platforms/errors.js';
import { explain } from '../platforms/explain.js';
import { TokenCache } from '../platforms/token-cache.js';
import type { Contact, PlatformClient, PlatformFailure } from '../platforms/types.js';
import type { LastTest } from '../channels/last-test.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { SecretStore } from '../vault/secret-store.js';
import { checkReachable } from './reachability.js';

export interface CredentialTestOptions {
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
  /** Per-step timeout (default 15 s). */
  readonly stepTimeoutMs?: number;
  readonly now?: () => Date;
  readonly env?: NodeJS.ProcessEnv;
  /** Test seam: build the client (default: the production client with a private token cache). */
  readonly clientFor?: (config: PlatformConfig, timeoutMs: number) => PlatformClient;
}

export interface CredentialTests {
  start(channel: ChannelId, to?: string): string;
  get(runId: string): CredtestRun;
  cancel(runId: string): boolean;
  /** Resolves when the run has finished (CLI and tests). */
  wait(runId: string): Promise<CredtestRun>;
  /** The last finished test of a channel, for the channel card (null = never tested). */
  last(channel: ChannelId): LastTest | null;
  /** Runs to completion; `onChange` sees every change (CLI prints them). */
  run(channel: ChannelId, to?: string, onChange?: (run: CredtestRun) => void, signal?: AbortSignal): Promise<CredtestRun>;
}

/** The scope each probe needs, for platforms that refuse without naming it (DingTalk 88/60011). */
const PROBE_SCOPE: Record<'dingtalk' | 'feishu', string> = { dingtalk: 'qyapi_get_member_by_mobile', feishu: 'contact:user.id:readonly' };
/** Step names for summaries (the UI and CLI have their own labels). */
export const STEP_NAMES: Record<CredtestStepId, LocalizedText> = {
  config: text('configuration complete', '配置完整'),
  reachable: text('host reachable', '主机可达'),
  token: text('access token', '访问令牌'),
  permission: text('permission probe', '权限检查'),
  recipient: text('find recipient', '查找接收人'),
  send: text('send test message', '发送测试消息'),
};
const MAX_SKEW_MS = 5 * 60_000;
const KEEP_RUNS = 50;

/** Thrown inside a step to fail it with a diagnosis. */
class StepFailure extends Error {
  constructor(
    readonly diagnosis: LocalizedText,
    readonly fix: LocalizedText | null,
    readonly extra: { code?: string; consoleUrl?: string | null; missingScopes?: readonly string[] } = {},
  ) {
    super(diagnosis.en);
  }
}

const fromFailure = (f: PlatformFailure): StepFailure =>
  new StepFailure(f.explanation.message, f.explanation.fix, { code: f.code, consoleUrl: f.explanation.consoleUrl, missingScopes: f.missingScopes });

interface RunState {
  run: CredtestRun;
  controller: AbortController;
  finished: Promise<CredtestRun>;
}

export function createCredentialTests(opts: CredentialTestOptions): CredentialTests {
  const stepTimeoutMs = opts.stepTimeoutMs ?? 15_000;
  const now = opts.now ?? (() => new Date());
  const runs = new Map<string, RunState>();
  const clientFor = opts.clientFor ?? ((config: PlatformConfig, timeoutMs: number) => createPlatformClient(config, { timeoutMs, tokenCache: new TokenCache() }));

  async function execute(state: RunState, onChange?: (run: CredtestRun) => void): Promise<CredtestRun> {
    const { run } = state;
    const channel = run.channel;
    const def = channelDef(channel);
    const cancel = state.controller.signal;
    const update = (patch: Partial<CredtestRun>): void => {
      state.run = { ...state.run, ...patch };
      onChange?.(state.run);
    };
    const setStep = (id: CredtestStepId, patch: Partial<CredtestStep>): void =>
      update({ steps: state.run.steps.map((s) => (s.id === id ? { ...s, ...patch } : s)) });
    const warn = (message: LocalizedText, fix: LocalizedText | null = null): void => update({ warnings: [...state.run.warnings, { message, fix }] });

    let config: PlatformConfig | null = null;
    let client: PlatformClient | null = null;
    let recipientId: string | null = null;

    const bodies: Record<CredtestStepId, (signal: AbortSignal) => Promise<LocalizedText | null>> = {
      async config() {
        const loaded = await loadPlatformConfig(opts.settings.read(), opts.vault, channel);
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
        if (run.to !== null && !MOBILE_PATTERN.test(run.to) && !EMAIL_PATTERN.test(run.to)) {
          throw new StepFailure(text(`"${run.to}" is neither a mobile number nor an e-mail address.`, `“${run.to}”既不是手机号也不是邮箱。`), text('Enter a mobile number or an e-mail address.', '请输入手机号或邮箱。'), { code: 'config' });
        }
        config = loaded.config;
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
              text(`This App ID may belong to ${other.en}, not ${def.name.en}: check the platform the app was created on.`, `该 App ID 可能属于${other.zh}而非${def.name.zh}：请确认应用创建在哪个平台。`),
              text(`If the app was created on ${other.en}'s open platform, configure it in the ${other.en} channel instead.`, `如果应用创建于${other.zh}开放平台，请改在${other.zh}渠道中配置。`),
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
        const to = run.to!;
        const contact: Contact = EMAIL_PATTERN.test(to) ? { email: to } : { mobile: to };
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
        const card = Boolean(config!.cardTemplateId);
        const outcome = await client!.send({
          recipients: [recipientId!],
          message: {
            title: 'Channel Desk test message',
            text: `Channel Desk test message (${def.name.en}) — ${when}. If you can read this, notifications will arrive.`,
            markdown: `**Channel Desk test message** (${def.name.en})\n\n${when}\n\nIf you can read this, notifications will arrive. / 如果您能看到此消息，说明通知可以送达。`,
            ...(card ? { cardParams: { title: 'Channel Desk test message', content: `${def.name.en} — ${when}`, status: 'test' } } : {}),
          },
          dedupKey: () => `credtest-${run.runId}`,
          signal,
        });
        const failed = outcome.failed[0];
        if (failed) throw fromFailure(failed.failure);
        return card
          ? text(`Test card (template ${config!.cardTemplateId}) delivered to ${recipientId}.`, `测试卡片（模板 ${config!.cardTemplateId}）已发送给 ${recipientId}。`)
          : text(`Test message delivered to ${recipientId}.`, `测试消息已发送给 ${recipientId}。`);
      },
    };

    let failedAt: CredtestStepId | null = null;
    let failedCode: string | null = null;
    for (const id of CREDTEST_STEP_IDS) {
      const optional = id === 'recipient' || id === 'send';
      if (failedAt !== null || cancel.aborted || (optional && run.to === null)) {
        const why =
          optional && run.to === null && failedAt === null && !cancel.aborted
            ? text('No recipient given: nothing was sent.', '未指定接收人：未发送消息。')
            : cancel.aborted
              ? text('Cancelled.', '已取消。')
              : text('Skipped because an earlier step failed.', '因前面的步骤失败而跳过。');
        setStep(id, { status: 'skipped', detail: why });
        continue;
      }
      setStep(id, { status: 'running' });
      const started = Date.now();
      const signal = AbortSignal.any([cancel, AbortSignal.timeout(stepTimeoutMs)]);
      try {
        const detail = await Promise.race([
          bodies[id](signal),
          new Promise<never>((_, reject) => {
            const onAbort = () => reject(cancel.aborted ? new StepFailure(text('Cancelled.', '已取消。'), null, { code: 'cancelled' }) : new StepFailure(explain(channel, 'timeout').message, explain(channel, 'timeout').fix, { code: 'timeout' }));
            if (signal.aborted) onAbort();
            else signal.addEventListener('abort', onAbort, { once: true });
          }),
        ]);
        setStep(id, { status: 'pass', durationMs: Date.now() - started, detail });
      } catch (err) {
        const f =
          err instanceof StepFailure
            ? err
            : isPlatformError(err)
              ? fromFailure(err.failure)
              : err instanceof AppError
                ? new StepFailure(err.text, err.fix ?? null, { code: err.code })
                : new StepFailure(text('Unexpected internal error.', '意外的内部错误。'), null, { code: 'INTERNAL' });
        failedAt = id;
        failedCode = f.extra.code ?? null;
        setStep(id, {
          status: 'fail',
          durationMs: Date.now() - started,
          diagnosis: f.diagnosis,
          fix: f.fix,
          consoleUrl: f.extra.consoleUrl ?? null,
          code: f.extra.code ?? null,
          missingScopes: [...(f.extra.missingScopes ?? [])],
        });
      }
    }
    const ok = failedAt === null && !cancel.aborted;
    update({ done: true, ok, cancelled: cancel.aborted });
    if (!cancel.aborted) {
      const at = now().toISOString();
      opts.settings.update((s) => ({ ...s, credentialTests: { ...s.credentialTests, [channel]: { ok, at, failedStep: failedAt, code: failedCode } } }));
    }
    return state.run;
  }

  function begin(channel: ChannelId, to: string | undefined, onChange?: (run: CredtestRun) => void, external?: AbortSignal): RunState {
    const runId = randomUUID();
    const controller = new AbortController();
    external?.addEventListener('abort', () => controller.abort(), { once: true });
    const state: RunState = {
      controller,
      run: {
        runId,
        channel,
        to: to ?? null,
        startedAt: now().toISOString(),
        done: false,
        ok: null,
        cancelled: false,
        steps: CREDTEST_STEP_IDS.map((id) => ({ id, status: 'pending', durationMs: null, detail: null, diagnosis: null, fix: null, consoleUrl: null, code: null, missingScopes: [] })),
        warnings: [],
      },
      finished: Promise.resolve(null as never),
    };
    state.finished = execute(state, onChange);
    runs.set(runId, state);
    while (runs.size > KEEP_RUNS) runs.delete(runs.keys().next().value!);
    return state;
  }

  const find = (runId: string): RunState => {
    const s = runs.get(runId);
    if (!s) throw new AppError('NOT_FOUND', text('No credential test with this id (it may have expired).', '没有此编号的凭据测试（可能已过期）。'));
    return s;
  };

  return {
    start: (channel, to) => begin(channel, to).run.runId,
    get: (runId) => find(runId).run,
    cancel(runId) {
      const s = find(runId);
      if (s.run.done) return false;
      s.controller.abort();
      return true;
    },
    wait: (runId) => find(runId).finished,
    last(channel) {
      const r = opts.settings.read().credentialTests[channel];
      if (!r) return null;
      if (r.ok) return { ok: true, at: r.at, summary: text('All steps passed.', '所有步骤均通过。') };
      const step = r.failedStep ? STEP_NAMES[r.failedStep as CredtestStepId] ?? null : null;
      const code = r.code ? ` [${r.code}]` : '';
      return {
        ok: false,
        at: r.at,
        summary: step ? text(`Failed at: ${step.en}${code}`, `失败于：${step.zh}${code}`) : text(`Failed${code}`, `失败${code}`),
      };
    },
    run: (channel, to, onChange, signal) => begin(channel, to, onChange, signal).finished,
  };
}
