import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { DmsEvent } from '../../../../shared/events/dms-event.js';
import type { ReminderMark } from '../../../../shared/reminders.js';
import { Outbox } from '../outbox/outbox.js';
import { DigestPlanner, digestSlot } from './digest.js';

const at = (iso: string): number => Date.parse(iso);
const CONFIG = { digest: { at: '09:00' }, quietHours: { from: '22:00', to: '08:00', timeZone: 'Asia/Shanghai' } };

let dir: string;
let outbox: Outbox;
let sent: { event: DmsEvent; mark: ReminderMark; key: string }[];
const queue = (event: DmsEvent, mark: ReminderMark, key: string) => {
  sent.push({ event, mark, key });
  return { eventId: key, duplicate: false, deliveries: 1 };
};
const planner = () => new DigestPlanner({ store: outbox.reminders, meta: outbox.meta, queue });
const ticket = (taskId: string, since: number, approvers: string[], config: object = CONFIG) =>
  outbox.reminders.track({
    taskId,
    since,
    config: JSON.stringify(config),
    event: JSON.stringify({ taskId, taskName: `Ticket ${taskId}`, targetUsers: approvers.map((uid) => ({ uid, name: uid.toUpperCase() })) }),
    nextAt: null,
    digest: digestSlot(config),
  });
const listed = (): Record<string, string[]> =>
  Object.fromEntries(
    sent.map((s): [string, string[]] => [
      s.event.targetUsers[0]?.uid ?? '',
      (s.mark as Extract<ReminderMark, { kind: 'digest' }>).tickets.map((t) => t.taskId),
    ]),
  );

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-digest-'));
  outbox = Outbox.open(dir);
  sent = [];
});
afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

it('at 09:00 in the rule’s zone each approver gets one digest of their waiting tickets, oldest first; ended ones are left out', () => {
  const now = at('2026-12-01T00:30:00Z'); // 08:30 Shanghai
  ticket('101', now - 3 * 3_600_000, ['alice']);
  ticket('102', now - 5 * 3_600_000, ['alice', 'bob']);
  ticket('103', now - 3_600_000, ['bob']);
  ticket('104', now - 3_600_000, ['alice']);
  ticket('105', now, ['carol'], { firstAfterMinutes: 5 }); // no digest in its rule
  outbox.reminders.end('104', now);
  const p = planner();
  expect(p.nextDueAt(now)).toBe(at('2026-12-01T01:00:00Z'));
  expect(p.fireDue(now)).toBe(0);

  expect(p.fireDue(at('2026-12-01T01:00:00Z'))).toBe(2);
  expect(listed()).toEqual({ alice: ['102', '101'], bob: ['102', '103'] });
  expect(sent.map((s) => s.key).sort()).toEqual(['digest:09:00|Asia/Shanghai:2026-12-01:alice', 'digest:09:00|Asia/Shanghai:2026-12-01:bob']);
  expect(sent[0]?.event.targetUsers).toEqual([{ uid: 'alice', name: 'ALICE' }]);
});

it('once a day: not again the same day, not again after a restart, and one (not one per missed day) after a long stop', () => {
  const now = at('2026-12-01T00:30:00Z');
  ticket('101', now, ['alice']);
  const p = planner();
  p.nextDueAt(now);
  expect(p.fireDue(at('2026-12-01T01:00:05Z'))).toBe(1);
  expect(p.fireDue(at('2026-12-01T01:30:00Z'))).toBe(0);
  expect(planner().fireDue(at('2026-12-01T05:00:00Z'))).toBe(0);
  expect(planner().nextDueAt(at('2026-12-01T05:00:00Z'))).toBe(at('2026-12-02T01:00:00Z'));

  // Stopped from Dec 1 to Dec 4, 10:00 Shanghai: one digest now, the next at 09:00 on Dec 5.
  const back = at('2026-12-04T02:00:00Z');
  expect(planner().fireDue(back)).toBe(1);
  expect(planner().fireDue(back + 60_000)).toBe(0);
  expect(planner().nextDueAt(back)).toBe(at('2026-12-05T01:00:00Z'));
  expect(sent.map((s) => s.key)).toEqual(['digest:09:00|Asia/Shanghai:2026-12-01:alice', 'digest:09:00|Asia/Shanghai:2026-12-04:alice']);
});

it('a slot first seen just before its time fires at that time (the first run does not move on with the clock)', () => {
  const seen = at('2026-12-01T00:59:30Z');
  ticket('101', seen, ['alice']);
  const p = planner();
  expect(p.nextDueAt(seen)).toBe(at('2026-12-01T01:00:00Z'));
  expect(p.fireDue(at('2026-12-01T01:00:00.010Z'))).toBe(1);
});

it('no digest without a digest time: the default zone is Asia/Shanghai', () => {
  expect(digestSlot({ firstAfterMinutes: 3 })).toBeNull();
  expect(digestSlot({ digest: { at: '18:30' } })).toEqual({ at: '18:30', timeZone: 'Asia/Shanghai' });
  expect(planner().nextDueAt(Date.now())).toBeNull();
});
