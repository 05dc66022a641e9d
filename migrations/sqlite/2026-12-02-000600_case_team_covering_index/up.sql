-- Issue 10: a mediator's tab and badge counts (跟进回访, 已超期) read their
-- team rows by (user, open, state, deadline). With the hold flag and the case
-- id in the index too, the count never visits the table: at a million cases
-- those visits were most of the count's cost (one random read per case in
-- hand, per count, per page).
DROP INDEX case_team_queue_idx;
CREATE INDEX case_team_queue_idx ON case_team (user_id, open, state, deadline_at, on_hold, case_id);
