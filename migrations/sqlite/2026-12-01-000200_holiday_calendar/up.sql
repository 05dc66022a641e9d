-- Issue 11, item 6: the holiday calendar the Civil Code period rules read
-- (Art. 203: a period whose last day is a rest day or statutory holiday
-- ends on the next working day). Saturdays and Sundays are rest days by
-- rule; this table holds only the dated exceptions admins enter: statutory
-- holidays ('holiday') and adjusted working days ('working_day', 调休上班).
-- One entry per day; `day` is YYYY-MM-DD in China time.
CREATE TABLE holidays (
    day TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('holiday','working_day')),
    name TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
