-- Letters are located at a compound (小区) or building (楼栋), DESIGN.md §4.5;
-- street and community stay, derived from the place, for staff scoping.
-- compound_id is kept beside place_id so each compound's board is one
-- indexed lookup.
ALTER TABLE letters ADD COLUMN place_id TEXT REFERENCES places(id);
ALTER TABLE letters ADD COLUMN compound_id TEXT REFERENCES places(id);
-- An adopted letter links the renovation project it was adopted into.
ALTER TABLE letters ADD COLUMN project_id TEXT REFERENCES projects(id);
CREATE INDEX letters_compound_idx ON letters (compound_id, status, id);

-- Existing letters: a community with exactly one compound places its
-- letters there; others keep street/community only (place_id NULL).
UPDATE letters SET compound_id = (
    SELECT c.id FROM places c JOIN places g ON c.parent_id = g.id
    WHERE c.kind = 'compound' AND g.parent_id = letters.community_id)
WHERE community_id IS NOT NULL AND (
    SELECT COUNT(*) FROM places c JOIN places g ON c.parent_id = g.id
    WHERE c.kind = 'compound' AND g.parent_id = letters.community_id) = 1;
UPDATE letters SET place_id = compound_id WHERE compound_id IS NOT NULL;
-- A free-text project reference that names exactly one project of the
-- letter's street becomes a link; the text stays for the others.
UPDATE letters SET project_id = (
    SELECT p.id FROM projects p
    WHERE p.street_id = letters.street_id AND p.title = letters.project_ref)
WHERE project_ref <> '' AND (
    SELECT COUNT(*) FROM projects p
    WHERE p.street_id = letters.street_id AND p.title = letters.project_ref) = 1;

-- Optional contact details of an intention form (DESIGN.md §4.2), kept
-- only with consent.
ALTER TABLE opinions ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE opinions ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE opinions ADD COLUMN consent BOOLEAN NOT NULL DEFAULT FALSE;

-- A project's opinion window as China day numbers (inclusive; NULL = no
-- bound) and each stage's target duration in days.
ALTER TABLE projects ADD COLUMN opinions_open_day BIGINT;
ALTER TABLE projects ADD COLUMN opinions_close_day BIGINT;
ALTER TABLE projects ADD COLUMN target_consulting INTEGER NOT NULL DEFAULT 7;
ALTER TABLE projects ADD COLUMN target_publicity INTEGER NOT NULL DEFAULT 5;
ALTER TABLE projects ADD COLUMN target_voting INTEGER NOT NULL DEFAULT 5;
ALTER TABLE projects ADD COLUMN target_construction INTEGER NOT NULL DEFAULT 13;
ALTER TABLE projects ADD COLUMN target_completed INTEGER NOT NULL DEFAULT 7;
-- Existing projects have been open since they were created, with no end.
UPDATE projects SET opinions_open_day = (created_at + 28800) / 86400;

-- The scanned paper form or meeting sign-in sheet behind an opinion staff
-- entered (DESIGN.md §4.2), re-encoded like a letter's photos and stored
-- outside the web root; one file per opinion.
CREATE TABLE opinion_evidence (
    opinion_id TEXT PRIMARY KEY NOT NULL REFERENCES opinions(id),
    stored_name TEXT NOT NULL UNIQUE,
    mime TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
