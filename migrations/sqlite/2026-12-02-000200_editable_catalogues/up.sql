-- Issue 13, "Admin data management": the menu, the letter categories and
-- the dispute types can be edited and retired, not only created.
-- `version` makes each edit a conditional write: two admins editing one
-- entry at once get a conflict instead of a silent overwrite.

-- Menu items: retired items leave the project pickers; projects that carry
-- them keep showing them.
ALTER TABLE menu_items ADD COLUMN retired_at BIGINT;
ALTER TABLE menu_items ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- A project item keeps the terms residents were shown (name, class, cost,
-- neighbour consent; the decision rule was already its own), so editing the
-- menu never changes a consultation that is open or already voted on.
ALTER TABLE project_items ADD COLUMN item_name TEXT NOT NULL DEFAULT '';
ALTER TABLE project_items ADD COLUMN item_class TEXT NOT NULL DEFAULT 'basic';
ALTER TABLE project_items ADD COLUMN unit_cost_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE project_items ADD COLUMN cost_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE project_items ADD COLUMN needs_neighbour_consent BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE project_items SET
    item_name = (SELECT m.name FROM menu_items m WHERE m.id = project_items.menu_item_id),
    item_class = (SELECT m.class FROM menu_items m WHERE m.id = project_items.menu_item_id),
    unit_cost_cents = (SELECT m.unit_cost_cents FROM menu_items m WHERE m.id = project_items.menu_item_id),
    cost_unit = (SELECT m.cost_unit FROM menu_items m WHERE m.id = project_items.menu_item_id),
    needs_neighbour_consent = (SELECT m.needs_neighbour_consent FROM menu_items m WHERE m.id = project_items.menu_item_id);

-- Letter categories already have `active` (retired = not active).
ALTER TABLE letter_categories ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- The dispute types of DESIGN.md §5.4. The codes are the statutory set of
-- `domain::mediation::DisputeType` (statistics, counters and the city
-- hand-off depend on them), so rows are neither added nor deleted here:
-- admins rename the labels shown, reorder and retire them. A retired type
-- leaves the application and registration forms; cases keep theirs.
CREATE TABLE dispute_types (
    code TEXT PRIMARY KEY NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    retired_at BIGINT,
    version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO dispute_types (code, name_zh, name_en, sort_order) VALUES
    ('marriage_family', '婚姻家庭', 'Marriage and family', 10),
    ('neighbour', '邻里', 'Neighbours', 20),
    ('housing', '房屋宅基地', 'Housing and homestead', 30),
    ('contract', '合同', 'Contract', 40),
    ('business', '生产经营', 'Business', 50),
    ('damages', '损害赔偿', 'Damages', 60),
    ('forest_land', '山林土地', 'Forest and land', 70),
    ('expropriation', '征地拆迁', 'Expropriation and demolition', 80),
    ('pollution', '环境污染', 'Pollution', 90),
    ('labour', '劳动争议', 'Labour', 100),
    ('consumer', '消费', 'Consumer', 110),
    ('medical', '医疗', 'Medical', 120),
    ('traffic', '道路交通事故', 'Road traffic accident', 130),
    ('property_management', '物业', 'Property management', 140),
    ('tourism', '旅游', 'Tourism', 150),
    ('intellectual_property', '知识产权', 'Intellectual property', 160),
    ('internet', '互联网', 'Internet', 170),
    ('village_affairs', '村务管理', 'Village affairs', 180),
    ('other', '其他', 'Other', 190);
