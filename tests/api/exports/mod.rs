//! Exports of the staff lists and the open-data API (issue 13).

mod cases;
mod chunks;
mod handoff;
mod letters;
mod open311;
