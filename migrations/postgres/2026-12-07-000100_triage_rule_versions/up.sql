-- Issue 16: admins edit the triage rule table at /admin/triage. Every
-- edit and deletion is conditional on the version the form was built
-- from (UPDATE … WHERE id AND version), so two admins never silently
-- overwrite each other.
ALTER TABLE triage_rules ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
