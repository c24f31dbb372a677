import { DMS_MODULES, matchStatus, type CatalogMatch, type EventKind } from '../../../shared/catalog/dms-events.js';
import { text } from '../../../shared/i18n-text.js';

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
  /** The same, as the catalogue matches the intake plans with: taken from the codes, never parsed back from the names. */
  readonly kind: EventKind;
}

const TICKET = DMS_MODULES.find((m) => m.id === 'ticket');

const fold = (s: string): string => s.trim().toLowerCase();

export function mapOrderKind(pluginType: string, statusCode: string): MappedKind {
  const code = fold(pluginType);
  const raw = pluginType.trim() || 'UNKNOWN';
  const unknownType: CatalogMatch = { id: raw, known: false, name: text(raw, raw), raw };
  let moduleMatch: CatalogMatch = TICKET ? { id: TICKET.id, known: true, name: TICKET.name, raw } : unknownType;
  let typeMatch = unknownType;
  for (const m of DMS_MODULES) {
    const hit = m.businessTypes.find((b) => b.aliases.some((a) => fold(a) === code));
    if (hit) {
      moduleMatch = { id: m.id, known: true, name: m.name, raw };
      typeMatch = { id: hit.id, known: true, name: hit.name, raw };
      break;
    }
  }
  const normalized = fold(statusCode) || 'unknown';
  const status = matchStatus(normalized);
  return {
    module: moduleMatch.known ? moduleMatch.name.en : 'Ticket',
    businessType: typeMatch.name.en,
    status: status.known ? status.name.en : normalized,
    statusCode: normalized,
    known: typeMatch.known && status.known,
    kind: { module: moduleMatch, businessType: typeMatch, status },
  };
}

export const isPendingApproval = (statusCode: string): boolean => fold(statusCode) === 'toaudit';
