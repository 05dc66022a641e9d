-- Ending a mediation without agreement records that the parties were told
-- of their other remedies (人民调解法 Art. 26): which, how and when. One row
-- per ending, keyed by the transition event that ended it, so a case that
-- is mediated again and ends a second time keeps both notices, and the row
-- is written in the transaction that appends the event.
CREATE TABLE case_ending_notices (
    event_id TEXT PRIMARY KEY NOT NULL REFERENCES case_events(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    ending TEXT NOT NULL CHECK (ending IN ('FAILED','TERMINATED','WITHDRAWN')),
    arbitration BOOLEAN NOT NULL,
    administrative BOOLEAN NOT NULL,
    litigation BOOLEAN NOT NULL,
    told_how TEXT NOT NULL CHECK (told_how IN ('written','oral','session_record')),
    told_on TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CHECK (arbitration OR administrative OR litigation)
);
CREATE INDEX case_ending_notices_case_idx ON case_ending_notices (case_id, created_at);

-- Judicial confirmation is applied for by the parties jointly (人民调解法 Art. 33).
ALTER TABLE judicial_confirmations ADD COLUMN joint_application BOOLEAN NOT NULL DEFAULT FALSE;
