-- Security review, item 4: a letter's text is shown on the public board only
-- in a version staff approved (edited or redacted). NULL: nothing approved,
-- the board shows category, place, status and the official reply only.
-- Letters already on the board have no approved version and so stop
-- showing their text until staff approve one.
ALTER TABLE letters ADD COLUMN public_body TEXT;
