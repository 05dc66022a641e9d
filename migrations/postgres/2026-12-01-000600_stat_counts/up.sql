-- Issue 13: the statistics dashboard reads counters, not the cases, so it
-- stays fast at a million cases. One row per cell: the month a case was
-- accepted (yyyymm, China), its street and community ('' for none), a
-- breakdown (`dim`: all, source, type, lead, mentor, days) and its row
-- (`dim_value`: '' for all), and what is counted (`metric`). The rows move
-- in the transaction of every change of a case, by the difference of the
-- case's contributions (src/domain/statistics); `yuanba check-stats`
-- recounts them from the cases.
CREATE TABLE stat_counts (
    dim TEXT NOT NULL,
    month INTEGER NOT NULL,
    street_id TEXT NOT NULL,
    community_id TEXT NOT NULL,
    dim_value TEXT NOT NULL,
    metric TEXT NOT NULL,
    n BIGINT NOT NULL CHECK (n >= 0),
    PRIMARY KEY (dim, month, street_id, community_id, dim_value, metric)
);
-- One mediator's own figures: their rows only, whatever the district's size.
CREATE INDEX stat_counts_value_idx ON stat_counts (dim, dim_value, month);
