DROP INDEX case_team_queue_idx;
ALTER TABLE case_team DROP COLUMN on_hold;
ALTER TABLE case_team DROP COLUMN deadline_at;
ALTER TABLE case_team DROP COLUMN state;
