import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ChannelId } from '../../../../shared/catalog/channels.js';
import { dmsEventSchema, type DmsEvent } from '../../../../shared/events/dms-event.js';
import type { ReminderMark } from '../../../../shared/reminders.js';
import type { RecipientNames } from '../../directory/recipients.js';
import { defaultSettings, type Settings } from '../../settings/schema.js';
import { createIntake } from '../intake.js';
import { Outbox } from '../outbox/outbox.js';
import { createReminderQueue } from './queue-reminder.js';

const NOW = Date.UTC(2026, 11, 1, 2);
const CHAT = 'oc_0123456789abcdef0123456789abcdef';

/** Feishu ids of the people in Users; '3005' is in Users but Feishu has no such person. */
const IDS: Record<string, Partial<Record<ChannelId, string>>> = {
  '3001': { feishu: 'ou_approver', dingtalk: 'ding_approver' },
  '3002': { feishu: 'ou_extra', dingtalk: 'ding_extra' },
  '3003': { feishu: 'ou_lead', dingtalk: 'ding_lead' },
  '3005': {},
};
const directory: RecipientNames = {
  platformId: (uid, channel) => IDS[uid]?.[channel] ?? null,
  displayName: (uid) => (IDS[uid] ? `User ${uid}` : null),
  missingReason: (uid, channel) => (!IDS[uid] ? 'not-in-users' : IDS[uid][channel] ? null : 'not-found'),
};

/** Feishu and DingTalk on; the rule for export approvals posts on Feishu only, adds 3002 and a group chat. */
function settings(): Settings {
  const s = defaultSettings();
  return {
    ...s,
    channels: { ...s.channels, feishu: { ...s.channels.feishu, enabled: true }, dingtalk: { ...s.channels.dingtalk, enabled: true } },
    rules: [
      {
        module: 'ticket',
        businessType: 'data-export',
        status: 'pending-approval',
        enabled: true,
        additionalUsers: ['3002'],
        channels: ['feishu'],
        chats: [{ channel: 'feishu', chatId: CHAT, name: 'Export approvals' }],
      },
    ],
  };
}

const ticket = (targetUsers: { uid: string; name: string }[]): DmsEvent =>
  dmsEventSchema.parse({
    submitterUid: '2001',
    submitterName: 'Zhang San',
    category: 'Ticket',
    module: 'Data Exporting',
    event: 'Pending Approval',
    taskId: '9001',
    taskName: 'Export orders',
    eventTime: '2026-12-01 10:00:00',
    message: 'Please approve the export of table orders.',
    targetUsers,
  });

let dir: string;
let outbox: Outbox;
let woken: number;
const deps = () => ({ outbox: outbox.queue, settings: { read: settings }, directory, now: () => NOW });
const queue = () => createReminderQueue({ ...deps(), onQueued: () => woken++ });
const recipients = (eventId: string) =>
  outbox.log
    .deliveriesOf(eventId)
    .map((d) => `${d.channel} ${d.recipientUid}${d.lastError ? ` ${d.lastError.code}` : ''}`)
    .sort();

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-queue-reminder-'));
  outbox = Outbox.open(dir);
  woken = 0;
});
afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a reminder goes to the approvers the stored event names on the rule’s channels, not to the rule’s additional users or chats', () => {
  const event = ticket([{ uid: '3001', name: 'Li Si' }]);
  // The ticket itself reached the rule's additional user and its chat too.
  const first = createIntake(deps()).accept(event, { source: 'webhook' });
  expect(recipients(first.eventId)).toEqual(['feishu 3001', 'feishu 3002', `feishu chat:${CHAT}`]);

  const mark: ReminderMark = { kind: 'reminder', n: 1, minutes: 30 };
  const queued = queue()({ ...event, message: 'Still waiting for your approval' }, mark, `reminder:9001:${NOW}:0`);
  expect(queued).toMatchObject({ duplicate: false, deliveries: 1 });
  expect(recipients(queued.eventId)).toEqual(['feishu 3001']);
  expect(outbox.log.getEvent(queued.eventId)).toMatchObject({
    source: 'reminder',
    reminder: mark,
    taskId: '9001',
    kind: { module: 'ticket', businessType: 'data-export', status: 'pending-approval' },
    body: { message: 'Still waiting for your approval' },
  });
  expect(woken).toBe(1);
});

it('the same reminder step is queued once: its idempotency key again stores nothing and wakes nobody', () => {
  const mark: ReminderMark = { kind: 'reminder', n: 2, minutes: 90 };
  const event = ticket([{ uid: '3001', name: 'Li Si' }]);
  const once = queue()(event, mark, 'reminder:9001:1:1');
  const again = queue()(event, { ...mark, minutes: 91 }, 'reminder:9001:1:1');
  expect(again).toEqual({ ...once, duplicate: true });
  expect(outbox.log.listEvents({ states: [], search: '' }, 0, 10).total).toBe(1);
  expect(outbox.log.getEvent(once.eventId)?.reminder).toEqual(mark);
  expect(woken).toBe(1);
});

it('an escalation reaches whom it escalates to; people who cannot be reached are dead letters saying why, as for any event', () => {
  const mark: ReminderMark = { kind: 'escalation', minutes: 120, notActed: [{ uid: '3001', name: 'Li Si' }] };
  const event = ticket([
    { uid: '3003', name: '' },
    { uid: '4004', name: '' },
    { uid: '3005', name: '' },
  ]);
  const queued = queue()(event, mark, `reminder:9001:${NOW}:3`);
  expect(recipients(queued.eventId)).toEqual(['feishu 3003', 'feishu 3005 PLATFORM_NO_SUCH_PERSON', 'feishu 4004 NOT_IN_USERS']);
  expect(outbox.log.deliveriesOf(queued.eventId).find((d) => d.recipientUid === '3003')?.recipientName).toBe('User 3003');
  expect(outbox.log.getEvent(queued.eventId)?.reminder).toEqual(mark);
});
