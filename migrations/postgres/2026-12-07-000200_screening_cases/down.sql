ALTER TABLE screenings DROP COLUMN cases_linked;
DROP INDEX cases_by_screening;
ALTER TABLE cases DROP COLUMN screening_id;
