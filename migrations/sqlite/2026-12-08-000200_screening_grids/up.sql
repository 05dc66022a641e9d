-- Issue 13: a screening round (排查) is walked grid by grid, so it can name
-- the grid it covered; the dashboard's grid filter then counts its rounds.
-- Optional: a round of a whole community or street names none.
ALTER TABLE screenings ADD COLUMN grid_id TEXT REFERENCES places (id);
CREATE INDEX screenings_by_grid ON screenings (grid_id, month) WHERE grid_id IS NOT NULL;
