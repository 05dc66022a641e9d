PRAGMA foreign_keys = OFF;
BEGIN;
DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE role = 'org_staff');
UPDATE users SET role = 'resident', disabled = TRUE WHERE role = 'org_staff';
CREATE TABLE users_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin','coordinator','mediator','resident')),
    mediator_level TEXT CHECK (mediator_level IN ('trainee','senior')),
    area_id TEXT REFERENCES places(id),
    password_hash TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until BIGINT,
    last_login_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
INSERT INTO users_rebuilt (id, username, display_name, role, mediator_level, area_id, password_hash,
    must_change_password, disabled, failed_logins, locked_until, last_login_at, created_at, updated_at)
SELECT id, username, display_name, role, mediator_level, area_id, password_hash,
    must_change_password, disabled, failed_logins, locked_until, last_login_at, created_at, updated_at
FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
CREATE INDEX users_role_idx ON users (role);
COMMIT;
PRAGMA foreign_keys = ON;
