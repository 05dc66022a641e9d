//! Case queues, registration, the case page and its changes (`/staff/cases`).
//!
//! Every change goes through one pipeline (`change`); the case page is one
//! view (`view`) built from the use-case layer's case file; the handler
//! files are named after what they change.

pub mod agreements;
pub mod change;
pub mod court;
pub mod draft;
pub mod export;
pub mod extension;
pub mod flags;
pub mod follow_ups;
pub mod handoff;
pub mod judicial;
pub mod list;
pub mod mentorship;
pub mod page;
pub mod parties;
pub mod party_edit;
pub mod performance;
pub mod print;
pub mod records;
pub mod register;
pub mod transition;
pub mod view;
