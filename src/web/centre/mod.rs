//! `/centre/…`: the resolution centre's triage and referrals (issue 16).

pub mod refer;
pub mod referrals;
