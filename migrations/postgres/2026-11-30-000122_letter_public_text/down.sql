ALTER TABLE letters DROP COLUMN public_body;
