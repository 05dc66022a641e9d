-- Ranking a long breakdown (the per-mediator table of a district with
-- thousands of mediators) reads one metric's cells per value for a range
-- of months. The primary key puts the month before the metric, so that
-- read visited every metric's cells; this index has the metric first and
-- covers the count, so the ranking reads only the cells it sums.
CREATE INDEX stat_counts_metric_idx ON stat_counts (dim, street_id, community_id, metric, month, dim_value, n);
