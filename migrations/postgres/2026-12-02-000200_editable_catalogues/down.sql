DROP TABLE dispute_types;
ALTER TABLE letter_categories DROP COLUMN version;
ALTER TABLE project_items DROP COLUMN needs_neighbour_consent;
ALTER TABLE project_items DROP COLUMN cost_unit;
ALTER TABLE project_items DROP COLUMN unit_cost_cents;
ALTER TABLE project_items DROP COLUMN item_class;
ALTER TABLE project_items DROP COLUMN item_name;
ALTER TABLE menu_items DROP COLUMN version;
ALTER TABLE menu_items DROP COLUMN retired_at;
