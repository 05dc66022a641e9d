//! `/centre/…`: the resolution centre's triage and referrals (issue 16).

pub mod board;
pub mod export;
pub mod refer;
pub mod referrals;
