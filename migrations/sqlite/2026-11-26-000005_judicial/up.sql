-- Judicial confirmation (司法确认) of a mediation agreement (DESIGN.md §5.3).
CREATE TABLE judicial_confirmations (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    agreement_id TEXT NOT NULL REFERENCES agreements(id),
    applied_on TEXT NOT NULL,
    court TEXT NOT NULL,
    court_case_number TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL CHECK (result IN ('pending','confirmed','rejected')),
    result_on TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX judicial_confirmations_case_idx ON judicial_confirmations (case_id, created_at);
