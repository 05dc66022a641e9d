//! The holiday calendar (issue 11, item 6): statutory holidays and
//! adjusted working days that the Civil Code period rules read. Each
//! change is one transaction with its audit row.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::audit::{self, AuditActor};
use crate::db::holidays::{self, Holiday};
use crate::db::{self, DbConn, DbError};

/// What became of an add or a remove.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Add: the day already has an entry. Remove: it has none.
    Unchanged,
}

enum TxError {
    Duplicate,
    Db(DieselError),
}

impl From<DieselError> for TxError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => TxError::Duplicate,
            e => TxError::Db(e),
        }
    }
}

/// Adds an entry. A day already in the calendar is left as it is: the
/// admin removes it first, so a holiday never silently changes kind.
pub fn add(conn: &mut DbConn, row: &Holiday, actor: &AuditActor) -> Result<Outcome, DbError> {
    let result = db::write_tx(conn, |conn| {
        if holidays::exists(conn, &row.day)? {
            return Err(TxError::Duplicate);
        }
        holidays::insert(conn, row)?;
        let detail = format!("{} {} {}", row.day, row.kind, row.name);
        audit::record(conn, actor, "holiday.add", Some(("holiday", &row.day)), &detail)?;
        Ok(())
    });
    match result {
        Ok(()) => Ok(Outcome::Done),
        Err(TxError::Duplicate) => Ok(Outcome::Unchanged),
        Err(TxError::Db(e)) => Err(e.into()),
    }
}

pub fn remove(conn: &mut DbConn, day: &str, actor: &AuditActor) -> Result<Outcome, DbError> {
    db::write_tx(conn, |conn| {
        if !holidays::remove(conn, day)? {
            return Ok(Outcome::Unchanged);
        }
        audit::record(conn, actor, "holiday.remove", Some(("holiday", day)), day)?;
        Ok(Outcome::Done)
    })
}
