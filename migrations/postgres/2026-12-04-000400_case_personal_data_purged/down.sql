ALTER TABLE cases DROP COLUMN personal_data_purged_at;
