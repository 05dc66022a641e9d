DROP INDEX opinions_submitted_by_idx;
ALTER TABLE opinions DROP COLUMN submitted_by;
DROP INDEX cases_applicant_user_idx;
ALTER TABLE cases DROP COLUMN applicant_user_id;
