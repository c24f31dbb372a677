/** Outbox schema steps for migrate() (sqlite/migrate.ts): entry i migrates from version i to i+1. */
export const OUTBOX_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT    NOT NULL UNIQUE,
    received_at     INTEGER NOT NULL,
    source          TEXT    NOT NULL,
    content_hash    TEXT    NOT NULL UNIQUE,
    idempotency_key TEXT    UNIQUE,
    module          TEXT    NOT NULL,
    business_type   TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    task_id         TEXT    NOT NULL,
    task_name       TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    notes           TEXT    NOT NULL DEFAULT '[]'
  );
  CREATE INDEX events_received ON events (received_at);

  CREATE TABLE deliveries (
    id               INTEGER PRIMARY KEY,
    event_id         TEXT    NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    channel          TEXT    NOT NULL,
    recipient_uid    TEXT    NOT NULL,
    recipient_name   TEXT    NOT NULL,
    platform_user_id TEXT,
    dedup_key        TEXT    NOT NULL,
    state            TEXT    NOT NULL
                     CHECK (state IN ('queued', 'sending', 'sent', 'retrying', 'dead', 'discarded')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    failures         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    finished_at      INTEGER,
    UNIQUE (event_id, channel, recipient_uid)
  );
  CREATE INDEX deliveries_due ON deliveries (channel, next_attempt_at) WHERE state IN ('queued', 'retrying');
  CREATE INDEX deliveries_state ON deliveries (state);
  CREATE INDEX deliveries_event ON deliveries (event_id);
  CREATE INDEX deliveries_finished ON deliveries (finished_at) WHERE finished_at IS NOT NULL;

  CREATE TABLE attempts (
    id          INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    ok          INTEGER NOT NULL,
    error       TEXT
  );
  CREATE INDEX attempts_delivery ON attempts (delivery_id);
  CREATE INDEX attempts_at ON attempts (at);

  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // Approval reminders (delivery/reminders/): in the outbox file so that claiming a step and enqueueing
  // its message commit in one transaction (a crash can neither lose nor repeat a reminder).
  `
  CREATE TABLE reminder_tickets (
    task_id  TEXT    PRIMARY KEY,
    since    INTEGER NOT NULL,
    config   TEXT    NOT NULL,
    event    TEXT    NOT NULL,
    step     INTEGER NOT NULL DEFAULT 0,
    next_at  INTEGER,
    ended_at INTEGER
  );
  CREATE INDEX reminder_tickets_due ON reminder_tickets (next_at) WHERE next_at IS NOT NULL;
  `,
  // What a reminder, escalation or digest event is (JSON, shared/reminders.ts ReminderMark); NULL for DMS's own events.
  `
  ALTER TABLE events ADD COLUMN reminder TEXT;
  `,
  // A ticket's daily-digest slot (`HH:MM|time zone`, from its rule), so a digest finds its tickets by index.
  `
  ALTER TABLE reminder_tickets ADD COLUMN digest_slot TEXT;
  CREATE INDEX reminder_tickets_digest ON reminder_tickets (digest_slot) WHERE digest_slot IS NOT NULL AND ended_at IS NULL;
  `,
  // Approve / Reject presses from chat cards (outbox/approvals-store.ts), one row per press. \`live\` = 1 marks the row
  // that acts for its (card nonce, action) — claimed, or done as approved / rejected; the partial unique index makes
  // that at most one, so a card's action reaches DMS at most once. Refused, failed and duplicate presses stay as rows
  // with live NULL. Same file as the outbox so the retention setting prunes it with the events.
  `
  CREATE TABLE approvals (
    id          INTEGER PRIMARY KEY,
    card_nonce  TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('approve', 'reject')),
    pressed_at  INTEGER NOT NULL,
    platform    TEXT    NOT NULL,
    presser_id  TEXT    NOT NULL,
    dms_user_id TEXT,
    dms_uid     TEXT,
    order_id    TEXT    NOT NULL,
    comment     TEXT    NOT NULL DEFAULT '',
    state       TEXT    NOT NULL CHECK (state IN ('claimed', 'done')),
    outcome     TEXT    CHECK (outcome IN ('approved', 'rejected', 'refused', 'failed', 'duplicate')),
    reason      TEXT,
    message     TEXT,
    request_id  TEXT,
    finished_at INTEGER,
    live        INTEGER CHECK (live = 1)
  );
  CREATE UNIQUE INDEX approvals_live ON approvals (card_nonce, action) WHERE live = 1;
  CREATE INDEX approvals_pressed ON approvals (pressed_at);
  CREATE INDEX approvals_claimed ON approvals (state) WHERE state = 'claimed';
  `,
  // Approval cards sent (outbox/approval-cards-store.ts): one row per copy, found by its opaque nonce (the button's
  // value). \`dedup_key\` is the delivery's per-recipient key, so a retried send reuses the nonce of the copy the platform
  // may already show. \`ref\` is where the copy lives (CardRef JSON, set once the platform answered), \`content\` what it
  // says (to rebuild it with the outcome). Same file as the outbox so the retention setting prunes it.
  `
  CREATE TABLE approval_cards (
    nonce       TEXT    PRIMARY KEY,
    dedup_key   TEXT    NOT NULL UNIQUE,
    order_id    TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    recipient   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'expired', 'test')),
    status_text TEXT    NOT NULL DEFAULT '',
    content     TEXT    NOT NULL,
    ref         TEXT,
    updated_at  INTEGER NOT NULL
  );
  CREATE INDEX approval_cards_order ON approval_cards (order_id);
  CREATE INDEX approval_cards_created ON approval_cards (created_at);
  `,
];

export const OUTBOX_SCHEMA_VERSION = OUTBOX_MIGRATIONS.length;
