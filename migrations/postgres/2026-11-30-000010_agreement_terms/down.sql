DROP TABLE agreement_signatures;
DROP TABLE agreement_terms;
ALTER TABLE agreements DROP COLUMN agreed_on;
