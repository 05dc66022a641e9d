ALTER TABLE cases DROP COLUMN compound_id;
ALTER TABLE cases DROP COLUMN grid_id;
