DROP INDEX places_retired_idx;
