-- Issue 16, court connection (诉调对接): what a case the court entrusted
-- (委派/委托调解) keeps besides the court's case number (the case's
-- `external_ref`): the court's deadline for the mediation, as a day
-- `YYYY-MM-DD`, and the organisation record of the court that referred it,
-- so the 调解结果告知函 can be addressed to that court by name. Its own
-- table: one row for the few court cases, none for the rest.
CREATE TABLE court_entrustments (
    case_id TEXT PRIMARY KEY REFERENCES cases (id),
    court_deadline TEXT NOT NULL DEFAULT '',
    court_org_id TEXT REFERENCES resolution_orgs (id),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL
);
