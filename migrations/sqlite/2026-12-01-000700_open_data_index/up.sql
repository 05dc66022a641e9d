-- The open-data API (Open311 requests.json) lists only letters with an
-- approved public text, newest first: these partial indexes hold just
-- those letters, so a page does not walk past the private ones.
CREATE INDEX letters_public_by_id ON letters (id) WHERE public_body IS NOT NULL;
CREATE INDEX letters_public_by_category ON letters (category, id) WHERE public_body IS NOT NULL;
