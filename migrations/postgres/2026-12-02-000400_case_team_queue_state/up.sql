-- Issue 10: a mediator's tab and badge counts (review, follow-up, overdue)
-- read only their own team rows. The case's state, deadline and hold are
-- copied onto its team rows by the transaction of every change (as `open`
-- already is), so a count is one range of (user, open, state, deadline),
-- never a lookup of each case in hand.
ALTER TABLE case_team ADD COLUMN state TEXT NOT NULL DEFAULT '';
ALTER TABLE case_team ADD COLUMN deadline_at BIGINT;
ALTER TABLE case_team ADD COLUMN on_hold BOOLEAN NOT NULL DEFAULT false;
UPDATE case_team SET
    state = (SELECT c.state FROM cases c WHERE c.id = case_team.case_id),
    deadline_at = (SELECT c.deadline_at FROM cases c WHERE c.id = case_team.case_id),
    on_hold = (SELECT c.on_hold FROM cases c WHERE c.id = case_team.case_id);
CREATE INDEX case_team_queue_idx ON case_team (user_id, open, state, deadline_at);
