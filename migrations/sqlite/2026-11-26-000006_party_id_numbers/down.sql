ALTER TABLE case_parties DROP COLUMN id_number_enc;
