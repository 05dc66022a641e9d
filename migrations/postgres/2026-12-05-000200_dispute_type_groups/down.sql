ALTER TABLE dispute_types DROP COLUMN hint_en;
ALTER TABLE dispute_types DROP COLUMN hint_zh;
ALTER TABLE dispute_types DROP COLUMN group_code;
