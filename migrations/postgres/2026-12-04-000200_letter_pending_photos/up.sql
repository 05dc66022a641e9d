-- Photos accepted on a letter form that was refused for another reason
-- (issue 14 item 4): kept against the form so the resident need not choose
-- them again, moved to `letter_photos` in the transaction that stores the
-- letter, and purged after a day. `token_key` is the keyed hash of the
-- form token and the browser's session (`receipts::form_token_key`), so a
-- token seen from another browser finds nothing. UNIQUE (token_key, slot)
-- with slot 1..3 bounds the count per form even under concurrent posts.
CREATE TABLE letter_pending_photos (
    id TEXT PRIMARY KEY NOT NULL,
    token_key TEXT NOT NULL,
    slot INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 3),
    stored_name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (token_key, slot)
);

-- The purge finds what is older than a day.
CREATE INDEX letter_pending_photos_created ON letter_pending_photos (created_at);
