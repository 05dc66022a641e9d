-- Admin place management (issue 13): a retired place keeps its rows and
-- history but leaves the pickers; `version` makes a rename or a move a
-- conditional write, so two admins cannot silently overwrite each other.
ALTER TABLE places ADD COLUMN retired_at BIGINT;
ALTER TABLE places ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
