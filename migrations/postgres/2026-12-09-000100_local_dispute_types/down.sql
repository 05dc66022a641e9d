ALTER TABLE cases DROP COLUMN local_type;
ALTER TABLE dispute_types DROP COLUMN maps_to;
