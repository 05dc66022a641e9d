DROP TABLE referral_events;
DROP TABLE referrals;
DROP TABLE triage_rules;
DROP TABLE resolution_orgs;
