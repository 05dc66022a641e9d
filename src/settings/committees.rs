//! A committee's names and its head (主任), who signs off the reviews of
//! cases not led by a 小马 (DESIGN.md §5.2).

use crate::db::audit::{self, AuditActor};
use crate::db::committees::{self, CommitteeSeen};
use crate::db::{self, DbConn, DbError, users};
use crate::domain::committee::CommitteeNames;
use crate::domain::role::MediatorLevel;

/// Why an edit was not saved.
#[derive(Debug, thiserror::Error)]
pub enum CommitteeUpdateError {
    #[error("no such committee")]
    NotFound,
    /// The head must be an enabled senior mediator (老马).
    #[error("the head is not an enabled senior mediator")]
    NotASeniorHead,
    /// The committee changed since the form was built.
    #[error("the committee was changed meanwhile")]
    Conflict,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for CommitteeUpdateError {
    fn from(e: diesel::result::Error) -> Self {
        CommitteeUpdateError::Db(e.into())
    }
}

/// Saves the names and head if the row still holds `seen`, the values the
/// form was built from: two admins editing at once cannot overwrite each
/// other unawares.
pub fn update(
    conn: &mut DbConn,
    committee_id: &str,
    names: &CommitteeNames,
    head: Option<&str>,
    seen: &CommitteeSeen<'_>,
    actor: &AuditActor,
) -> Result<(), CommitteeUpdateError> {
    db::write_tx(conn, |conn| {
        if committees::find(conn, committee_id)?.is_none() {
            return Err(CommitteeUpdateError::NotFound);
        }
        if let Some(h) = head {
            let senior = users::find(conn, h)?.filter(|u| !u.disabled && u.level() == Some(MediatorLevel::Senior));
            if senior.is_none() {
                return Err(CommitteeUpdateError::NotASeniorHead);
            }
        }
        let new = CommitteeSeen {
            name: &names.name,
            short_name: &names.short_name,
            head_user_id: head,
        };
        if !committees::update_if_unchanged(conn, committee_id, seen, &new)? {
            return Err(CommitteeUpdateError::Conflict);
        }
        let detail = format!(
            "name={} short_name={} head={}",
            names.name,
            names.short_name,
            head.unwrap_or("-")
        );
        audit::record(
            conn,
            actor,
            "committee.update",
            Some(("committee", committee_id)),
            &detail,
        )?;
        Ok(())
    })
}
