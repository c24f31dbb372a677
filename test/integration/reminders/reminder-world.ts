import type { AppServices } from '../../../electron/services/app.js';
import { saveConnection } from '../../../electron/services/dms/connection.js';
import type { Clock } from '../../../electron/services/clock.js';
import type { FakeChat, FakeServer } from '../../fakes/common.js';
import { startFakeDms, type FakeDms } from '../../fakes/dms-openapi.js';
import { FEISHU_SCOPES, startFeishuFake } from '../../fakes/feishu.js';
import type { ReminderConfig } from '../../../shared/reminders.js';

export const APP = 'cli_reminders00000001';
export const APP_SECRET = 'feishu-reminder-secret-0123456789';
export const AK_SECRET = 'dms-reminder-ak-secret-0123456789';
export const TID = 3100;

/**
 * Real time plus an offset the test moves forward: "minutes later" takes no minutes. Timers stay real, except that
 * moving the clock past a timer's due time fires it at once (otherwise a sender idling on a 5 s timer armed before
 * the move would sleep those 5 s of real time before it sees what fell due).
 */
export interface OffsetClock extends Clock {
  advance(ms: number): void;
}

export function offsetClock(startOffset = 0): OffsetClock {
  let offset = startOffset;
  const now = () => Date.now() + offset;
  /** Pending timers, each with its due time on this clock and a way to run it now. */
  const pending = new Set<{ readonly due: number; fireNow(): void }>();
  return {
    now,
    setTimer(fn, ms) {
      let handle: NodeJS.Timeout;
      const arm = (delay: number) => {
        handle = setTimeout(() => {
          pending.delete(timer);
          fn();
        }, delay);
        handle.unref();
      };
      const timer = {
        due: now() + Math.max(0, ms),
        fireNow() {
          clearTimeout(handle);
          arm(0);
        },
      };
      pending.add(timer);
      arm(Math.max(0, ms));
      return () => {
        pending.delete(timer);
        clearTimeout(handle);
      };
    },
    advance(ms) {
      offset += ms;
      for (const timer of pending) if (timer.due <= now()) timer.fireNow();
    },
  };
}

/** Feishu fake with an approver, a second approver and a team lead (and `chats`, with the bot in them); DMS fake with the same people. */
export async function startWorld(opts: { chats?: readonly FakeChat[] } = {}): Promise<{ feishu: FakeServer; dms: FakeDms }> {
  const feishu = await startFeishuFake({
    apps: [
      {
        appId: APP,
        secret: APP_SECRET,
        scopes: [FEISHU_SCOPES.send[0], FEISHU_SCOPES.lookup],
        users: [
          { id: 'ou-submitter', mobile: '13800000011' },
          { id: 'ou-alice', mobile: '13800000022' },
          { id: 'ou-bob', mobile: '13800000044' },
          { id: 'ou-lead', mobile: '13800000033' },
        ],
        ...(opts.chats ? { chats: opts.chats } : {}),
      },
    ],
  });
  const dms = await startFakeDms({
    tid: TID,
    keys: [{ id: 'LTAIrem', secret: AK_SECRET, actions: '*' }],
    users: [
      { userId: '11', uid: '200000000000011', nickName: 'Sam Submitter', mobile: '13800000011' },
      { userId: '22', uid: '200000000000022', nickName: 'Alice Approver', mobile: '13800000022' },
      { userId: '44', uid: '200000000000044', nickName: 'Bob Approver', mobile: '13800000044' },
      { userId: '33', uid: '200000000000033', nickName: 'Lee Lead', mobile: '13800000033' },
    ],
  });
  return { feishu, dms };
}

/** Feishu on, the watcher connected (and on), one rule for pending data exports with `reminders`. */
export async function configure(s: AppServices, world: { feishu: FakeServer; dms: FakeDms }, reminders: ReminderConfig): Promise<void> {
  s.settings.update((cur) => ({
    ...cur,
    channels: {
      ...cur.channels,
      feishu: { ...cur.channels.feishu, enabled: true, region: 'cn-hangzhou', values: { appId: APP }, baseUrls: { apiBaseUrl: world.feishu.baseUrl } },
    },
    rules: [{ module: 'ticket', businessType: 'data-export', status: 'pending-approval', enabled: true, additionalUsers: [], channels: ['feishu'], reminders }],
  }));
  // The team lead is in Users (escalateTo names Users' DMS uids).
  s.directory.upsert({ uid: '200000000000033', name: 'Lee Lead', mobile: '13800000033', email: '' });
  await s.vault.set('channel/feishu/appSecret', APP_SECRET);
  await saveConnection(s, { region: 'cn-hangzhou', tid: TID, accessKeyId: 'LTAIrem', accessKeySecret: AK_SECRET, endpoint: world.dms.endpoint });
  s.settings.update((cur) => ({ ...cur, dms: { ...cur.dms, enabled: true } }));
}
