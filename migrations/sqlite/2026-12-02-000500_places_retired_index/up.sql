-- The pickers of every intake form leave out retired places
-- (`place_admin::hidden`). `places` holds every household unit too, so
-- finding the retired ones must read only them, not the whole table.
CREATE INDEX places_retired_idx ON places (retired_at) WHERE retired_at IS NOT NULL;
