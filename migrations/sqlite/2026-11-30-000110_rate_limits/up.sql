-- Attempt counters shared by every app instance (DESIGN.md §9): failed
-- logins per address and per login name, receipt-code and household-code
-- guesses, sign-ups. A bucket counts hits in a fixed window; a hit is
-- reserved with a conditional UPDATE before the slow work, so concurrent
-- requests can never pass the limit together.
CREATE TABLE rate_limits (
    bucket TEXT PRIMARY KEY NOT NULL,
    window_start BIGINT NOT NULL,
    hits INTEGER NOT NULL
);
CREATE INDEX rate_limits_window_idx ON rate_limits (window_start);
