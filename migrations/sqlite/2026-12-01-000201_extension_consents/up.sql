-- Issue 11, item 7: an extension of the mediation period, numbered per
-- case, with each party's recorded consent (who, how, when). Written in
-- the same transaction as the extension itself.
CREATE TABLE case_extensions (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    seq INTEGER NOT NULL,
    days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 90),
    last_day_before TEXT NOT NULL,
    last_day_after TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (case_id, seq)
);

CREATE TABLE case_extension_consents (
    id TEXT PRIMARY KEY NOT NULL,
    extension_id TEXT NOT NULL REFERENCES case_extensions(id),
    party_id TEXT NOT NULL REFERENCES case_parties(id),
    method TEXT NOT NULL CHECK (method IN ('written','oral','session_record')),
    consented_on TEXT NOT NULL,
    UNIQUE (extension_id, party_id)
);
