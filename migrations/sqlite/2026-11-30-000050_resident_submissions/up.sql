-- A resident with an account sees their own mediation applications and
-- intention forms on 我的 (DESIGN.md §2); these columns say whose they are.
ALTER TABLE cases ADD COLUMN applicant_user_id TEXT REFERENCES users(id);
CREATE INDEX cases_applicant_user_idx ON cases (applicant_user_id, created_at);
ALTER TABLE opinions ADD COLUMN submitted_by TEXT REFERENCES users(id);
CREATE INDEX opinions_submitted_by_idx ON opinions (submitted_by, created_at);
