DROP INDEX referrals_by_report_deadline;
DROP TABLE centre_counts;
