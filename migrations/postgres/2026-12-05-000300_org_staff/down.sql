BEGIN;
DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE role = 'org_staff');
ALTER TABLE users DROP CONSTRAINT users_org_staff_org;
UPDATE users SET role = 'resident', disabled = TRUE WHERE role = 'org_staff';
DROP INDEX users_by_org;
ALTER TABLE users DROP COLUMN org_id;
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin','coordinator','mediator','resident'));
COMMIT;
