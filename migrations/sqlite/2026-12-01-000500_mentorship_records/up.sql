-- Issue 12, the case side of 老马带小马 (DESIGN.md §6): the reviewer's
-- decisions with their comments, the after-the-fact review of a 小马's oral
-- agreement, and the debriefs after each session.

-- Every approval, return or after-the-fact review of a case, with the
-- reviewer's words: part of the lead's training record (§6 "Case team").
CREATE TABLE review_comments (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    -- The timeline event of the decision ('' for an after-the-fact review,
    -- which changes no state).
    event_id TEXT NOT NULL DEFAULT '',
    reviewer_id TEXT NOT NULL REFERENCES users(id),
    lead_id TEXT REFERENCES users(id),
    stage TEXT NOT NULL CHECK (stage IN ('agreement_review','closure_review','oral_agreement')),
    decision TEXT NOT NULL CHECK (decision IN ('approved','returned','concerns')),
    comment TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX review_comments_case_idx ON review_comments (case_id, created_at);
CREATE INDEX review_comments_lead_idx ON review_comments (lead_id, created_at);

-- A 小马's oral agreement takes effect at once; the mentor reviews it
-- afterwards (事后审查). Pending while reviewed_at is NULL; the mentor's
-- pending items are one range of the (mentor_id, reviewed_at) index.
CREATE TABLE oral_reviews (
    agreement_id TEXT PRIMARY KEY NOT NULL REFERENCES agreements(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    mentor_id TEXT NOT NULL REFERENCES users(id),
    lead_id TEXT NOT NULL REFERENCES users(id),
    entered_at BIGINT NOT NULL,
    reviewed_at BIGINT
);
CREATE INDEX oral_reviews_pending_idx ON oral_reviews (mentor_id, reviewed_at, entered_at);
CREATE INDEX oral_reviews_case_idx ON oral_reviews (case_id);

-- The lead's debrief (复盘) after one session record; the mentor comments once.
CREATE TABLE debriefs (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    record_id TEXT NOT NULL UNIQUE REFERENCES case_records(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    went_well TEXT NOT NULL,
    missing TEXT NOT NULL,
    next_steps TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    mentor_comment TEXT NOT NULL DEFAULT '',
    commented_by TEXT REFERENCES users(id),
    commented_at BIGINT
);
CREATE INDEX debriefs_case_idx ON debriefs (case_id, created_at);
CREATE INDEX debriefs_author_idx ON debriefs (author_id, created_at);
