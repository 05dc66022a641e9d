-- Issue 16: the centre's board reads counters, not the referrals. One row
-- per cell: a street (or '*', the district roll-up) and what is counted
-- (domain::resolution::board::CountKey, e.g. 'state:sector_committee:sent').
-- Cells move in the transaction of every referral step.
CREATE TABLE centre_counts (
    street_id TEXT NOT NULL,
    count_key TEXT NOT NULL,
    n BIGINT NOT NULL CHECK (n >= 0),
    PRIMARY KEY (street_id, count_key)
);

-- The referrals sent before the counters existed.
INSERT INTO centre_counts (street_id, count_key, n)
SELECT street_id, count_key, SUM(n) FROM (
    SELECT c.street_id AS street_id, 'state:' || o.channel || ':' || r.state AS count_key, 1 AS n
    FROM referrals r JOIN cases c ON c.id = r.case_id JOIN resolution_orgs o ON o.id = r.org_id
    UNION ALL
    SELECT c.street_id, 'type:' || c.dispute_type, 1
    FROM referrals r JOIN cases c ON c.id = r.case_id
    UNION ALL
    SELECT c.street_id, 'outcomes:' || o.channel, 1
    FROM referrals r JOIN cases c ON c.id = r.case_id JOIN resolution_orgs o ON o.id = r.org_id
    WHERE r.outcome_at IS NOT NULL
    UNION ALL
    SELECT c.street_id, 'outcome_days:' || o.channel, (r.outcome_at - r.sent_at) / 86400
    FROM referrals r JOIN cases c ON c.id = r.case_id JOIN resolution_orgs o ON o.id = r.org_id
    WHERE r.outcome_at IS NOT NULL
    UNION ALL
    SELECT c.street_id, 'first_door_resolved', 1
    FROM referrals r JOIN cases c ON c.id = r.case_id
    WHERE r.outcome IN ('agreement', 'judgment', 'award')
      AND NOT EXISTS (SELECT 1 FROM referrals e WHERE e.case_id = r.case_id
                      AND (e.sent_at < r.sent_at OR (e.sent_at = r.sent_at AND e.id < r.id)))
) cells
GROUP BY street_id, count_key;
INSERT INTO centre_counts (street_id, count_key, n)
SELECT '*', count_key, SUM(n) FROM centre_counts GROUP BY count_key;

-- The board's overdue list: accepted referrals by their report deadline
-- (sent ones are found by referrals_by_state).
CREATE INDEX referrals_by_report_deadline ON referrals (state, report_by);
