ALTER TABLE household_codes DROP COLUMN hash_scheme;
