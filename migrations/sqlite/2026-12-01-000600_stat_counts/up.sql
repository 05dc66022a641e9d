-- Issue 13: the statistics dashboard reads counters, not the cases, so it
-- stays fast at a million cases. One row per cell: the month a case was
-- accepted (yyyymm, China), its street and community, a breakdown (`dim`:
-- all, source, type, lead, mentor, days) and its row (`dim_value`: '' for
-- all), and what is counted (`metric`). Every cell is also counted in its
-- street's roll-up (community '*') and the district's (street and
-- community '*'), so a district or street view reads a few rows per month.
-- The rows move in the transaction of every change of a case, by the
-- difference of the case's contributions (src/domain/statistics);
-- `yuanba check-stats` recounts them from the cases.
CREATE TABLE stat_counts (
    dim TEXT NOT NULL,
    street_id TEXT NOT NULL,
    community_id TEXT NOT NULL,
    month INTEGER NOT NULL,
    dim_value TEXT NOT NULL,
    metric TEXT NOT NULL,
    n BIGINT NOT NULL CHECK (n >= 0),
    PRIMARY KEY (dim, street_id, community_id, month, dim_value, metric)
);
-- Every street's roll-up for a range of months (the by-street table).
CREATE INDEX stat_counts_rollup_idx ON stat_counts (dim, community_id, month);
-- One mediator's own figures: their rows only, whatever the district's size.
CREATE INDEX stat_counts_value_idx ON stat_counts (dim, dim_value, street_id, community_id, month);
