//! 老马带小马, the mentorship programme (DESIGN.md §6), under `/mentoring`:
//! the dashboard (one page, by role), pairings with their plan and
//! graduation, a mediator's training record, and a mediator's own profile.
//! Mounted as one `"/mentoring"` scope in `web::router`.

pub mod dashboard;
mod dashboard_lists;
pub mod mediators;
pub mod pairings;
pub mod profile;
pub mod progress;

use crate::db::{DbConn, DbError, users};

/// A user's display name, or the id when the account is gone.
pub fn name_of(conn: &mut DbConn, id: &str) -> Result<String, DbError> {
    Ok(users::find(conn, id)?.map_or_else(|| id.to_owned(), |u| u.display_name))
}
