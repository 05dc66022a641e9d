//! Resolution-centre use cases (issue 16): triage suggestions, sending a
//! case to an organisation, the organisation's answers and the centre's
//! supervision. Each change runs in one transaction with its timeline
//! rows and its audit row.

pub mod board;
pub mod case_move;
pub mod counts;
pub mod parties;
pub mod send;
pub mod steps;
pub mod triage;
pub mod views;

use crate::db::DbError;
use crate::db::cases::Case;
use crate::db::{DbConn, case_events};
use crate::domain::mediation::CaseEventKind;
use crate::domain::role::Role;
use crate::domain::viewer::Viewer;

#[derive(Debug, thiserror::Error)]
pub enum ResolutionError {
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for ResolutionError {
    fn from(e: diesel::result::Error) -> Self {
        ResolutionError::Db(e.into())
    }
}

/// How a change request ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Change<T> {
    Done(T),
    /// Someone changed the referral (or referred the case) first.
    Conflict,
    /// The change breaks a rule; the catalogue key says which.
    Refused(&'static str),
}

/// Only a change that was done is committed.
impl<T> crate::db::TxVerdict for Change<T> {
    fn commits(&self) -> bool {
        matches!(self, Change::Done(_))
    }
}

/// The centre acts on the disputes it may see: an admin on every one, a
/// coordinator on those of their own street (the street's governance
/// centre is its door). Mediators do not triage.
pub fn centre_may_act(viewer: &Viewer, case: &Case) -> bool {
    match viewer.role {
        Role::Admin => true,
        Role::Coordinator => viewer.area_id.as_deref() == Some(case.street_id.as_str()),
        _ => false,
    }
}

/// Puts a referral step on the case's own timeline, so the dispute's
/// history reads whole in one place.
pub(crate) fn case_timeline(
    conn: &mut DbConn,
    case_id: &str,
    viewer: &Viewer,
    label: &str,
    now: i64,
    note: &str,
) -> diesel::QueryResult<()> {
    let event = case_events::CaseEvent::new(case_id, CaseEventKind::Referral, Some(&viewer.id), label, now, note);
    case_events::append(conn, &event)
}
