import type { Simulation } from '../../../../shared/contract/rules.js';
import { withReminderDefaults, type ReminderConfig } from '../../../../shared/reminders.js';
import { reminderTimeline } from './timeline.js';

/** The simulator's answer plus the reminder timeline of the matching rule (Settings defaults applied), counted from `now` (the event's arrival). */
export function withReminderTimeline(sim: Simulation, defaults: ReminderConfig, now: number): Simulation {
  const config = sim.rule?.enabled ? withReminderDefaults(sim.rule.reminders, defaults) : undefined;
  if (!config || sim.kind.status.id !== 'pending-approval') return sim;
  return { ...sim, reminders: reminderTimeline(config, now), escalateTo: config.escalateTo ?? [] };
}
