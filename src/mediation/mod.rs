//! Mediation use cases: they combine the pure rules of `domain` with the
//! tables of `db`, each inside one write transaction.

pub mod access;
pub mod actions;
pub mod agreement_view;
pub mod agreements;
pub mod case_file_view;
pub mod court;
pub mod details;
pub mod extension;
pub mod guard_reads;
pub mod handoff;
pub mod intake;
pub mod mentorship;
pub mod public_status;
pub mod queue_index;
pub mod queues;
pub mod review_gaps;
pub mod transitions;

use crate::db::DbError;
use crate::db::case_events::CaseEvent;

#[derive(Debug, thiserror::Error)]
pub enum MediationError {
    #[error("case not found")]
    NotFound,
    #[error("not allowed on this case")]
    Forbidden,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for MediationError {
    fn from(e: diesel::result::Error) -> Self {
        MediationError::Db(e.into())
    }
}

/// The result of a change to a case made against a version the user saw.
#[derive(Debug)]
pub enum ChangeOutcome<T> {
    Done(T),
    /// Someone else changed the case first; these events are what changed.
    Conflict(Vec<CaseEvent>),
    /// The change breaks a rule; the catalogue key says which.
    Refused(&'static str),
    /// This user may not make the change at all (HTTP 403); the key says why.
    NotPermitted(&'static str),
}

/// Only a change that was done is committed; a conflict or a refusal rolls
/// back whatever the edit wrote before it was found out.
impl<T> crate::db::TxVerdict for ChangeOutcome<T> {
    fn commits(&self) -> bool {
        matches!(self, ChangeOutcome::Done(_))
    }
}
