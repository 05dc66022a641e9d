-- People's mediation (DESIGN.md §5).

-- One people's mediation committee per street or town.
CREATE TABLE committees (
    id TEXT PRIMARY KEY NOT NULL,
    street_id TEXT NOT NULL UNIQUE REFERENCES places(id),
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    head_user_id TEXT REFERENCES users(id),
    created_at BIGINT NOT NULL
);

-- Gap-free case numbers: the counter row is bumped in the accepting transaction.
CREATE TABLE case_number_counters (
    committee_id TEXT NOT NULL REFERENCES committees(id),
    year INTEGER NOT NULL,
    last_n INTEGER NOT NULL,
    PRIMARY KEY (committee_id, year)
);

CREATE TABLE cases (
    id TEXT PRIMARY KEY NOT NULL,
    committee_id TEXT NOT NULL REFERENCES committees(id),
    street_id TEXT NOT NULL REFERENCES places(id),
    community_id TEXT REFERENCES places(id),
    case_year INTEGER,
    case_seq INTEGER,
    case_number TEXT UNIQUE,
    state TEXT NOT NULL,
    source TEXT NOT NULL,
    external_ref TEXT NOT NULL DEFAULT '',
    dispute_type TEXT NOT NULL,
    summary TEXT NOT NULL,
    requests TEXT NOT NULL,
    place_detail TEXT NOT NULL DEFAULT '',
    risk_level TEXT,
    on_hold BOOLEAN NOT NULL DEFAULT FALSE,
    hold_reason TEXT NOT NULL DEFAULT '',
    hold_started_at BIGINT,
    hold_days INTEGER NOT NULL DEFAULT 0,
    extension_days INTEGER NOT NULL DEFAULT 0,
    escalation TEXT,
    prevent_criminal INTEGER NOT NULL DEFAULT 0,
    prevent_petition INTEGER NOT NULL DEFAULT 0,
    prevent_fight INTEGER NOT NULL DEFAULT 0,
    prevent_suicide INTEGER NOT NULL DEFAULT 0,
    police_report TEXT NOT NULL DEFAULT '',
    lead_mediator_id TEXT REFERENCES users(id),
    mentor_id TEXT REFERENCES users(id),
    previous_state TEXT,
    outcome_note TEXT NOT NULL DEFAULT '',
    archive_volume TEXT NOT NULL DEFAULT '',
    archive_retention TEXT NOT NULL DEFAULT '',
    archived_by TEXT REFERENCES users(id),
    receipt_hash TEXT UNIQUE,
    registered_by TEXT REFERENCES users(id),
    accepted_at BIGINT,
    deadline_at BIGINT,
    state_entered_at BIGINT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (case_seq IS NULL OR case_seq > 0),
    UNIQUE (committee_id, case_year, case_seq)
);
CREATE INDEX cases_state_idx ON cases (state, id);
CREATE INDEX cases_street_state_idx ON cases (street_id, state, id);
CREATE INDEX cases_lead_idx ON cases (lead_mediator_id, state, id);
CREATE INDEX cases_mentor_idx ON cases (mentor_id, state, id);
CREATE INDEX cases_deadline_idx ON cases (deadline_at);

CREATE TABLE case_co_mediators (
    case_id TEXT NOT NULL REFERENCES cases(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_co_mediators_user_idx ON case_co_mediators (user_id);

CREATE TABLE case_parties (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    party_role TEXT NOT NULL CHECK (party_role IN ('applicant','respondent','third_party')),
    kind TEXT NOT NULL CHECK (kind IN ('person','organisation')),
    name TEXT NOT NULL,
    sex TEXT NOT NULL DEFAULT '',
    age INTEGER,
    occupation TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    agent TEXT NOT NULL DEFAULT '',
    rights_notice_served BOOLEAN NOT NULL DEFAULT FALSE,
    consent TEXT NOT NULL DEFAULT 'pending' CHECK (consent IN ('pending','given','refused')),
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX case_parties_case_idx ON case_parties (case_id, sort_order);
CREATE INDEX case_parties_name_idx ON case_parties (name);

-- Records kept on a case: investigations, sessions, urging, follow-up visits.
CREATE TABLE case_records (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL CHECK (kind IN ('investigation','session','urging','follow_up')),
    held_on TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    persons TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL,
    result TEXT NOT NULL DEFAULT '',
    satisfaction INTEGER,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX case_records_case_idx ON case_records (case_id, kind, created_at);

-- Agreement versions (调解协议书); a new mediation round adds a version.
CREATE TABLE agreements (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    version INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('written','oral')),
    facts TEXT NOT NULL,
    responsibilities TEXT NOT NULL DEFAULT '',
    terms TEXT NOT NULL,
    amount_cents BIGINT NOT NULL DEFAULT 0,
    performance_deadline TEXT NOT NULL DEFAULT '',
    signed_by_all BOOLEAN NOT NULL DEFAULT FALSE,
    sealed BOOLEAN NOT NULL DEFAULT FALSE,
    effective_on TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (case_id, version)
);

-- The immutable timeline. Never updated or deleted (triggers below).
CREATE TABLE case_events (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    actor_id TEXT REFERENCES users(id),
    actor_label TEXT NOT NULL,
    at BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    seconds_in_previous BIGINT
);
CREATE INDEX case_events_case_idx ON case_events (case_id, id);

-- One-time form tokens: a re-posted form finds its token used and creates nothing.
CREATE TABLE form_tokens (
    token TEXT PRIMARY KEY NOT NULL,
    used_at BIGINT NOT NULL,
    result_ref TEXT NOT NULL DEFAULT ''
);

CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only');
END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only');
END;
