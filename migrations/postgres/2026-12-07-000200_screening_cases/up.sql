-- Issue 13: a case registered from a screening round (排查) names it, so
-- the round's "cases opened" are real cases. cases_linked counts them and
-- is moved in the registration's transaction by one conditional UPDATE
-- (… WHERE cases_linked < cases_opened): a round never links more cases
-- than the disputes it reported opening, however many register at once.
ALTER TABLE cases ADD COLUMN screening_id TEXT REFERENCES screenings (id);
CREATE INDEX cases_by_screening ON cases (screening_id) WHERE screening_id IS NOT NULL;
ALTER TABLE screenings ADD COLUMN cases_linked INTEGER NOT NULL DEFAULT 0;
