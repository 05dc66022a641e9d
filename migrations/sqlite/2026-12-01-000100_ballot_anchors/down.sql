DROP TRIGGER ballot_anchors_no_delete;
DROP TRIGGER ballot_anchors_no_update;
DROP TABLE ballot_anchors;
DROP TRIGGER ballots_no_delete;
DROP TRIGGER ballots_no_update;
