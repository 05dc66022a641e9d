DROP INDEX cases_state_deadline_idx;
CREATE INDEX cases_deadline_idx ON cases (deadline_at);
DROP TABLE case_counters;
DROP TABLE case_team;
