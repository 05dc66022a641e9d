-- The committee head's review queue looks cases up by committee and state.
CREATE INDEX cases_committee_state_idx ON cases (committee_id, state, id);
