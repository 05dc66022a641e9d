-- Issue 16: staff of a receiving organisation (role org_staff) act on
-- their organisation's referrals. Such an account names its organisation
-- and no other account has one. SQLite changes a CHECK only by rebuilding
-- the table (foreign keys off, so the tables that reference users keep
-- their rows; they reference the name, which the rebuilt table takes).
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE users_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin','coordinator','mediator','resident','org_staff')),
    mediator_level TEXT CHECK (mediator_level IN ('trainee','senior')),
    area_id TEXT REFERENCES places(id),
    password_hash TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until BIGINT,
    last_login_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    org_id TEXT REFERENCES resolution_orgs (id),
    CONSTRAINT users_org_staff_org CHECK ((role = 'org_staff') = (org_id IS NOT NULL))
);
INSERT INTO users_rebuilt (id, username, display_name, role, mediator_level, area_id, password_hash,
    must_change_password, disabled, failed_logins, locked_until, last_login_at, created_at, updated_at, org_id)
SELECT id, username, display_name, role, mediator_level, area_id, password_hash,
    must_change_password, disabled, failed_logins, locked_until, last_login_at, created_at, updated_at, NULL
FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
CREATE INDEX users_role_idx ON users (role);
CREATE INDEX users_by_org ON users (org_id);
COMMIT;
PRAGMA foreign_keys = ON;
