-- Security review, item 12: household codes are now stored as an HMAC keyed
-- with the server secret. Rows issued before keep their SHA-256 and are
-- marked so; they still work and are rewritten to the keyed hash the first
-- time their code is used (src/domain/household_code.rs explains).
ALTER TABLE household_codes ADD COLUMN hash_scheme TEXT NOT NULL DEFAULT 'sha256';
