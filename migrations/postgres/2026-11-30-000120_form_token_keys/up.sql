-- Security review, item 6: one-time form tokens were stored as the browser
-- sent them, and a re-post of a stored token showed the first submitter's
-- receipt code. The application now stores only a keyed hash of the token
-- bound to the browser's session (src/db/form_tokens.rs); SQL cannot compute
-- that hash, so the clear values are dropped. Old guard rows only protect
-- forms that were open at upgrade time; the stored columns get a unique
-- placeholder that no posted token can produce.
DELETE FROM form_tokens;
UPDATE letters SET form_token = 'legacy-' || id;
UPDATE opinions SET form_token = 'legacy-' || id;
