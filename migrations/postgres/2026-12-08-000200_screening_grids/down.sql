DROP INDEX screenings_by_grid;
ALTER TABLE screenings DROP COLUMN grid_id;
