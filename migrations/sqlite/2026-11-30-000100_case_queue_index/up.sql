-- Issue 10: queues and the counts every page shows must not grow with the
-- district's history.

-- The case team as rows. `open` is true until the case is closed or ends
-- (CLOSED, ARCHIVED, NOT_ACCEPTED, REFERRED), so a mediator's working
-- cases are one short index range however many cases they ever had.
CREATE TABLE case_team (
    case_id TEXT NOT NULL REFERENCES cases(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    team_role TEXT NOT NULL CHECK (team_role IN ('lead','mentor','co_mediator')),
    open BOOLEAN NOT NULL,
    PRIMARY KEY (case_id, user_id, team_role)
);
CREATE INDEX case_team_user_open_idx ON case_team (user_id, open, case_id);

-- Exact totals shown on the queue tabs ("全部"), one row per scope
-- ('district', 'street:<id>'), moved in the transaction that registers a case.
CREATE TABLE case_counters (
    counter_key TEXT PRIMARY KEY NOT NULL,
    n BIGINT NOT NULL CHECK (n >= 0)
);

-- Overdue counts scan only the active states' deadlines, not every deadline
-- a case ever had.
DROP INDEX cases_deadline_idx;
CREATE INDEX cases_state_deadline_idx ON cases (state, deadline_at);

-- Filled from the cases that exist already.
INSERT INTO case_team (case_id, user_id, team_role, open)
SELECT id, lead_mediator_id, 'lead',
       state NOT IN ('CLOSED','ARCHIVED','NOT_ACCEPTED','REFERRED')
FROM cases WHERE lead_mediator_id IS NOT NULL;
INSERT INTO case_team (case_id, user_id, team_role, open)
SELECT id, mentor_id, 'mentor',
       state NOT IN ('CLOSED','ARCHIVED','NOT_ACCEPTED','REFERRED')
FROM cases WHERE mentor_id IS NOT NULL;
INSERT INTO case_team (case_id, user_id, team_role, open)
SELECT m.case_id, m.user_id, 'co_mediator',
       c.state NOT IN ('CLOSED','ARCHIVED','NOT_ACCEPTED','REFERRED')
FROM case_co_mediators m JOIN cases c ON c.id = m.case_id;
INSERT INTO case_counters (counter_key, n) SELECT 'district', COUNT(*) FROM cases;
INSERT INTO case_counters (counter_key, n)
SELECT 'street:' || street_id, COUNT(*) FROM cases GROUP BY street_id;
