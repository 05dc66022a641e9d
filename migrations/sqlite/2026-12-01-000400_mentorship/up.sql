-- Issue 12 (老马带小马, DESIGN.md §6), the people side.

-- Studios: a 老马工作室 or a 小马工作站, each at a street or community.
CREATE TABLE studios (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('laoma_studio','xiaoma_station')),
    place_id TEXT NOT NULL REFERENCES places(id),
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);

-- A mediator's profile: studio, community and public introduction. The
-- level stays on `users` (it drives sign-off and access).
CREATE TABLE mediator_profiles (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users(id),
    studio_id TEXT REFERENCES studios(id),
    community_id TEXT REFERENCES places(id),
    introduction TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);
CREATE INDEX mediator_profiles_studio_idx ON mediator_profiles (studio_id, user_id);

-- Specialties: the dispute types a mediator knows best.
CREATE TABLE mediator_specialties (
    user_id TEXT NOT NULL REFERENCES users(id),
    dispute_type TEXT NOT NULL,
    PRIMARY KEY (user_id, dispute_type)
);

-- A mentor (老马) paired with a mentee (小马). Ended pairings stay as history.
CREATE TABLE pairings (
    id TEXT PRIMARY KEY NOT NULL,
    mentor_id TEXT NOT NULL REFERENCES users(id),
    mentee_id TEXT NOT NULL REFERENCES users(id),
    program TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    ended_on TEXT NOT NULL DEFAULT '',
    end_reason TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
-- A mentee has exactly one active pairing: the database refuses a second.
CREATE UNIQUE INDEX pairings_one_active_mentee ON pairings (mentee_id) WHERE active;
CREATE INDEX pairings_mentor_idx ON pairings (mentor_id, active);
CREATE INDEX pairings_mentee_idx ON pairings (mentee_id, created_at);
CREATE INDEX pairings_active_idx ON pairings (active, mentor_id);

-- The individual plan: items the mentor ticks off with a date and comment.
CREATE TABLE pairing_plan_items (
    pairing_id TEXT NOT NULL REFERENCES pairings(id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    done_on TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (pairing_id, position)
);

-- The training ledger: hours in tenths (2.5 h = 25), never a float.
CREATE TABLE training_hours (
    id TEXT PRIMARY KEY NOT NULL,
    mediator_id TEXT NOT NULL REFERENCES users(id),
    category TEXT NOT NULL CHECK (category IN ('induction','specialised','annual')),
    day TEXT NOT NULL,
    topic TEXT NOT NULL,
    tenths INTEGER NOT NULL CHECK (tenths > 0),
    entered_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX training_hours_mediator_idx ON training_hours (mediator_id, day);

-- A case that escalated to a criminal matter through the mediator's poor
-- handling, as an admin found after review.
CREATE TABLE mediator_incidents (
    id TEXT PRIMARY KEY NOT NULL,
    mediator_id TEXT NOT NULL REFERENCES users(id),
    case_ref TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX mediator_incidents_mediator_idx ON mediator_incidents (mediator_id);

-- Graduation (出师): the mentor's proposal, then an admin's approval.
CREATE TABLE graduations (
    pairing_id TEXT PRIMARY KEY NOT NULL REFERENCES pairings(id),
    mentee_id TEXT NOT NULL REFERENCES users(id),
    proposed_by TEXT NOT NULL REFERENCES users(id),
    proposed_at BIGINT NOT NULL,
    approved_by TEXT REFERENCES users(id),
    approved_at BIGINT
);
CREATE INDEX graduations_approved_idx ON graduations (approved_at);

-- The programme's settings: the mentor's cap and the graduation criteria
-- (DESIGN.md §6 defaults). One row.
CREATE TABLE mentorship_settings (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    mentee_cap INTEGER NOT NULL,
    min_cases INTEGER NOT NULL,
    min_success_pct INTEGER NOT NULL,
    max_oral_pct INTEGER NOT NULL,
    min_training_tenths INTEGER NOT NULL,
    updated_at BIGINT NOT NULL
);
INSERT INTO mentorship_settings VALUES (1, 3, 20, 85, 30, 440, 0);
