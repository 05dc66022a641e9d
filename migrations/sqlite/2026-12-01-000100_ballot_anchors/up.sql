-- The ballot log is evidence (DESIGN.md §4.3): rows are only ever appended
-- (PostgreSQL also refuses TRUNCATE, which skips row triggers).
CREATE TRIGGER ballots_no_update BEFORE UPDATE ON ballots
BEGIN
    SELECT RAISE(ABORT, 'ballots is append-only');
END;
CREATE TRIGGER ballots_no_delete BEFORE DELETE ON ballots
BEGIN
    SELECT RAISE(ABORT, 'ballots is append-only');
END;

-- Anchors: the chain's length and head hash, published on the project page
-- and in the result notice when a project's voting closes. A removed tail
-- leaves the chain internally consistent; only a published anchor shows it.
CREATE TABLE ballot_anchors (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects(id),
    head_seq BIGINT NOT NULL CHECK (head_seq >= 0),
    head_hash TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    published_by TEXT REFERENCES users(id)
);
CREATE INDEX ballot_anchors_project_idx ON ballot_anchors (project_id, published_at);
CREATE TRIGGER ballot_anchors_no_update BEFORE UPDATE ON ballot_anchors
BEGIN
    SELECT RAISE(ABORT, 'ballot_anchors is append-only');
END;
CREATE TRIGGER ballot_anchors_no_delete BEFORE DELETE ON ballot_anchors
BEGIN
    SELECT RAISE(ABORT, 'ballot_anchors is append-only');
END;
