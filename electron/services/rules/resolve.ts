import { CHANNEL_IDS, type ChannelId } from '../../../shared/catalog/channels.js';
import { ANY, classifyEvent, foldName, type EventKind } from '../../../shared/catalog/dms-events.js';
import type { Simulation, SkipReason } from '../../../shared/contract/rules.js';
import type { DmsEvent } from '../../../shared/events/dms-event.js';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';
import type { RecipientNames } from '../directory/recipients.js';
import type { Rule, Settings } from '../settings/schema.js';
import { viewOf } from './rule-store.js';

type Origin = 'event' | 'submitter' | 'rule';

interface Person {
  readonly uid: string;
  readonly name: string;
  readonly origin: Origin;
}

export type Plan = Omit<Simulation, 'chats'>;

export const SKIP_TEXT: Record<SkipReason, LocalizedText> = {
  'not-in-users': text(
    'This DMS user is not in Users: add them (mobile or e-mail) or import users from DMS.',
    '此 DMS 用户不在“用户”列表中：请添加此人（手机号或邮箱）或从 DMS 导入用户。',
  ),
  'lookup-pending': text('Not looked up yet: the platform is asked when sending.', '尚未查找：发送时会向平台查询。'),
  'not-found': text('The platform has no person with this mobile / e-mail.', '平台上没有与此手机号/邮箱匹配的人员。'),
  'outside-availability': text("This person is outside the app's availability on the platform.", '此人不在平台应用的可用范围内。'),
  'channel-disabled': text('The channel is disabled.', '该渠道未启用。'),
  'rule-disabled': text('The rule for this event is switched off.', '此事件的规则已关闭。'),
  'no-recipients': text('The event names nobody to notify and the rule adds nobody.', '事件未指定接收人，规则也未添加接收人。'),
};

/** An event's kind as catalogue ids (or DMS's text when unknown): what rules match on. */
export type KindIds = { readonly [K in keyof EventKind]: { readonly id: string } };

/** The most specific enabled-or-not rule for an event: exact values beat `*`, module > type > status. */
export function findRule(rules: readonly Rule[], kind: KindIds): Rule | null {
  let best: Rule | null = null;
  let bestScore = -1;
  for (const r of rules) {
    const parts: [string, string, number][] = [
      [r.module, kind.module.id, 4],
      [r.businessType, kind.businessType.id, 2],
      [r.status, kind.status.id, 1],
    ];
    // Custom values (not in the catalogue) match DMS's text whatever its case and spacing.
    if (!parts.every(([want, got]) => want === ANY || want === got || foldName(want) === foldName(got))) continue;
    const score = parts.reduce((s, [want, , w]) => s + (want === ANY ? 0 : w), 0);
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

/**
 * DMS's defaults: the people the event names (approvers for Pending Approval, receivers otherwise);
 * when it names nobody, the submitter (except for approvals, which must reach an approver).
 */
function eventPeople(event: DmsEvent, kind: EventKind): Person[] {
  const named = [...event.targetUsers, ...event.receivers].map((p) => ({ uid: p.uid, name: p.name, origin: 'event' as const }));
  if (named.length > 0 || kind.status.id === 'pending-approval' || event.submitterUid === '') return named;
  return [{ uid: event.submitterUid, name: event.submitterName, origin: 'submitter' }];
}

function uniquePeople(people: readonly Person[]): Person[] {
  const seen = new Map<string, Person>();
  for (const p of people) {
    const prev = seen.get(p.uid);
    if (!prev) seen.set(p.uid, p);
    else if (prev.name === '' && p.name !== '') seen.set(p.uid, { ...prev, name: p.name });
  }
  return [...seen.values()];
}

/** Why a person is reached on no channel in use: "not in Users" first, then what the platforms said. */
function unreachableReason(channels: Plan['channels'], uid: string): SkipReason {
  const reasons = new Set(channels.filter((c) => c.used).flatMap((c) => c.missing.filter((m) => m.uid === uid).map((m) => m.reason)));
  for (const r of ['not-in-users', 'not-found', 'outside-availability'] as const) if (reasons.has(r)) return r;
  return 'not-in-users';
}

/** Resolves an event to recipients per channel, and calls out everyone who would get nothing. */
export function planEvent(
  event: DmsEvent,
  settings: Settings,
  directory: RecipientNames,
  kind: EventKind = classifyEvent(event.category, event.module, event.event),
): Plan {
  const rule = findRule(settings.rules, kind);
  const ruleUsers = (rule?.additionalUsers ?? []).map((uid) => ({ uid, name: '', origin: 'rule' as const }));
  return planPeople([...eventPeople(event, kind), ...ruleUsers], rule, kind, settings, directory);
}

/**
 * The people the event names, on its rule's channels, without the rule's additional users: what a
 * reminder, an escalation or a digest is planned with (those users had the event itself).
 */
export function planNamedPeople(event: DmsEvent, settings: Settings, directory: RecipientNames): Plan {
  const kind = classifyEvent(event.category, event.module, event.event);
  return planPeople(eventPeople(event, kind), findRule(settings.rules, kind), kind, settings, directory);
}

/** `named` per channel of the deciding rule (none: every enabled channel), and everyone reached on none. */
function planPeople(named: readonly Person[], rule: Rule | null, kind: EventKind, settings: Settings, directory: RecipientNames): Plan {
  const people = uniquePeople(named).map((p) => ({ ...p, name: p.name || directory.displayName(p.uid) || p.uid }));

  const ruleOff = rule !== null && !rule.enabled;
  // No channel list = every enabled channel; a listed but disabled channel is reported, not skipped.
  const wanted = (c: ChannelId): boolean => (rule === null || rule.channels.length === 0 ? settings.channels[c].enabled : rule.channels.includes(c));
  const channels = CHANNEL_IDS.map((channel) => {
    const enabled = settings.channels[channel].enabled;
    const used = enabled && wanted(channel) && !ruleOff;
    const recipients: Plan['channels'][number]['recipients'] = [];
    const missing: Plan['channels'][number]['missing'] = [];
    for (const p of people) {
      if (ruleOff) {
        if (wanted(channel) && enabled) missing.push({ uid: p.uid, name: p.name, reason: 'rule-disabled' });
        continue;
      }
      if (!wanted(channel)) continue;
      if (!enabled) {
        missing.push({ uid: p.uid, name: p.name, reason: 'channel-disabled' });
        continue;
      }
      const pid = directory.platformId(p.uid, channel);
      if (pid === null) missing.push({ uid: p.uid, name: p.name, reason: directory.missingReason(p.uid, channel) ?? 'not-in-users' });
      else recipients.push({ uid: p.uid, name: p.name, platformUserId: pid, origin: p.origin });
    }
    return { channel, enabled, used, recipients, missing };
  });

  // Someone still to be looked up counts as reached: the sender asks the platform first.
  const reached = new Set(
    channels.flatMap((c) => [...c.recipients.map((r) => r.uid), ...(c.used ? c.missing.filter((m) => m.reason === 'lookup-pending').map((m) => m.uid) : [])]),
  );
  const anyUsed = channels.some((c) => c.used);
  const nobody: Plan['nobody'] = people
    .filter((p) => !reached.has(p.uid))
    .map((p) => {
      const reason: SkipReason = ruleOff ? 'rule-disabled' : anyUsed ? unreachableReason(channels, p.uid) : 'channel-disabled';
      return { uid: p.uid, name: p.name, reason, message: SKIP_TEXT[reason] };
    });
  if (people.length === 0) {
    nobody.push({ uid: '', name: '', reason: 'no-recipients', message: SKIP_TEXT['no-recipients'] });
  }

  return { kind, rule: rule ? viewOf(rule) : null, willSend: reached.size > 0, channels, nobody };
}
