ALTER TABLE triage_rules DROP COLUMN version;
