-- Admins edit a community's contact from its place page (issue 14 item 1):
-- two admins saving at once must not silently overwrite each other, so the
-- row carries a version the form names and the update is conditional on.
ALTER TABLE place_contacts ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
