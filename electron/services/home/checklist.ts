import { CHANNEL_IDS, channelDef, type ChannelId } from '../../../shared/catalog/channels.js';
import type { ChannelView } from '../../../shared/contract/channels.js';
import type { ChannelHealthState, HealthSummary } from '../../../shared/contract/health.js';
import type { Checklist, ChecklistStep } from '../../../shared/contract/home.js';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';
import { credentialsChangedAt } from '../channels/channels-service.js';

/** What the checklist is computed from: plain values read from the services, so it is testable with known data. */
export interface ChecklistFacts {
  readonly guides: readonly { readonly channel: ChannelId; readonly done: number; readonly total: number }[];
  readonly channels: readonly {
    readonly channel: ChannelId;
    /** Every required field and secret is set. */
    readonly configured: boolean;
    readonly enabled: boolean;
    readonly lastTest: { readonly ok: boolean; readonly at: string } | null;
    /** When the secret last changed (ISO): a test from before it says nothing about the credentials now. */
    readonly credentialsChangedAt: string | null;
    /** From the health model; `cause` explains a failing channel. */
    readonly state: ChannelHealthState;
    readonly cause: LocalizedText | null;
  }[];
  /**
   * Per user: the channels where the lookup found them, where the platform found nobody (not found,
   * outside availability), and where the lookup itself failed (the channel could not be asked).
   */
  readonly users: readonly { readonly found: readonly ChannelId[]; readonly failed: readonly ChannelId[]; readonly errors: readonly ChannelId[] }[];
  readonly rules: readonly { readonly enabled: boolean }[];
  readonly deliveries: { readonly sent: number; readonly dead: number };
}

const names = (ids: readonly ChannelId[]): LocalizedText =>
  text(ids.map((c) => channelDef(c).name.en).join(', '), ids.map((c) => channelDef(c).name.zh).join('、'));

const step = (id: ChecklistStep['id'], status: ChecklistStep['status'], detail: LocalizedText, link: string): ChecklistStep => ({ id, status, detail, link });

function guideStep(f: ChecklistFacts): ChecklistStep {
  const complete = f.guides.filter((g) => g.total > 0 && g.done >= g.total).map((g) => g.channel);
  if (complete.length > 0) return step('guide', 'done', text(`Guide completed: ${names(complete).en}`, `已完成指南：${names(complete).zh}`), '/setup-guide');
  const best = [...f.guides].sort((a, b) => b.done / (b.total || 1) - a.done / (a.total || 1))[0];
  if (!best || best.done === 0) return step('guide', 'todo', text('Not started.', '尚未开始。'), '/setup-guide');
  const name = channelDef(best.channel).name;
  return step(
    'guide',
    'todo',
    text(`${name.en}: ${best.done} of ${best.total} items ticked.`, `${name.zh}：已勾选 ${best.done}/${best.total} 项。`),
    '/setup-guide',
  );
}

function credentialsStep(f: ChecklistFacts): ChecklistStep {
  const configured = f.channels.filter((c) => c.configured).map((c) => c.channel);
  return configured.length > 0
    ? step('credentials', 'done', text(`Configured: ${names(configured).en}`, `已配置：${names(configured).zh}`), '/channels')
    : step('credentials', 'todo', text('No channel has all required fields yet.', '还没有填写完所有必填项的渠道。'), '/channels');
}

/** A passed test counts only if it is newer than the credentials it tested. */
const testedCurrent = (c: ChecklistFacts['channels'][number]): boolean =>
  c.lastTest !== null && (c.credentialsChangedAt === null || Date.parse(c.lastTest.at) >= Date.parse(c.credentialsChangedAt));

const failingText = (failing: ChecklistFacts['channels']): LocalizedText => {
  const first = failing[0]!;
  const name = channelDef(first.channel).name;
  const cause = first.cause ?? text('see the Channels page.', '请查看“渠道”页面。');
  return text(`${name.en} is failing: ${cause.en}`, `${name.zh}出现故障：${cause.zh}`);
};

function credtestStep(f: ChecklistFacts): ChecklistStep {
  // Only enabled channels count, only with a pass newer than their credentials, and never while failing.
  const candidates = f.channels.filter((c) => c.enabled && c.configured);
  const passed = candidates.filter((c) => c.lastTest?.ok && testedCurrent(c) && c.state !== 'failing').map((c) => c.channel);
  if (passed.length > 0) return step('credtest', 'done', text(`Passed: ${names(passed).en}`, `已通过：${names(passed).zh}`), '/channels');
  const failing = candidates.filter((c) => c.state === 'failing');
  if (failing.length > 0) return step('credtest', 'failed', failingText(failing), '/channels');
  const outdated = candidates.filter((c) => c.lastTest?.ok && !testedCurrent(c)).map((c) => c.channel);
  if (outdated.length > 0)
    return step(
      'credtest',
      'todo',
      text(`Credentials changed since the last test: ${names(outdated).en}. Test again.`, `上次测试后凭据已更改：${names(outdated).zh}。请重新测试。`),
      '/channels',
    );
  const failed = candidates.filter((c) => c.lastTest && !c.lastTest.ok).map((c) => c.channel);
  if (failed.length > 0) return step('credtest', 'failed', text(`Last test failed: ${names(failed).en}`, `上次测试失败：${names(failed).zh}`), '/channels');
  return step('credtest', 'todo', text('No credential test has passed yet.', '还没有通过的凭据测试。'), '/channels');
}

function usersStep(f: ChecklistFacts): ChecklistStep {
  const total = f.users.length;
  if (total === 0) return step('users', 'todo', text('No users yet.', '还没有用户。'), '/users');
  const found = f.users.filter((u) => u.found.length > 0).length;
  if (found > 0)
    return step('users', 'done', text(`${found} of ${total} user(s) found on a platform.`, `${total} 个用户中有 ${found} 个已在平台上找到。`), '/users');
  // Lookups that failed because the channel is failing are the channel's fault, not the users'.
  const failing = f.channels.filter((c) => c.state === 'failing' && f.users.some((u) => u.errors.includes(c.channel)));
  if (failing.length > 0) {
    const t = failingText(failing);
    return step(
      'users',
      'failed',
      text(`Users could not be looked up: ${t.en} They are looked up again once the channel works.`, `无法查询用户：${t.zh}渠道恢复后会自动重新查询。`),
      '/channels',
    );
  }
  const failed = f.users.filter((u) => u.failed.length > 0).length;
  if (failed > 0) return step('users', 'failed', text(`Looked up, but none of ${total} user(s) was found.`, `已查询，但 ${total} 个用户均未找到。`), '/users');
  const errors = f.users.filter((u) => u.errors.length > 0).length;
  if (errors > 0)
    return step('users', 'failed', text(`Looking up ${errors} user(s) failed; it is retried.`, `${errors} 个用户查询失败，系统会自动重试。`), '/users');
  return step('users', 'todo', text(`${total} user(s), not looked up yet.`, `${total} 个用户，尚未查询。`), '/users');
}

function ruleStep(f: ChecklistFacts): ChecklistStep {
  const enabled = f.rules.filter((r) => r.enabled).length;
  if (enabled > 0) return step('rule', 'done', text(`${enabled} enabled rule(s).`, `${enabled} 条已启用的规则。`), '/rules');
  if (f.rules.length > 0) return step('rule', 'todo', text('Every rule is disabled.', '所有规则均已停用。'), '/rules');
  return step('rule', 'todo', text('No rule yet.', '还没有规则。'), '/rules');
}

function deliveredStep(f: ChecklistFacts): ChecklistStep {
  const { sent, dead } = f.deliveries;
  if (sent > 0) return step('delivered', 'done', text(`${sent} notification(s) delivered.`, `已送达 ${sent} 条通知。`), '/deliveries');
  if (dead > 0)
    return step('delivered', 'failed', text(`${dead} notification(s) failed; nothing delivered yet.`, `${dead} 条通知发送失败，尚无送达。`), '/deliveries');
  // The rule simulator's "Send this event for real" is the quickest way to deliver one.
  return step(
    'delivered',
    'todo',
    text('Nothing delivered yet: send a test event from the rule simulator.', '尚无送达：可在规则模拟器中发送一条测试事件。'),
    '/rules',
  );
}

/** The "Getting started" checklist, in the order of the real flow. */
export function computeChecklist(f: ChecklistFacts): Checklist {
  const steps = [guideStep(f), credentialsStep(f), credtestStep(f), usersStep(f), ruleStep(f), deliveredStep(f)];
  const done = steps.filter((s) => s.status === 'done').length;
  return { steps, done, total: steps.length, next: steps.find((s) => s.status !== 'done')?.id ?? null };
}

/** Reads the facts from the live services. */
export interface ChecklistSources {
  guideProgress(channel: ChannelId): { done: number; total: number };
  channels(): readonly Pick<ChannelView, 'channel' | 'enabled' | 'missing' | 'lastTest' | 'secrets'>[];
  users(): readonly { resolutions: Partial<Record<ChannelId, { status: string }>> }[];
  rules(): readonly { enabled: boolean }[];
  deliveryCounts(): { sent: number; dead: number };
  /** The one health model: a failing channel is never a passed test, and its failed lookups are not the users' fault. */
  health(): Promise<Pick<HealthSummary, 'channels'>>;
}

export function createHomeService(src: ChecklistSources): { checklist(): Promise<Checklist> } {
  return {
    async checklist() {
      const users = src.users().map((u) => {
        const entries = CHANNEL_IDS.flatMap((c) => {
          const r = u.resolutions[c];
          return r ? [[c, r.status] as const] : [];
        });
        const where = (pred: (s: string) => boolean) => entries.filter(([, s]) => pred(s)).map(([c]) => c);
        return { found: where((s) => s === 'found'), failed: where((s) => s !== 'found' && s !== 'error'), errors: where((s) => s === 'error') };
      });
      const health = new Map((await src.health()).channels.map((c) => [c.channel, c]));
      return computeChecklist({
        guides: CHANNEL_IDS.map((channel) => ({ channel, ...src.guideProgress(channel) })),
        channels: src.channels().map((c) => {
          const h = health.get(c.channel);
          return {
            channel: c.channel,
            configured: c.missing.length === 0,
            enabled: c.enabled,
            lastTest: c.lastTest,
            credentialsChangedAt: credentialsChangedAt(c),
            state: h?.state ?? (c.enabled ? 'idle' : 'disabled'),
            cause: h?.state === 'failing' ? (h.lastError?.explanation ?? null) : null,
          };
        }),
        users,
        rules: src.rules(),
        deliveries: src.deliveryCounts(),
      });
    },
  };
}
