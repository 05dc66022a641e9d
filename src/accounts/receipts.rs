//! Attaching a letter or a mediation application sent without an account
//! to a resident's account, with its receipt code.

use crate::db::audit::{self, AuditActor};
use crate::db::{self, DbConn, DbError, cases, letters};

/// `receipt_hash` is the stored form of the code. The code is tried as a
/// letter's, then as a case's; each belongs to one account at most, so
/// attaching never moves another resident's submission. False when nothing
/// was attached.
pub fn attach(conn: &mut DbConn, receipt_hash: &str, user_id: &str, actor: &AuditActor) -> Result<bool, DbError> {
    db::write_tx(conn, |conn| {
        if let Some(letter) = letters::find_by_receipt(conn, receipt_hash)? {
            if !letters::attach_to(conn, &letter.id, user_id)? {
                return Ok(false);
            }
            audit::record(conn, actor, "letter.attach", Some(("letter", &letter.id)), "")?;
            return Ok(true);
        }
        if let Some(case) = cases::find_by_receipt(conn, receipt_hash)? {
            if !cases::attach_applicant(conn, &case.id, user_id)? {
                return Ok(false);
            }
            audit::record(conn, actor, "case.attach", Some(("case", &case.id)), "")?;
            return Ok(true);
        }
        Ok(false)
    })
}
