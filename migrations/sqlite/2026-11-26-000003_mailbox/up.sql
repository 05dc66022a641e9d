-- Mailbox (群众信箱, DESIGN.md §4.5).

-- The configurable list of letter categories with their clocks (days).
CREATE TABLE letter_categories (
    code TEXT PRIMARY KEY NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    ack_days INTEGER NOT NULL DEFAULT 3,
    resolve_days INTEGER NOT NULL DEFAULT 30,
    sort_order INTEGER NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    CHECK (ack_days > 0 AND resolve_days >= ack_days)
);
INSERT INTO letter_categories (code, name_zh, name_en, ack_days, resolve_days, sort_order) VALUES
    ('renovation', '改造建议', 'Renovation suggestion', 3, 30, 1),
    ('environment', '环境卫生', 'Cleanliness and environment', 3, 15, 2),
    ('facilities', '公共设施', 'Public facilities', 3, 30, 3),
    ('safety', '安全隐患', 'Safety hazard', 1, 7, 4),
    ('property', '物业管理', 'Property management', 3, 30, 5),
    ('parking', '交通停车', 'Traffic and parking', 3, 30, 6),
    ('neighbourhood', '邻里关系', 'Neighbourhood relations', 3, 30, 7),
    ('other', '其他', 'Other', 3, 30, 99);

-- Due times are fixed at submission from the category's clocks, so the
-- overdue filter is an indexed comparison even with a million letters.
CREATE TABLE letters (
    id TEXT PRIMARY KEY NOT NULL,
    street_id TEXT NOT NULL REFERENCES places(id),
    community_id TEXT REFERENCES places(id),
    place_detail TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL REFERENCES letter_categories(code),
    body TEXT NOT NULL,
    contact_name TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    consent BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL,
    receipt_hash TEXT NOT NULL UNIQUE,
    form_token TEXT NOT NULL UNIQUE,
    submitted_by TEXT REFERENCES users(id),
    assigned_to TEXT REFERENCES users(id),
    duplicate_of TEXT REFERENCES letters(id),
    project_ref TEXT NOT NULL DEFAULT '',
    ack_due_at BIGINT NOT NULL,
    resolve_due_at BIGINT NOT NULL,
    acknowledged_at BIGINT,
    resolved_at BIGINT,
    support_count INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (duplicate_of IS NULL OR duplicate_of <> id)
);
CREATE INDEX letters_street_status_idx ON letters (street_id, status, id);
CREATE INDEX letters_status_idx ON letters (status, id);
CREATE INDEX letters_community_idx ON letters (community_id, id);
CREATE INDEX letters_ack_due_idx ON letters (ack_due_at);
CREATE INDEX letters_resolve_due_idx ON letters (resolve_due_at);
CREATE INDEX letters_submitted_by_idx ON letters (submitted_by);

CREATE TABLE letter_photos (
    id TEXT PRIMARY KEY NOT NULL,
    letter_id TEXT NOT NULL REFERENCES letters(id),
    position INTEGER NOT NULL,
    stored_name TEXT NOT NULL UNIQUE,
    mime TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (letter_id, position)
);

-- The timeline: status changes, replies, notes, assignments. Append-only.
CREATE TABLE letter_events (
    id TEXT PRIMARY KEY NOT NULL,
    letter_id TEXT NOT NULL REFERENCES letters(id),
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    body TEXT NOT NULL DEFAULT '',
    public BOOLEAN NOT NULL,
    actor_id TEXT REFERENCES users(id),
    actor_label TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX letter_events_letter_idx ON letter_events (letter_id, id);

-- One "我也是" per browser or account: the key is a hash, never the cookie.
CREATE TABLE letter_supports (
    letter_id TEXT NOT NULL REFERENCES letters(id),
    supporter_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (letter_id, supporter_key)
);

CREATE TRIGGER letter_events_no_update BEFORE UPDATE ON letter_events
BEGIN
    SELECT RAISE(ABORT, 'letter_events is append-only');
END;
CREATE TRIGGER letter_events_no_delete BEFORE DELETE ON letter_events
BEGIN
    SELECT RAISE(ABORT, 'letter_events is append-only');
END;
