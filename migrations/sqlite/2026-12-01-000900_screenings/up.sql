-- 排查 (issue 13): a grid worker's or coordinator's screening round, so the
-- statistics' screening figures come from records, not from guesses.
CREATE TABLE screenings (
    id TEXT PRIMARY KEY NOT NULL,
    street_id TEXT NOT NULL REFERENCES places (id),
    community_id TEXT REFERENCES places (id),
    held_on TEXT NOT NULL,
    -- YYYYMM of held_on, for the statistics' month ranges.
    month INTEGER NOT NULL,
    conducted_by TEXT NOT NULL REFERENCES users (id),
    disputes_found INTEGER NOT NULL CHECK (disputes_found >= 0),
    disputes_prevented INTEGER NOT NULL CHECK (disputes_prevented >= 0 AND disputes_prevented <= disputes_found),
    cases_opened INTEGER NOT NULL CHECK (cases_opened >= 0 AND cases_opened <= disputes_found),
    findings TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX screenings_street_month_idx ON screenings (street_id, month);
CREATE INDEX screenings_month_idx ON screenings (month);
