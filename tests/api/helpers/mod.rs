//! What the test modules share: the harness that spawns the real app
//! (re-exported here, so `use crate::helpers::*` reads like before) and the
//! feature helpers several modules need.

mod harness;
pub mod mailbox;
pub mod mediation;
pub mod routes;
pub mod sinks;

pub use harness::*;
