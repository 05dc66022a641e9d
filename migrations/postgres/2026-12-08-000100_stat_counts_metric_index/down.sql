DROP INDEX stat_counts_metric_idx;
