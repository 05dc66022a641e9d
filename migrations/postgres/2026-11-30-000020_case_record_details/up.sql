-- A party's agent (代理人): `agent` keeps the name; the kind of authority,
-- the relation to the party and a phone number get their own columns.
ALTER TABLE case_parties ADD COLUMN agent_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE case_parties ADD COLUMN agent_relation TEXT NOT NULL DEFAULT '';
ALTER TABLE case_parties ADD COLUMN agent_phone TEXT NOT NULL DEFAULT '';

-- Follow-up visits (回访) with their own fields (DESIGN.md §5.3).
CREATE TABLE case_follow_ups (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    visited_on TEXT NOT NULL,
    visitor TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('visit','phone','video','other')),
    performance TEXT NOT NULL CHECK (performance IN ('performed','partial','not_performed')),
    satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    remaining_risk TEXT NOT NULL DEFAULT '',
    measures TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX case_follow_ups_case_idx ON case_follow_ups (case_id, created_at);

-- Performance of the agreement: each status the team records, latest wins.
CREATE TABLE case_performance (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    status TEXT NOT NULL CHECK (status IN ('performed','partial','not_performed')),
    note TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX case_performance_case_idx ON case_performance (case_id, recorded_at);

-- Proofs of performance (receipts, transfer screenshots): re-encoded images
-- stored under uploads/proofs/, numbered 1..5 per case.
CREATE TABLE case_proofs (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    stored_name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (case_id, position)
);
