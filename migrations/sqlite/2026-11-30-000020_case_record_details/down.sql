DROP TABLE case_proofs;
DROP TABLE case_performance;
DROP TABLE case_follow_ups;
ALTER TABLE case_parties DROP COLUMN agent_phone;
ALTER TABLE case_parties DROP COLUMN agent_relation;
ALTER TABLE case_parties DROP COLUMN agent_kind;
