//! Mailbox use cases (群众信箱, DESIGN.md §4.5): submission with photos and a
//! receipt code, and the staff actions on a letter. Each runs in one write
//! transaction.

pub mod actions;
pub mod pending;
pub mod submit;
pub mod support;
pub mod views;

use crate::db::DbError;
use crate::db::letters::Letter;
use crate::domain::role::Role;

#[derive(Debug, thiserror::Error)]
pub enum MailboxError {
    #[error("letter not found")]
    NotFound,
    #[error("not allowed on this letter")]
    Forbidden,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for MailboxError {
    fn from(e: diesel::result::Error) -> Self {
        MailboxError::Db(e.into())
    }
}

/// The staff member looking at a letter: the one viewer type mediation uses too.
pub use crate::domain::viewer::Viewer;

/// Deny by default: admins handle every letter, coordinators those of their
/// own street, nobody else any.
pub fn may_handle(viewer: &Viewer, letter: &Letter) -> bool {
    match viewer.role {
        Role::Admin => true,
        Role::Coordinator => viewer.area_id.as_deref() == Some(letter.street_id.as_str()),
        _ => false,
    }
}
