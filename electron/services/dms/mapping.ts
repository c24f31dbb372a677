import { DMS_MODULES, matchStatus } from '../../../shared/catalog/dms-events.js';

/**
 * OpenAPI codes → the notification catalogue (shared/catalog/dms-events.ts), so a polled ticket looks
 * like the webhook event DMS would have sent: `category` = module, `module` = business type,
 * `event` = status, as the catalogue's English display names.
 *
 *   PluginType                                         → module > business type
 *   DATA_EXPORT                                        → Ticket > Data Exporting
 *   DATA_CORRECT, DC_COMMON, DC_CHUNK, DC_CRON_CLEAR,
 *   DC_PROC, DC_BIG_FILE                               → Ticket > Data Change
 *   PERM_APPLY, OWNER_APPLY, PROXY_APPLY               → Ticket > Permission Application
 *   NDDL                                               → Ticket > Schema Design
 *   TABLE_SYNC                                         → Ticket > Schema Synchronization
 *   DB_EXPORT                                          → Ticket > Database Export
 *   DATA_ARCHIVE                                       → Ticket > Data Archiving
 *   DATA_TRACK                                         → Ticket > Data Tracking
 *   DATABASE_CLONE                                     → Ticket > Database Cloning
 *   SQLReview                                          → Ticket > SQL Review
 *   SENSITIVITY                                        → Ticket > Sensitive Data Change
 *   DF_PUBLISH                                         → Data Warehouse Development > Publishing
 *   anything else (SAAS_DB_MOVE, DATA_SNAPSHOT, …)     → Ticket > <PluginType as sent>  (unknown, kept)
 *
 *   StatusCode (any case) → status:  toaudit → Pending Approval, approved → Approved, reject → Rejected,
 *   success → Succeeded, fail → Failed, cancel → Revoked, closed → Closed, processing → Processing;
 *   anything else (e.g. `new`) → the code as sent (unknown, kept).
 *
 * The catalogue owns the aliases; this module only picks the module that holds a PluginType and
 * falls back to "Ticket" because every ListOrders result is a ticket.
 */
export interface MappedKind {
  readonly module: string;
  readonly businessType: string;
  readonly status: string;
  /** Lower-cased StatusCode: the dedupe key and the idempotency key use it. */
  readonly statusCode: string;
  readonly known: boolean;
}

const TICKET = DMS_MODULES.find((m) => m.id === 'ticket');

const fold = (s: string): string => s.trim().toLowerCase();

export function mapOrderKind(pluginType: string, statusCode: string): MappedKind {
  const code = fold(pluginType);
  let module = TICKET?.name.en ?? 'Ticket';
  let businessType = pluginType.trim() || 'UNKNOWN';
  let typeKnown = false;
  for (const m of DMS_MODULES) {
    const hit = m.businessTypes.find((b) => b.aliases.some((a) => fold(a) === code));
    if (hit) {
      module = m.name.en;
      businessType = hit.name.en;
      typeKnown = true;
      break;
    }
  }
  const normalized = fold(statusCode) || 'unknown';
  const status = matchStatus(normalized);
  return {
    module,
    businessType,
    status: status.known ? status.name.en : normalized,
    statusCode: normalized,
    known: typeKnown && status.known,
  };
}

export const isPendingApproval = (statusCode: string): boolean => fold(statusCode) === 'toaudit';
