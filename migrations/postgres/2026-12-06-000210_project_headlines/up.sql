-- The portal's headline per consultation (issue 14 item 3): "已有 N 位业主
-- 表态，共 M 位" for the item with the most answers. `/` used to recount
-- every shown project's units and ballots on each visit; the figures are now
-- kept here, rewritten in the same transaction as each ballot, item or
-- household import that changes them, and checked by `yuanba check-stats`.
-- Rows for projects from before this table are filled at start-up.
CREATE TABLE project_headlines (
    project_id TEXT PRIMARY KEY NOT NULL REFERENCES projects(id),
    -- How many items the project has; 0 means the list is being prepared.
    items INTEGER NOT NULL,
    answered BIGINT NOT NULL,
    owners BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
