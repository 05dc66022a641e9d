ALTER TABLE judicial_confirmations DROP COLUMN joint_application;
DROP TABLE case_ending_notices;
