DROP INDEX case_team_queue_idx;
CREATE INDEX case_team_queue_idx ON case_team (user_id, open, state, deadline_at);
