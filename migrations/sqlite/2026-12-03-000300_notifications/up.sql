-- Notification outbox (issue 14 item 2): one row per message to a resident,
-- written in the same transaction as the change that causes it, delivered
-- by a background worker that leases rows so that several app instances
-- never send one message twice. The address is sealed (field_crypto) and
-- also kept as a keyed hash, so opt-outs can match it without reading it.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('phone', 'email', 'account')),
    recipient_user_id TEXT REFERENCES users (id),
    address_sealed TEXT NOT NULL,
    address_hash TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('log', 'smtp', 'sms')),
    template TEXT NOT NULL,
    params TEXT NOT NULL DEFAULT '{}',
    object_kind TEXT NOT NULL CHECK (object_kind IN ('letter', 'case')),
    object_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    lease_owner TEXT,
    leased_until BIGINT,
    sent_at BIGINT,
    created_at BIGINT NOT NULL
);

-- What the worker polls: only rows still to deliver, oldest due first.
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE state IN ('pending', 'sending');
-- The admin page: counts by state and the newest failures.
CREATE INDEX notifications_by_state ON notifications (state, created_at);
-- An opt-out cancels what is still waiting for that address.
CREATE INDEX notifications_by_address ON notifications (address_hash);
CREATE INDEX notifications_by_object ON notifications (object_kind, object_id);

-- Addresses that asked to hear nothing more (keyed hash only).
CREATE TABLE notification_opt_outs (
    address_hash TEXT PRIMARY KEY NOT NULL,
    created_at BIGINT NOT NULL
);
