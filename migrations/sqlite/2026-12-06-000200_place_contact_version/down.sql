ALTER TABLE place_contacts DROP COLUMN version;
