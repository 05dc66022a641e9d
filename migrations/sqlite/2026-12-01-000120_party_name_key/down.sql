DROP INDEX case_parties_name_key_idx;
