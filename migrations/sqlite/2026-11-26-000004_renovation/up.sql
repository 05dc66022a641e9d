-- Renovation consultation (DESIGN.md §4): households, codes, menu, projects,
-- intention forms and the hash-chained ballot log.

-- One row per unit place: its registered exclusive area and its holder.
-- owner_key is the normalised owner list; units with the same key belong to
-- one owner for the Art. 9 headcount. Unsold developer units have none.
CREATE TABLE households (
    id TEXT PRIMARY KEY NOT NULL,
    unit_id TEXT NOT NULL UNIQUE REFERENCES places(id),
    compound_id TEXT NOT NULL REFERENCES places(id),
    area_centi BIGINT NOT NULL CHECK (area_centi >= 0),
    owners TEXT NOT NULL,
    developer_unsold BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at BIGINT NOT NULL
);
CREATE INDEX households_compound_idx ON households (compound_id);

-- Only the SHA-256 of a code is kept; the code itself is shown once.
CREATE TABLE household_codes (
    id TEXT PRIMARY KEY NOT NULL,
    unit_id TEXT NOT NULL REFERENCES places(id),
    code_hash TEXT NOT NULL UNIQUE,
    issued_at BIGINT NOT NULL,
    issued_by TEXT REFERENCES users(id),
    revoked_at BIGINT
);
CREATE INDEX household_codes_unit_idx ON household_codes (unit_id);

CREATE TABLE menu_items (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    class TEXT NOT NULL CHECK (class IN ('basic','improvement','upgrade')),
    unit_cost_cents BIGINT NOT NULL CHECK (unit_cost_cents >= 0),
    cost_unit TEXT NOT NULL,
    default_rule TEXT NOT NULL CHECK (default_rule IN ('special','ordinary','unanimity')),
    needs_neighbour_consent BOOLEAN NOT NULL DEFAULT FALSE,
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE projects (
    id TEXT PRIMARY KEY NOT NULL,
    street_id TEXT NOT NULL REFERENCES places(id),
    compound_id TEXT NOT NULL REFERENCES places(id),
    population_id TEXT NOT NULL REFERENCES places(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('consulting','publicity','voting','construction','completed','accepted')),
    stage_started_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX projects_street_idx ON projects (street_id, created_at);

CREATE TABLE project_items (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects(id),
    menu_item_id TEXT NOT NULL REFERENCES menu_items(id),
    rule TEXT NOT NULL CHECK (rule IN ('special','ordinary','unanimity')),
    rule_reason TEXT NOT NULL,
    -- Art. 279: the unit whose use would change; its building's other
    -- owners are the interested owners who must all consent.
    subject_unit_id TEXT REFERENCES places(id),
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX project_items_menu_idx ON project_items (project_id, menu_item_id);

-- A courtyard meeting (院坝会) or symposium (座谈会) of a project.
CREATE TABLE meetings (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects(id),
    kind TEXT NOT NULL CHECK (kind IN ('courtyard','symposium')),
    held_at BIGINT NOT NULL,
    place TEXT NOT NULL,
    attendees INTEGER NOT NULL CHECK (attendees >= 0),
    minutes TEXT NOT NULL,
    created_by TEXT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX meetings_project_idx ON meetings (project_id, held_at);

-- An intention form (需求意向表) from any channel. counted = it carried a
-- valid household code (or was entered by staff for a known household).
CREATE TABLE opinions (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects(id),
    unit_id TEXT REFERENCES places(id),
    channel TEXT NOT NULL,
    counted BOOLEAN NOT NULL DEFAULT FALSE,
    free_text TEXT NOT NULL,
    form_token TEXT NOT NULL UNIQUE,
    recorded_by TEXT REFERENCES users(id),
    meeting_id TEXT REFERENCES meetings(id),
    evidence TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX opinions_project_idx ON opinions (project_id, created_at);
CREATE INDEX opinions_unit_idx ON opinions (unit_id, created_at);

CREATE TABLE opinion_items (
    id TEXT PRIMARY KEY NOT NULL,
    opinion_id TEXT NOT NULL REFERENCES opinions(id),
    project_item_id TEXT NOT NULL REFERENCES project_items(id),
    choice TEXT NOT NULL CHECK (choice IN ('yes','no','abstain')),
    priority INTEGER NOT NULL
);
CREATE INDEX opinion_items_opinion_idx ON opinion_items (opinion_id);

-- Append-only, hash-chained: hash = SHA-256(prev_hash || content). No
-- trigger: tampering must stay detectable by the chain, and is.
CREATE TABLE ballots (
    seq BIGINT PRIMARY KEY NOT NULL,
    project_item_id TEXT NOT NULL REFERENCES project_items(id),
    unit_id TEXT NOT NULL REFERENCES places(id),
    opinion_id TEXT NOT NULL REFERENCES opinions(id),
    choice TEXT NOT NULL CHECK (choice IN ('yes','no','abstain')),
    channel TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX ballots_item_idx ON ballots (project_item_id, seq);

INSERT INTO menu_items VALUES ('menu-water', '供水管网改造', 'basic', 120000, '户', 'special', FALSE, 10, 1795651200);
INSERT INTO menu_items VALUES ('menu-sewer', '污水管网', 'basic', 150000, '户', 'special', FALSE, 20, 1795651200);
INSERT INTO menu_items VALUES ('menu-wires', '飞线整治', 'basic', 30000, '户', 'ordinary', FALSE, 30, 1795651200);
INSERT INTO menu_items VALUES ('menu-roof', '屋面防水', 'basic', 8000, 'm²', 'special', FALSE, 40, 1795651200);
INSERT INTO menu_items VALUES ('menu-facade', '外立面', 'basic', 12000, 'm²', 'special', FALSE, 50, 1795651200);
INSERT INTO menu_items VALUES ('menu-stairs', '楼道整治', 'basic', 500000, '单元', 'ordinary', FALSE, 60, 1795651200);
INSERT INTO menu_items VALUES ('menu-canopy', '雨棚', 'improvement', 80000, '户', 'ordinary', TRUE, 70, 1795651200);
INSERT INTO menu_items VALUES ('menu-lighting', '公共照明', 'improvement', 60000, '单元', 'ordinary', FALSE, 80, 1795651200);
INSERT INTO menu_items VALUES ('menu-parking', '停车位', 'improvement', 200000, '个', 'special', FALSE, 90, 1795651200);
INSERT INTO menu_items VALUES ('menu-access', '无障碍设施', 'improvement', 300000, '处', 'ordinary', FALSE, 100, 1795651200);
INSERT INTO menu_items VALUES ('menu-lift', '加装电梯', 'improvement', 60000000, '部', 'special', TRUE, 110, 1795651200);
INSERT INTO menu_items VALUES ('menu-culture', '文化墙', 'upgrade', 20000, 'm²', 'ordinary', FALSE, 120, 1795651200);
INSERT INTO menu_items VALUES ('menu-shopfront', '店招', 'upgrade', 150000, '处', 'ordinary', FALSE, 130, 1795651200);
INSERT INTO menu_items VALUES ('menu-services', '社区服务点', 'upgrade', 5000000, '处', 'special', FALSE, 140, 1795651200);
