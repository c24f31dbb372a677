import { CHANNEL_IDS, type ChannelId } from '../../../shared/catalog/channels.js';
import { createAlerts, type AlertsService } from './alerts/alerts.js';
import { createDeliveryControl, type DeliveryControl } from './control.js';
import { createInboxSettingsService, type InboxSettingsService } from './inbox/inbox-settings.js';
import { createDmsHookRoute, ensureInboxToken, SIGNING_SECRET_KEY } from './inbox/hook-route.js';
import { createIntake, type Intake } from './intake.js';
import { approvalCardsOn } from './approve-from-chat.js';
import { notifyLanguage } from './notify-language.js';
import type { HttpRoute } from '../net/routes.js';
import { Outbox } from './outbox/outbox.js';
import type { RecipientDirectory } from '../directory/recipients.js';
import { RuleStore } from '../rules/rule-store.js';
import { simulateRules, type SimulateInput } from '../rules/simulator.js';
import { templateFor } from '../rules/template/template-for.js';
import type { Simulation } from '../../../shared/contract/rules.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { SecretStore } from '../vault/secret-store.js';
import type { RetryPolicy } from './sender/backoff.js';
import { startRetention } from './outbox/retention.js';
import { systemClock, type Clock } from '../clock.js';
import type { ChannelLimits } from './sender/rate-budget.js';
import { Sender, type SendingClient } from './sender/sender.js';
import { ReminderScheduler } from './reminders/scheduler.js';
import { DigestPlanner } from './reminders/digest.js';
import { createReminderQueue } from './reminders/queue-reminder.js';
import { withReminderTimeline } from './reminders/simulate.js';
import { withReminderDefaults } from '../../../shared/reminders.js';
import { linkContext } from '../channels/link-context.js';

/** Stage 3 and the sender, built from one data folder: what AppServices exposes as `delivery`. */
export interface DeliveryServices {
  readonly outbox: Outbox;
  readonly rules: RuleStore;
  readonly intake: Intake;
  readonly sender: Sender;
  readonly alerts: AlertsService;
  /** Approval reminders and escalation (the DMS watcher plugs in its live ticket check). */
  readonly reminders: ReminderScheduler;
  readonly directory: RecipientDirectory;
  /** Status, pause/resume, the delivery log, retry, discard and CSV export. */
  readonly control: DeliveryControl;
  /** The inbox section of Settings (URL, token rotation, signing secret). */
  readonly inbox: InboxSettingsService;
  /** Who would get an event under the current rules (nothing is stored or sent). */
  simulate(input: SimulateInput): Promise<Simulation>;
  /** `POST /hooks/dms/<token>` for the headless server (and a second inbox listener). */
  readonly hookRoute: HttpRoute;
  /** The per-install path token of the inbox. */
  inboxToken(): string;
  /** Starts the sender loop (re-queues what a crash left in flight). */
  start(): void;
  close(): Promise<void>;
}

export interface DeliveryServicesOptions {
  readonly dataDir: string;
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
  readonly directory: RecipientDirectory;
  /** The platform client of a channel (throws AppError when it cannot be built). */
  clientFor(channel: ChannelId): Promise<SendingClient>;
  /** True while the vault is unavailable: deliveries wait in the queue instead of failing. */
  held?(): boolean;
  readonly clock?: Clock;
  readonly limits?: (channel: ChannelId) => ChannelLimits | null;
  readonly retry?: RetryPolicy;
  readonly maxInFlight?: number;
}

export function createDeliveryServices(opts: DeliveryServicesOptions): DeliveryServices {
  const clock = opts.clock ?? systemClock;
  const outbox = Outbox.open(opts.dataDir);
  const enabledChannels = (): ChannelId[] => CHANNEL_IDS.filter((c) => opts.settings.read().channels[c].enabled);
  const sender = new Sender({
    outbox,
    clientFor: opts.clientFor,
    ...(opts.held ? { held: opts.held } : {}),
    activeChannels: enabledChannels,
    renderContext: (channel, kind) => {
      const s = opts.settings.read();
      const template = templateFor(s.rules, channel, kind);
      const { region, ...links } = linkContext(s, channel);
      return { region, links, lang: notifyLanguage(s, channel), ...(template ? { template } : {}), approveFromChat: approvalCardsOn(s, channel) };
    },
    clock,
    onRecipientFailure: (channel, id, failure) => opts.directory.noteRecipientFailure(channel, id, failure),
    sendTargets: (channel, uids, signal) => opts.directory.sendTargets(channel, uids, signal),
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.retry ? { retry: opts.retry } : {}),
    ...(opts.maxInFlight ? { maxInFlight: opts.maxInFlight } : {}),
  });
  // What the intake and the reminders plan and store with.
  const planning = { outbox: outbox.queue, settings: opts.settings, directory: opts.directory, now: () => clock.now() };
  const queue = createReminderQueue({ ...planning, onQueued: () => sender.poke() });
  const reminders = new ReminderScheduler({
    store: outbox.reminders,
    queue,
    clock,
    digests: new DigestPlanner({ store: outbox.reminders, meta: outbox.meta, queue }),
  });
  const intake = createIntake({
    ...planning,
    onAccepted: () => sender.poke(),
    onStored: (event, plan, source) =>
      reminders.observe(
        event,
        plan.kind.status.id,
        plan.rule?.enabled ? withReminderDefaults(plan.rule.reminders, opts.settings.read().reminderDefaults) : undefined,
        source,
      ),
  });
  const alerts = createAlerts({ counts: () => outbox.log.counts(), paused: () => sender.paused, onOutboxChange: (l) => outbox.onChange(l) }, { clock });
  // Enabling a channel or fixing its settings may unblock waiting deliveries.
  const unwatch = opts.settings.onChange(() => sender.poke());
  const hookRoute = createDmsHookRoute({ intake, settings: opts.settings, signingSecret: () => opts.vault.get(SIGNING_SECRET_KEY) });
  let closed: Promise<void> | null = null;
  let checkpoints: NodeJS.Timeout | null = null;
  let stopRetention: (() => void) | null = null;

  const control = createDeliveryControl({ outbox, sender, alerts, directory: opts.directory, settings: opts.settings });
  return {
    outbox,
    rules: new RuleStore(opts.settings),
    intake,
    sender,
    alerts,
    reminders,
    directory: opts.directory,
    control,
    inbox: createInboxSettingsService({ settings: opts.settings, vault: opts.vault }),
    simulate: async (input) =>
      withReminderTimeline(await simulateRules(input, opts.settings, opts.directory), opts.settings.read().reminderDefaults, clock.now()),
    hookRoute,
    inboxToken: () => ensureInboxToken(opts.settings),
    start() {
      ensureInboxToken(opts.settings);
      sender.start();
      reminders.start();
      checkpoints ??= setInterval(() => outbox.checkpoint(), 1_000).unref();
      stopRetention ??= startRetention({ outbox: outbox.retention, days: () => opts.settings.read().retention.sentEventDays, now: () => clock.now() });
    },
    close() {
      closed ??= (async () => {
        unwatch();
        if (checkpoints) clearInterval(checkpoints);
        stopRetention?.();
        alerts.close();
        await reminders.stop();
        await sender.stop();
        outbox.close();
      })();
      return closed;
    },
  };
}
