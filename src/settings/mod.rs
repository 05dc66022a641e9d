//! The district's settings an admin edits: committees, letter categories,
//! the renovation menu, the holiday calendar. Each change is one transaction with its audit row,
//! so a setting never changes without a record of who changed it.

pub mod committees;
pub mod contacts;
pub mod dispute_types;
pub mod holidays;
pub mod letter_categories;
pub mod menu;
pub mod triage_rules;

use crate::db::DbError;

/// Why an edit of a catalogue entry (menu item, letter category, dispute
/// type) was not saved.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueEditError {
    #[error("no such entry")]
    NotFound,
    /// The entry changed since the form was built: its version moved on.
    #[error("the entry was changed meanwhile")]
    Conflict,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for CatalogueEditError {
    fn from(e: diesel::result::Error) -> Self {
        CatalogueEditError::Db(e.into())
    }
}

/// Turns a conditional write's "no row changed" into the right error: the
/// entry is gone, or someone else saved first.
fn missed(exists: bool) -> CatalogueEditError {
    if exists {
        CatalogueEditError::Conflict
    } else {
        CatalogueEditError::NotFound
    }
}
