//! Pure rules: no I/O, no database, no HTTP. Everything here is unit-tested.

pub mod account;
pub mod consensus;
pub mod letter_clocks;
pub mod letters;
pub mod masking;
pub mod mediation;
pub mod mediation_intake;
pub mod mediation_workflow;
pub mod role;
