DROP TABLE stat_counts;
