DROP INDEX cases_committee_state_idx;
