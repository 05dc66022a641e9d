-- A case is located as letters are: below its street and community, the
-- grid (网格) and, where known, the compound (DESIGN.md §5.1).
ALTER TABLE cases ADD COLUMN grid_id TEXT REFERENCES places(id);
ALTER TABLE cases ADD COLUMN compound_id TEXT REFERENCES places(id);
