-- The clear tokens are gone on purpose; nothing to restore.
SELECT 1;
