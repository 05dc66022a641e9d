//! The multi-channel resolution centre (DESIGN.md §5.6, issue 16): the
//! kinds of organisation a dispute can go to, the triage rule table that
//! suggests them, the referral state machine and its deadlines. Pure: the
//! use cases load rules, calendars and rows and hand them in.

pub mod board;
pub mod case_state;
pub mod channel;
pub mod deadline;
pub mod referral;
pub mod triage;

pub use channel::{ChannelType, Sector};
pub use referral::{Outcome, ReferralAction, ReferralActor, ReferralError, ReferralEventKind, ReferralState};
pub use triage::PartyKind;
