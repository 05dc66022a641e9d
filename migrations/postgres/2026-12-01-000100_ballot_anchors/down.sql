DROP TABLE ballot_anchors;
DROP TRIGGER ballots_no_truncate ON ballots;
DROP TRIGGER ballots_no_change ON ballots;
DROP FUNCTION ballots_append_only();
