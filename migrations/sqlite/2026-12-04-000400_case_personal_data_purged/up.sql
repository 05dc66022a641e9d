-- When `yuanba purge` removed the case file's personal data at the end of
-- its 保管期限 (NULL: not purged). The case row and its figures stay.
ALTER TABLE cases ADD COLUMN personal_data_purged_at BIGINT;
