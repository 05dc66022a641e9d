ALTER TABLE places DROP COLUMN version;
ALTER TABLE places DROP COLUMN retired_at;
