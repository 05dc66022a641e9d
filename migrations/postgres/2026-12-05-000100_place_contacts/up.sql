-- A community's (or any place's) public contact for residents: phone,
-- address and opening hours, shown in the portal's footer once a resident
-- has chosen their compound (issue 14 item 8). One row per place at most.
CREATE TABLE place_contacts (
    place_id TEXT PRIMARY KEY NOT NULL REFERENCES places(id),
    phone TEXT NOT NULL,
    address TEXT NOT NULL,
    hours TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
