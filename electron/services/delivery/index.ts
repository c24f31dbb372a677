// The delivery pipeline's public surface: code outside delivery/ imports from here only (lint enforces it).
// intake (the single way in) → outbox (SQLite queue) → sender (loop, budgets, rendering) → alerts;
// the webhook inbox (inbox/) is one edge that feeds the intake.
export { createDeliveryServices, type DeliveryServices, type DeliveryServicesOptions } from './delivery-services.js';
export type { Intake } from './intake.js';
export type { DeliveryControl } from './control.js';
export { platformClients } from './sender/platform-clients.js';
export type { AlertsSource, DeadLetterNotice, TrayLevel, TrayState } from './alerts/alerts-source.js';
export { exportInboxSection, planInboxSection, type InboxPolicy } from './inbox/config-section.js';
export type { InboxSettingsService } from './inbox/inbox-settings.js';
export { knownInboxUrl, recordInboxOrigin } from './inbox/hook-route.js';
export { startInboxListener, type InboxListener, type InboxTlsFiles } from './inbox/listener.js';
export { Outbox, OUTBOX_FILE, emptyCounts, type DeliveryLogReader, type KeyValueStore, type OutboxStats } from './outbox/outbox.js';
export type { ApprovalAction, ApprovalPress, ApprovalRecord, SqliteApprovalStore } from './outbox/approvals-store.js';
export { isThrottle } from './sender/backoff.js';
export { listDeliveries, retryDeliveries, type NotRetried } from './outbox/delivery-list.js';
export { defaultNotifyLanguage, notifyLanguage, saveNotifyLanguage } from './notify-language.js';
export { approvalCardsOn } from './approve-from-chat.js';
export { APPROVAL_CARD_TTL_MS, type ApprovalCard, type SqliteApprovalCardStore } from './outbox/approval-cards-store.js';
export { renderMessage } from './sender/render.js';
export { ReminderScheduler, type LiveCheck, type LiveTicket } from './reminders/scheduler.js';
export { saveRetentionDays } from './outbox/retention.js';
