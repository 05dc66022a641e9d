-- Identity numbers, encrypted by the application (never stored in clear).
ALTER TABLE case_parties ADD COLUMN id_number_enc TEXT NOT NULL DEFAULT '';
