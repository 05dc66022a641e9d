//! `/org/…`: a receiving organisation's own staff (issue 16). They see the
//! referrals sent to their organisation only, and answer them: accept,
//! return with the reason, report the outcome. Closing and escalating stay
//! with the centre.

pub mod contacts;
pub mod referrals;
