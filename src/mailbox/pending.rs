//! Photos kept across a refused letter form (issue 14 item 4). The files
//! are written to `uploads/pending/` before their rows, like every upload
//! (see `uploads`); the rows are keyed by the form's token key, so only
//! the browser that sent the form can see, remove or send them.

use std::path::Path;
use std::time::Duration;

use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::letter_pending_photos::{self, KEEP_SECS, PendingPhoto};
use crate::db::{self, DbConn, DbError};
use crate::uploads::{self, Folder, StoredFile};

/// Records `files` in the form's free slots in one write transaction and
/// returns how many fitted (those that did not are the caller's to drop).
/// A concurrent post that took the same slot makes this one store none.
pub fn keep(conn: &mut DbConn, key: &str, files: &[StoredFile]) -> Result<usize, DbError> {
    let stored = db::write_tx(conn, |conn| letter_pending_photos::add(conn, key, files));
    match stored {
        Ok(n) => Ok(n),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(0),
        Err(e) => Err(e.into()),
    }
}

/// The form's photos still within their day.
pub fn of_form(conn: &mut DbConn, key: &str) -> Result<Vec<PendingPhoto>, DbError> {
    Ok(letter_pending_photos::for_form(conn, key)?)
}

/// Removes one photo of the form, row then file.
pub fn remove(conn: &mut DbConn, uploads: &Path, key: &str, id: &str) -> Result<(), DbError> {
    let name = db::write_tx(conn, |conn| letter_pending_photos::remove(conn, key, id))?;
    uploads::remove(uploads, Folder::Pending, &name.into_iter().collect::<Vec<_>>());
    Ok(())
}

/// Forgets photos older than a day: rows first, then their files, then any
/// file of the folder that old (one whose row was never committed). Cheap
/// when there is nothing to do; run at startup and whenever photos are kept.
pub fn purge(conn: &mut DbConn, uploads: &Path) -> Result<usize, DbError> {
    let names = db::write_tx(conn, |conn| letter_pending_photos::purge(conn, db::now_ts()))?;
    uploads::remove(uploads, Folder::Pending, &names);
    let age = Duration::from_secs(KEEP_SECS as u64);
    let swept = uploads::sweep_older_than(uploads, Folder::Pending, age).unwrap_or_else(|error| {
        tracing::warn!(%error, "pending photos folder not swept");
        0
    });
    Ok(names.len() + swept)
}
