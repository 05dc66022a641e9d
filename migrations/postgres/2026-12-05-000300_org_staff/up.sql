-- Issue 16: staff of a receiving organisation (role org_staff) act on
-- their organisation's referrals. Such an account names its organisation
-- and no other account has one. (SQLite rebuilds the table instead.)
BEGIN;
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin','coordinator','mediator','resident','org_staff'));
ALTER TABLE users ADD COLUMN org_id TEXT REFERENCES resolution_orgs (id);
ALTER TABLE users ADD CONSTRAINT users_org_staff_org CHECK ((role = 'org_staff') = (org_id IS NOT NULL));
CREATE INDEX users_by_org ON users (org_id);
COMMIT;
