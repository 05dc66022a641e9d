//! Pieces of pages used by several audiences (public, resident, staff,
//! admin), so that no area imports another area's handler module for them.

pub mod intake_form;
pub mod opinion_form;
pub mod places;
pub mod tally;
