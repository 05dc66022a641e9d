-- Issue 10: a party-name search reads parties by the name's first two
-- characters in case-id order (newest first), so a page of results costs
-- the same however common the name. The expression must match the one in
-- `db::case_list_driven` exactly for either backend to use the index.
CREATE INDEX case_parties_name_key_idx ON case_parties ((substr(name, 1, 2)), case_id);
