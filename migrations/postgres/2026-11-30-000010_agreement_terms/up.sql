-- Structured agreement terms and per-signer signatures (DESIGN.md §5.3).
-- The agreement's amount_cents and performance_deadline become totals kept
-- in step with its terms; signed_by_all, sealed and effective_on are set
-- from the signatures when the agreement takes effect.

-- An oral agreement takes effect on the day the parties agreed.
ALTER TABLE agreements ADD COLUMN agreed_on TEXT NOT NULL DEFAULT '';

CREATE TABLE agreement_terms (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements(id),
    sort_order INTEGER NOT NULL,
    obligor_party_id TEXT NOT NULL REFERENCES case_parties(id),
    content TEXT NOT NULL,
    amount_cents BIGINT NOT NULL DEFAULT 0 CHECK (amount_cents >= 0),
    manner TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    deadline TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (agreement_id, sort_order)
);

-- One row per signer of an agreement version: a party, a mediator, or the
-- committee's seal. signer_key (party id, mediator id or 'committee') makes
-- a second signature by the same signer impossible.
CREATE TABLE agreement_signatures (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements(id),
    signer TEXT NOT NULL CHECK (signer IN ('party','mediator','committee')),
    party_id TEXT REFERENCES case_parties(id),
    mediator_id TEXT REFERENCES users(id),
    signer_key TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('sign','seal','thumbprint')),
    signed_on TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (agreement_id, signer_key),
    CHECK ((signer = 'party') = (party_id IS NOT NULL)),
    CHECK ((signer = 'mediator') = (mediator_id IS NOT NULL))
);
